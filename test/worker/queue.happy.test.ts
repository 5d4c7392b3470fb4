import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/config";
import { createDatabase } from "../../src/db/client";
import { makeUser } from "./factories";
import { call, recordingQueue } from "./helpers";
import { GenerateSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

/** The stored vectors with these ids: what each holds, not only how many there are. */
async function vectorsOf(ids: string[]): Promise<{ id: string; embedding: string; metadata: unknown }[]> {
  const { DATABASE_URL, DATABASE_WS_PROXY } = env as Env;
  const handle = createDatabase({ databaseUrl: DATABASE_URL, wsProxy: DATABASE_WS_PROXY });
  try {
    const { rows } = await handle.pool.query(
      "select id, embedding::text as embedding, metadata from vectors where id = any($1) order by id",
      [ids],
    );
    return rows;
  } finally {
    await handle.close();
  }
}

async function deliver(messages: { id: string; attempts: number; body: unknown }[], overrides: Record<string, unknown> = {}) {
  const batch = createMessageBatch(
    "spendsense-embeddings",
    messages.map((m) => ({ ...m, timestamp: new Date() })),
  );
  // getQueueResult reports which messages were retried, not their delay: record it on the way.
  const delays: Record<string, number | undefined> = {};
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (options) => {
      delays[message.id] = options?.delaySeconds;
      retry(options);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides } as never, ctx);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

describe("queue consumer", () => {
  it("indexes a generated set and its context, acks, and a replay changes nothing", async () => {
    const { userId } = await makeUser({ persona: "subscription_heavy" });
    const gen = await answerOf(
      await call(`/recommendations/generate/${userId}?window_days=180&use_vector_db=false`, { method: "POST" }),
      GenerateSchema,
    );
    const body = {
      kind: "embed_recommendations",
      user_id: userId,
      window_days: 180,
      recommendation_ids: gen.recommendations.map((r) => r.id),
    };
    const ids = [...gen.recommendations.map((r) => `rec_${r.id}`), `context_${userId}_180`];

    const first = await deliver([{ id: "m1", attempts: 1, body }]);
    expect(first.explicitAcks).toEqual(["m1"]);
    expect(first.retryMessages).toEqual([]);
    const indexed = await vectorsOf(ids);
    expect(indexed.map((v) => v.id)).toEqual([...ids].sort());

    // Delivered again (at-least-once delivery): acked, and every vector is exactly as it was.
    const replay = await deliver([{ id: "m1-replay", attempts: 1, body }]);
    expect(replay.explicitAcks).toEqual(["m1-replay"]);
    expect(await vectorsOf(ids)).toEqual(indexed);
  });

  it("retries only the failing message with a growing delay, acks the rest, and dead-letters it after the last attempt", async () => {
    const good = {
      kind: "embed_recommendations",
      user_id: "nobody",
      window_days: 30,
      recommendation_ids: ["00000000-0000-4000-8000-000000000001"],
    };
    // Postgres refuses the id (not a uuid): embedding this message throws on every attempt.
    const failing = { kind: "embed_recommendations", user_id: "x", window_days: 30, recommendation_ids: ["not-a-uuid"] };
    const dlq = recordingQueue();
    const result = await deliver(
      [
        { id: "ok", attempts: 1, body: good },
        { id: "bad", attempts: 2, body: failing },
        { id: "junk", attempts: 1, body: { nonsense: true } },
      ],
      { EMBED_DLQ: dlq.queue },
    );
    expect(result.explicitAcks.sort()).toEqual(["junk", "ok"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["bad"]);
    expect(result.delays).toEqual({ bad: 4 }); // 2^attempts seconds
    expect(result.retryBatch.retry).toBe(false);
    // A malformed message can never succeed: parked at once, not retried.
    expect(dlq.sent).toEqual([{ reason: "malformed", message_id: "junk", attempts: 1, body: { nonsense: true } }]);

    const last = await deliver([{ id: "bad", attempts: 4, body: failing }], { EMBED_DLQ: dlq.queue });
    expect(last.explicitAcks).toEqual(["bad"]); // parked in the dead-letter queue, not retried forever
    expect(last.retryMessages).toEqual([]);
    expect(dlq.sent.at(-1)).toEqual({ reason: "max_attempts", message_id: "bad", attempts: 4, body: failing });
  });
});

describe("queue dispatch", () => {
  it("refuses a batch from a queue it has no consumer for, rather than reading it as another queue's", async () => {
    const batch = createMessageBatch("spendsense-unknown", [
      { id: "unknown-1", timestamp: new Date(), attempts: 1, body: { kind: "embed_recommendations" } },
    ]);
    await expect(worker.queue(batch, env as Env, createExecutionContext())).rejects.toThrow(/No consumer for queue "spendsense-unknown"/);
  });
});
