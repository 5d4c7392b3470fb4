import { createExecutionContext, createMessageBatch, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { makeUser } from "./factories";
import { call, errorOf, eventually, postJson, withDb } from "./helpers";
import { GenerateSchema, MetricsSchema, VectorSearchSchema, VectorStatsSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

describe("operator look-ups", () => {
  it("GET /metrics reports generate requests per source with latency percentiles", async () => {
    const { userId } = await makeUser({ persona: "savings_builder" });
    await call(`/recommendations/generate/${userId}?use_vector_db=false`, { method: "POST" });
    await call(`/recommendations/generate/${userId}?use_vector_db=false`, { method: "POST" }); // KV hit
    // The log rows are written after the responses.
    const sources = await eventually(async () => {
      const body = await answerOf(await call("/metrics"), MetricsSchema);
      const bySource = Object.fromEntries(body.sources.map((s) => [s.source, s]));
      expect(bySource.kv_cache?.requests).toBeGreaterThanOrEqual(1);
      expect(bySource.catalog?.requests).toBeGreaterThanOrEqual(1);
      return bySource;
    });
    expect(typeof sources.catalog?.p50_ms).toBe("number");
    expect((await call("/metrics", { as: "user" })).status).toBe(403);
    expect((await call("/metrics?from=yesterday")).status).toBe(400);
  });

  it("GET /vector/search shows the nearest contexts, scores and the threshold decision", async () => {
    // The requester is made with the indexed person's seed: the same data, so the same profile, and
    // the indexed person is the requester's nearest neighbour whatever else the index holds.
    const { userId: indexed, seed } = await makeUser({ persona: "subscription_heavy" });
    const { userId: requester } = await makeUser({ persona: "subscription_heavy", seed });
    const gen = await answerOf(await call(`/recommendations/generate/${indexed}?use_vector_db=false`, { method: "POST" }), GenerateSchema);
    const batch = createMessageBatch("spendsense-embeddings", [
      {
        id: "ops-1",
        timestamp: new Date(),
        attempts: 1,
        body: {
          kind: "embed_recommendations",
          user_id: indexed,
          window_days: 30,
          recommendation_ids: gen.recommendations.map((r) => r.id),
        },
      },
    ]);
    await worker.queue(batch, env as never, createExecutionContext());

    await call(`/users/${requester}/features?window_days=30`, { method: "POST" });
    const res = await call(`/vector/search?user_id=${requester}&window_days=30&top_k=3`);
    const body = await answerOf(res, VectorSearchSchema);
    expect(body.threshold).toBe(0.85);
    expect(body.matches.map((m) => m.user_id)).toContain(indexed);
    expect(body.matches.every((m) => m.user_id !== requester && m.score <= 1 && m.score >= -1)).toBe(true);
    expect(body.canonical_profile.join("\n")).not.toContain(requester);

    const stats = await answerOf(await call("/vector/stats"), VectorStatsSchema);
    expect(stats).toMatchObject({ index: "pgvector", embedder: "local-hash-v1-1536" });
    expect(stats.stats.namespaceVectors).toBeGreaterThan(0);
    expect((await call("/vector/search?user_id=nobody_x")).status).toBe(404);
  });

  it("rejecting a recommendation takes its vector out of the index", async () => {
    const { userId } = await makeUser({ persona: "subscription_heavy" });
    const gen = await answerOf(await call(`/recommendations/generate/${userId}?use_vector_db=false`, { method: "POST" }), GenerateSchema);
    const batch = createMessageBatch("spendsense-embeddings", [
      {
        id: "ops-2",
        timestamp: new Date(),
        attempts: 1,
        body: { kind: "embed_recommendations", user_id: userId, window_days: 30, recommendation_ids: gen.recommendations.map((r) => r.id) },
      },
    ]);
    await worker.queue(batch, env as never, createExecutionContext());
    const target = gen.recommendations[0]!.id;
    // The set's own vectors (other files index into the same namespace meanwhile: a count would race them).
    const setVectors = async () =>
      withDb(async (h) =>
        (
          await h.pool.query("select id from vectors where id = any($1) order by id", [gen.recommendations.map((r) => `rec_${r.id}`)])
        ).rows.map((r) => r.id as string),
      );
    const before = await setVectors();
    expect(before).toContain(`rec_${target}`);
    const res = await postJson(`/recommendations/${target}/override`, { status: "rejected", reason: "out of date" });
    expect(res.status).toBe(200);
    await eventually(async () => {
      expect(await setVectors()).toEqual(before.filter((id) => id !== `rec_${target}`)); // removed after the response, the rest kept
    });
    const conflict = await postJson(`/recommendations/${target}/approve`, {});
    expect((await errorOf(conflict)).code).toBe("CONFLICT");
  });
});
