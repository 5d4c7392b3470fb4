import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";

describe("queue consumer", () => {
  it("acknowledges well-formed and malformed messages without retrying them", async () => {
    const batch = createMessageBatch("spendsense-embeddings", [
      { id: "m1", timestamp: new Date(), attempts: 1, body: { kind: "embed_recommendations", user_id: "u1", window_days: 30, recommendation_ids: ["r1"] } },
      { id: "m2", timestamp: new Date(), attempts: 1, body: { nonsense: true } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env as never, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);
    expect(result.retryMessages).toEqual([]);
  });
});
