import { describe, expect, it } from "vitest";
import { makeUser } from "./factories";
import { api } from "./helpers";

/** Generate with auto-approval off, so the set waits for an operator. */
async function pendingSet(userId: string) {
  const { data, response } = await api("operator", { AUTO_APPROVE_GUARDED: "false" }).POST("/recommendations/generate/{user_id}", {
    params: { path: { user_id: userId }, query: { force_regenerate: true } },
  });
  expect(response.status).toBe(200);
  expect(data!.recommendations.every((r) => r.status === "pending")).toBe(true);
  return data!.recommendations;
}

const byId = (id: string) => ({ params: { path: { id } } });

describe("operator review", () => {
  it("approves, then refuses an illegal transition with 409, and keeps an audit trail", async () => {
    const [rec] = await pendingSet((await makeUser({ persona: "high_utilization" })).userId);
    const approved = await api().POST("/recommendations/{id}/approve", { ...byId(rec!.id), body: { reason: "looks right" } });
    expect(approved.response.status).toBe(200);
    expect(approved.data).toMatchObject({ recommendation: { id: rec!.id, status: "approved" }, from_status: "pending" });

    for (const action of ["/recommendations/{id}/approve", "/recommendations/{id}/reject"] as const) {
      const again = await api().POST(action, { ...byId(rec!.id), body: {} });
      expect(again.response.status, action).toBe(409);
      expect(again.error?.error).toMatchObject({ code: "CONFLICT" });
    }
    const overridden = await api().POST("/recommendations/{id}/override", {
      ...byId(rec!.id),
      body: { status: "rejected", reason: "changed my mind" },
    });
    expect(overridden.response.status).toBe(200);

    const { data: audit } = await api().GET("/recommendations/{id}/audit", byId(rec!.id));
    expect(audit!.audit.map((a) => [a.action, a.from_status, a.to_status])).toEqual([
      ["approve", "pending", "approved"],
      ["override", "approved", "rejected"],
    ]);
    expect(audit!.audit[1]?.reason).toBe("changed my mind");
  });

  it("supersedes the older pending set on regeneration instead of piling up", async () => {
    const { userId } = await makeUser({ persona: "high_utilization" });
    const first = await pendingSet(userId);
    const second = await pendingSet(userId);
    const list = (status: "pending" | "superseded") =>
      api().GET("/recommendations/{user_id}", { params: { path: { user_id: userId }, query: { status } } });
    const listed = (await list("pending")).data!;
    expect(listed.recommendations.map((r) => r.id).sort()).toEqual(second.map((r) => r.id).sort());
    const superseded = (await list("superseded")).data!;
    expect(superseded.recommendations.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
  });

  it("bulk-approves and reports the ids it could not approve", async () => {
    const recs = await pendingSet((await makeUser({ persona: "subscription_heavy" })).userId);
    const missing = "00000000-0000-4000-8000-000000000000";
    const { data, response } = await api().POST("/recommendations/bulk-approve", {
      body: { ids: [recs[0]!.id, recs[1]!.id, missing], reason: "batch ok" },
    });
    expect(response.status).toBe(200);
    expect(data!.approved).toBe(2);
    const result = data!.results.find((r) => r.id === missing);
    expect(result && "error" in result ? result.error.code : undefined).toBe("NOT_FOUND");
  });

  it("lists pending work in the review queue, oldest first, paginated", async () => {
    const recs = await pendingSet((await makeUser({ persona: "subscription_heavy" })).userId);
    const { data: body } = await api().GET("/operator/review-queue", { params: { query: { limit: 100, offset: 0 } } });
    expect(body!.total).toBeGreaterThanOrEqual(recs.length);
    expect(body!.items.map((r) => r.id)).toEqual(expect.arrayContaining(recs.map((r) => r.id)));
    expect(body!.items.every((r) => r.status === "pending" || r.status === "flagged")).toBe(true);
  });
});
