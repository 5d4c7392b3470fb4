import { describe, expect, it } from "vitest";
import { makeUser } from "./factories";
import { call, callWithEnv, errorOf, postJson } from "./helpers";
import { AuditSchema, BulkApproveSchema, GenerateSchema, RecommendationListSchema, ReviewQueueSchema, ReviewSchema } from "../../src/http/schemas";
import { answerOf, type ServedItem } from "../support/answers";

/** Generate with auto-approval off, so the set waits for an operator. */
async function pendingSet(userId: string): Promise<ServedItem[]> {
  const res = await callWithEnv(`/recommendations/generate/${userId}?force_regenerate=true`, { AUTO_APPROVE_GUARDED: "false" }, "operator", { method: "POST" });
  const body = await answerOf(res, GenerateSchema);
  expect(body.recommendations.every((r) => r.status === "pending")).toBe(true);
  return body.recommendations;
}

describe("operator review", () => {
  it("approves, then refuses an illegal transition with 409, and keeps an audit trail", async () => {
    const [rec] = await pendingSet((await makeUser({ persona: "high_utilization" })).userId);
    const approved = await postJson(`/recommendations/${rec!.id}/approve`, { reason: "looks right" });
    expect(await answerOf(approved, ReviewSchema)).toMatchObject({ recommendation: { id: rec!.id, status: "approved" }, from_status: "pending" });

    for (const action of ["approve", "reject"]) {
      const again = await postJson(`/recommendations/${rec!.id}/${action}`, {});
      expect(again.status, action).toBe(409);
      expect(await errorOf(again)).toMatchObject({ code: "CONFLICT" });
    }
    const overridden = await postJson(`/recommendations/${rec!.id}/override`, { status: "rejected", reason: "changed my mind" });
    expect(overridden.status).toBe(200);

    const audit = await answerOf(await call(`/recommendations/${rec!.id}/audit`), AuditSchema);
    expect(audit.audit.map((a) => [a.action, a.from_status, a.to_status])).toEqual([
      ["approve", "pending", "approved"],
      ["override", "approved", "rejected"],
    ]);
    expect(audit.audit[1]?.reason).toBe("changed my mind");
  });

  it("supersedes the older pending set on regeneration instead of piling up", async () => {
    const { userId } = await makeUser({ persona: "high_utilization" });
    const first = await pendingSet(userId);
    const second = await pendingSet(userId);
    const listed = await answerOf(await call(`/recommendations/${userId}?status=pending`), RecommendationListSchema);
    expect(listed.recommendations.map((r) => r.id).sort()).toEqual(second.map((r) => r.id).sort());
    const superseded = await answerOf(await call(`/recommendations/${userId}?status=superseded`), RecommendationListSchema);
    expect(superseded.recommendations.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
  });

  it("bulk-approves and reports the ids it could not approve", async () => {
    const recs = await pendingSet((await makeUser({ persona: "subscription_heavy" })).userId);
    const missing = "00000000-0000-4000-8000-000000000000";
    const res = await postJson("/recommendations/bulk-approve", { ids: [recs[0]!.id, recs[1]!.id, missing], reason: "batch ok" });
    const body = await answerOf(res, BulkApproveSchema);
    expect(body.approved).toBe(2);
    expect(body.results.find((r) => r.id === missing)).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("lists pending work in the review queue, oldest first, paginated", async () => {
    const recs = await pendingSet((await makeUser({ persona: "subscription_heavy" })).userId);
    const res = await call("/operator/review-queue?limit=100&offset=0");
    const body = await answerOf(res, ReviewQueueSchema);
    expect(body.total).toBeGreaterThanOrEqual(recs.length);
    expect(body.items.map((r) => r.id)).toEqual(expect.arrayContaining(recs.map((r) => r.id)));
    expect(body.items.every((r) => r.status === "pending" || r.status === "flagged")).toBe(true);
  });
});
