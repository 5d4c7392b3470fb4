/**
 * A vector-tier set is answered first and stored after the response: it must still be stored,
 * audited and logged, a failure to store it must go to the queue (never dropped), and a
 * recommendation an operator withdrew must never be reused while the index still offers it.
 * OpenAI is the (obedient) simulator at the HTTP boundary; the tests embed under a namespace of
 * their own, so no other file's vectors can match.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { makeUser } from "./factories";
import { callWithEnv, consume, openAIEnv, recordingQueue, TEST_TOKENS, useOpenAISimulator, withDb } from "./helpers";
import { GenerateSchema, VectorSearchSchema } from "../../src/http/schemas";
import { answerOf, type GenerateAnswer } from "../support/answers";
import { must } from "../support/must";

useOpenAISimulator({ behaviour: "obedient" });

/** Index `author`'s 30-day set under `namespace`, through the real consumer. */
async function indexAuthor(author: string, overrides: Record<string, unknown>): Promise<GenerateAnswer> {
  const { sent, queue } = recordingQueue();
  const res = await callWithEnv(
    `/recommendations/generate/${author}?window_days=30&use_vector_db=false&force_regenerate=true`,
    { ...overrides, EMBED_QUEUE: queue },
    "operator",
    { method: "POST" },
  );
  const body = await answerOf(res, GenerateSchema);
  await consume(sent, overrides);
  return body;
}

/** Generate for `userId` through the Worker's real entry point, keeping the execution context to wait on. */
async function generateKeepingContext(userId: string, overrides: Record<string, unknown>) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://spendsense.test/recommendations/generate/${userId}?window_days=30&force_regenerate=true`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_TOKENS.operator}` },
    }),
    { ...env, ...overrides } as never,
    ctx,
  );
  return { res, body: await answerOf(res, GenerateSchema), settled: () => waitOnExecutionContext(ctx) };
}

const storedRows = (ids: string[]) =>
  withDb(
    async (h) =>
      (await h.pool.query("select id, status, source, reused_from_id from recommendations where id = any($1) order by id", [ids])).rows,
  );

describe("a vector-tier set, stored after the response", () => {
  const overrides = { ...openAIEnv("served-sets"), VECTOR_DB_SIMILARITY_THRESHOLD: "0.3" };
  // An author, and a requester made with the author's seed: the same data, so the same profile,
  // and the author's set is what the vector tier serves the requester. Each test indexes a fresh
  // set of the author's first (OpenAI, the simulator, answers only inside a test).
  let author: string;
  let requester: string;
  beforeAll(async () => {
    const made = await makeUser({ persona: "high_utilization" });
    author = made.userId;
    requester = (await makeUser({ persona: "high_utilization", seed: made.seed })).userId;
  });
  beforeEach(async () => {
    await indexAuthor(author, overrides);
  });

  it("is stored with the ids it was served with, audited, and logged, once the response has gone", async () => {
    // The requester's profile is stored once, and with it their serving state; then a hit makes one regional round trip: the index query, with the withdrawn ids read alongside.
    expect((await callWithEnv(`/users/${requester}/features?window_days=30`, overrides, "operator", { method: "POST" })).status).toBe(200);
    const { res, body, settled } = await generateKeepingContext(requester, overrides);
    expect(body.source).toBe("vector_db");
    expect(res.headers.get("server-timing")).toMatch(
      /regional;desc="1 round trip".*db;dur=[\d.]+;desc="1 round trip".*index;dur=[\d.]+;desc="1 round trip"/,
    );
    await settled();
    const ids = body.recommendations.map((r) => r.id);
    const rows = await storedRows(ids);
    expect(rows.map((r) => r.id)).toEqual([...ids].sort());
    expect(rows.every((r) => r.source === "vector_db" && r.reused_from_id)).toBe(true);
    const audit = await withDb(
      async (h) =>
        (await h.pool.query("select recommendation_id, action from recommendation_audit where recommendation_id = any($1)", [ids])).rows,
    );
    const approved = body.recommendations.filter((r) => r.status === "approved").map((r) => r.id);
    expect(
      audit
        .filter((a) => a.action === "auto_approve")
        .map((a) => a.recommendation_id)
        .sort(),
    ).toEqual([...approved].sort());
    const logged = await withDb(
      async (h) =>
        (await h.pool.query("select source, db_round_trips from request_log where request_id = $1", [res.headers.get("x-request-id")]))
          .rows,
    );
    expect(logged).toEqual([{ source: "vector_db", db_round_trips: 1 }]);
  });

  it("goes to the queue when Postgres refuses it after the response, and the consumer stores it", async () => {
    const { sent, queue } = recordingQueue();
    // The store is the one batch that takes the set's advisory lock: refuse it once, at the HTTP boundary.
    const passOn = globalThis.fetch;
    let refused = 0;
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      if (url.pathname === "/sql" && refused === 0 && String(init?.body ?? "").includes("pg_advisory_xact_lock")) {
        refused += 1;
        return new Response("the database is restarting", { status: 503 });
      }
      return passOn(input, init);
    });
    const { body, settled } = await generateKeepingContext(requester, { ...overrides, EMBED_QUEUE: queue });
    await settled();
    vi.unstubAllGlobals();
    expect(body.source, JSON.stringify(body)).toBe("vector_db");
    expect(refused).toBe(1);
    const ids = body.recommendations.map((r) => r.id);
    expect(await storedRows(ids)).toEqual([]);
    expect(sent).toEqual([
      expect.objectContaining({ kind: "store_set", set: expect.objectContaining({ userId: requester, windowDays: 30 }) }),
    ]);

    await consume(sent, overrides);
    expect((await storedRows(ids)).map((r) => r.id)).toEqual([...ids].sort());
    // A replay of the same message stores nothing twice.
    await consume(sent, overrides);
    expect(await storedRows(ids)).toHaveLength(ids.length);
  });

  it("never reuses a recommendation an operator rejected, even while the index still offers it", async () => {
    const { queue } = recordingQueue(); // the consumer does not run: the index does not catch up
    // The search reads the requester's stored profile: computed here, whatever ran before.
    expect((await callWithEnv(`/users/${requester}/features?window_days=30`, overrides, "operator", { method: "POST" })).status).toBe(200);
    // Reject an item the requester would be served.
    const before = await answerOf(await callWithEnv(`/vector/search?user_id=${requester}&window_days=30`, overrides), VectorSearchSchema);
    const rejected = { id: must(before.items[0]?.reused_from_id, "an item the search would reuse") };
    const review = await callWithEnv(`/recommendations/${rejected.id}/override`, { ...overrides, EMBED_QUEUE: queue }, "operator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "rejected", reason: "not right for anyone" }),
    });
    expect(review.status).toBe(200);
    const context = await withDb(
      async (h) =>
        (
          await h.pool.query("select metadata->>'items' as items from vectors where id = $1 and embedder = $2", [
            `context_${author}_30`,
            `openai:${overrides.OPENAI_EMBEDDING_MODEL}`,
          ])
        ).rows,
    );
    expect(JSON.parse(context[0]!.items).map((i: { id: string }) => i.id)).toContain(rejected.id);

    const search = await answerOf(await callWithEnv(`/vector/search?user_id=${requester}&window_days=30`, overrides), VectorSearchSchema);
    expect(search.dropped).toContainEqual(expect.objectContaining({ id: rejected.id, kinds: ["withdrawn"] }));
    const { body, settled } = await generateKeepingContext(requester, overrides);
    await settled();
    const rows = await storedRows(body.recommendations.map((r) => r.id));
    expect(rows.map((r) => r.reused_from_id)).not.toContain(rejected.id);
  });
});
