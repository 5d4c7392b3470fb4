import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/config";
import { createDatabase } from "../../src/db/client";
import { call, seededUser } from "./helpers";

async function vectorCount(ids: string[]): Promise<number> {
  const { DATABASE_URL, DATABASE_WS_PROXY } = env as Env;
  const handle = createDatabase({ databaseUrl: DATABASE_URL, wsProxy: DATABASE_WS_PROXY });
  try {
    const { rows } = await handle.pool.query("select count(*)::int as n from vectors where id = any($1)", [ids]);
    return rows[0].n as number;
  } finally {
    await handle.close();
  }
}

async function deliver(messages: { id: string; attempts: number; body: unknown }[]) {
  const batch = createMessageBatch("spendsense-embeddings", messages.map((m) => ({ ...m, timestamp: new Date() })));
  const ctx = createExecutionContext();
  await worker.queue(batch, env as never, ctx);
  return getQueueResult(batch, ctx);
}

describe("queue consumer", () => {
  it("indexes a generated set and its context, acks, and a replay changes nothing", async () => {
    const userId = seededUser("subscription_heavy", 3);
    const gen = (await (await call(`/recommendations/generate/${userId}?window_days=180&use_vector_db=false`, { method: "POST" })).json()) as {
      recommendations: { id: string }[];
    };
    const body = { kind: "embed_recommendations", user_id: userId, window_days: 180, recommendation_ids: gen.recommendations.map((r) => r.id) };
    const ids = [...gen.recommendations.map((r) => `rec_${r.id}`), `context_${userId}_180`];

    const first = await deliver([{ id: "m1", attempts: 1, body }]);
    expect(first.explicitAcks).toEqual(["m1"]);
    expect(first.retryMessages).toEqual([]);
    expect(await vectorCount(ids)).toBe(ids.length);

    const replay = await deliver([{ id: "m1-replay", attempts: 1, body }]);
    expect(replay.explicitAcks).toEqual(["m1-replay"]);
    expect(await vectorCount(ids)).toBe(ids.length);
  });

  it("retries only the failing message with a growing delay, and dead-letters it after the last attempt", async () => {
    const good = { kind: "embed_recommendations", user_id: "nobody", window_days: 30, recommendation_ids: ["00000000-0000-4000-8000-000000000001"] };
    const failing = { kind: "embed_recommendations", user_id: "x", window_days: 30, recommendation_ids: ["not-a-uuid"] };
    const result = await deliver([
      { id: "ok", attempts: 1, body: good },
      { id: "bad", attempts: 2, body: failing },
      { id: "junk", attempts: 1, body: { nonsense: true } },
    ]);
    expect(result.explicitAcks.sort()).toEqual(["junk", "ok"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["bad"]);

    const last = await deliver([{ id: "bad", attempts: 4, body: failing }]);
    expect(last.explicitAcks).toEqual(["bad"]); // parked in the dead-letter queue, not retried forever
    expect(last.retryMessages).toEqual([]);
  });
});
