import { describe, expect, it } from "vitest";
import { makeUser } from "./factories";
import { call, errorOf, postJson } from "./helpers";
import { ConsentSchema, GenerateSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

describe("recommendations: scopes and consent", () => {
  it("never lets a user token approve, reject, override, bulk-approve or see the review queue", async () => {
    const { userId } = await makeUser({ persona: "savings_builder" });
    const gen = await call(`/recommendations/generate/${userId}`, { method: "POST", as: "user" });
    const { recommendations } = await answerOf(gen, GenerateSchema);
    const id = recommendations[0]!.id;
    for (const [path, body] of [
      [`/recommendations/${id}/approve`, {}],
      [`/recommendations/${id}/reject`, {}],
      [`/recommendations/${id}/override`, { status: "approved", reason: "because" }],
      ["/recommendations/bulk-approve", { ids: [id] }],
    ] as const) {
      const res = await postJson(path, body, "user");
      expect(res.status, path).toBe(403);
    }
    expect((await call("/operator/review-queue", { as: "user" })).status).toBe(403);
  });

  it("refuses to generate or list without consent, even when an answer is cached, and serves again after a grant", async () => {
    const { userId } = await makeUser({ persona: "high_utilization" });
    expect((await call(`/recommendations/generate/${userId}`, { method: "POST" })).status).toBe(200);

    const revoked = await postJson("/consent", { user_id: userId, action: "revoke" });
    expect(await answerOf(revoked, ConsentSchema)).toMatchObject({ consent_status: "revoked" });

    const gen = await call(`/recommendations/generate/${userId}`, { method: "POST" });
    expect(gen.status).toBe(403);
    expect((await errorOf(gen)).message).toContain("consent");
    expect((await call(`/recommendations/${userId}`)).status).toBe(403);

    expect((await postJson("/consent", { user_id: userId, action: "grant" })).status).toBe(200);
    const again = await call(`/recommendations/generate/${userId}?use_vector_db=false`, { method: "POST" });
    expect((await answerOf(again, GenerateSchema)).source).toBe("catalog");

    const history = await answerOf(await call(`/consent/${userId}`), ConsentSchema);
    expect(history.consent_status).toBe("granted");
    // The person's initial grant (recorded when they were loaded), then the two changes.
    expect(history.history.map((h) => `${h.action} by ${h.actor}`)).toEqual(["grant by import", "revoke by operator", "grant by operator"]);
  });
});

describe("recommendations: bad input", () => {
  it.each([
    ["/recommendations/generate/nobody_at_all", 404, "NOT_FOUND"],
    ["/recommendations/generate/x?window_days=90", 400, "INVALID_INPUT"],
    ["/recommendations/generate/x?force_regenerate=yes", 400, "INVALID_INPUT"],
    ["/recommendations/generate/x?unknown=1", 400, "INVALID_INPUT"],
    ["/recommendations/not-a-uuid/approve", 400, "INVALID_INPUT"],
  ])("POST %s → %i %s", async (path, status, code) => {
    const res = await call(path, { method: "POST" });
    expect(res.status).toBe(status);
    expect((await errorOf(res)).code).toBe(code);
  });

  it("refuses a body that is not JSON, broken JSON, unknown fields and an oversized body", async () => {
    const { userId } = await makeUser({ persona: "high_utilization" });
    const before = await answerOf(await call(`/consent/${userId}`), ConsentSchema);
    const form = await call("/consent", { method: "POST", headers: { "content-type": "text/plain" }, body: "user_id=x" });
    expect(form.status).toBe(415);
    const broken = await call("/consent", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    expect(broken.status).toBe(400);
    const extra = await postJson("/consent", { user_id: userId, action: "revoke", admin: true });
    expect(extra.status).toBe(400);
    expect((await errorOf(extra)).message).toContain("admin");
    const huge = await postJson("/consent", { user_id: userId, action: "revoke", pad: "x".repeat(20_000) });
    expect(huge.status).toBe(413);
    const consent = await answerOf(await call(`/consent/${userId}`), ConsentSchema);
    expect(consent).toEqual(before); // nothing changed
  });
});
