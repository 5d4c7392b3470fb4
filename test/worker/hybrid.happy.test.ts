import { createExecutionContext, createMessageBatch, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { checkGrounding } from "../../src/domain/guardrails";
import type { Signals } from "../../src/domain/signals";
import { call, callWithEnv, seededUser } from "./helpers";
import { createApp } from "../../src/app";
import { createServices } from "../../src/services/services";

interface Generated {
  source: string;
  similarity_score: number | null;
  persona_type: string;
  recommendations: { id: string; topic: string; title: string; content: string; rationale: string }[];
  latency: { cache_ms: number; vector_db_ms: number; generator_ms: number; openai_ms: number; total_ms: number };
}

/** Generate for a person without the vector tier, then run the queue consumer on the set. */
async function indexPerson(userId: string, window: 30 | 180) {
  const res = await call(`/recommendations/generate/${userId}?window_days=${window}&use_vector_db=false&force_regenerate=true`, { method: "POST" });
  const body = (await res.json()) as Generated;
  const batch = createMessageBatch("spendsense-embeddings", [
    { id: `index-${userId}`, timestamp: new Date(), attempts: 1, body: { kind: "embed_recommendations", user_id: userId, window_days: window, recommendation_ids: body.recommendations.map((r) => r.id) } },
  ]);
  await worker.queue(batch, env as never, createExecutionContext());
  return body;
}

const generate = async (userId: string, overrides: Record<string, unknown> = {}, query = "") =>
  (await (await callWithEnv(`/recommendations/generate/${userId}?force_regenerate=true${query}`, overrides, "operator", { method: "POST" })).json()) as Generated;

/** The requester's best score against the index right now (null when nothing matches). */
async function topScore(userId: string, window: 30 | 180 = 30): Promise<number | null> {
  await call(`/users/${userId}/features?window_days=${window}`, { method: "POST" });
  const body = (await (await call(`/vector/search?user_id=${userId}&window_days=${window}&top_k=1`)).json()) as { matches: { score: number }[] };
  return body.matches[0]?.score ?? null;
}

/** A seeded person of the persona whose nearest indexed neighbour is not identical (score < 1). */
async function notIdenticalToAnyone(persona: string, from: number): Promise<{ userId: string; score: number | null }> {
  for (let i = from; i < from + 8; i++) {
    const userId = seededUser(persona, i);
    const score = await topScore(userId);
    if (score === null || score < 0.9999) return { userId, score };
  }
  throw new Error(`every ${persona} candidate has an identical neighbour in the index`);
}

const signalsOf = async (userId: string, window: "30" | "180") =>
  ((await (await call(`/users/${userId}/profile`)).json()) as { windows: Record<string, { signals: Signals }> }).windows[window]!.signals;

describe("the hybrid engine: KV → vector index → generator", () => {
  it("serves a near neighbour's approved recommendations with rationales rebuilt from the requester's own numbers", async () => {
    const matched = seededUser("high_utilization", 5);
    const requester = seededUser("high_utilization", 6);
    const source = await indexPerson(matched, 30);

    const body = await generate(requester, { VECTOR_DB_SIMILARITY_THRESHOLD: "0.3" });
    expect(body.source).toBe("vector_db");
    expect(body.similarity_score).toBeGreaterThanOrEqual(0.3);
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(body.latency.vector_db_ms).toBeGreaterThan(0);
    expect(body.latency.openai_ms).toBe(0);
    expect(body.latency.generator_ms).toBe(0); // no generator ran

    const mine = await signalsOf(requester, "30");
    const theirs = await signalsOf(matched, "30");
    for (const rec of body.recommendations) {
      expect(checkGrounding(rec.rationale, mine), rec.rationale).toMatchObject({ ok: true });
    }
    // Nothing that identifies the matched person reaches the response.
    const text = JSON.stringify(body);
    expect(text).not.toContain(matched);
    const myMasks = new Set(mine.credit.cards.map((c) => c.mask));
    for (const card of theirs.credit.cards) if (!myMasks.has(card.mask)) expect(text).not.toContain(card.mask);
    const myMerchants = new Set(mine.subscriptions.recurring_merchants.map((m) => m.merchant));
    for (const m of theirs.subscriptions.recurring_merchants) if (!myMerchants.has(m.merchant)) expect(text).not.toContain(m.merchant);
    // Titles were reused from the matched person's approved set.
    const reusedTitles = new Set(source.recommendations.map((r) => r.title));
    expect(body.recommendations.every((r) => reusedTitles.has(r.title))).toBe(true);
  });

  it("falls through to the generator on a miss, and when use_vector_db=false skips the tier", async () => {
    const { userId: requester, score } = await notIdenticalToAnyone("high_utilization", 7);
    const miss = await generate(requester, { VECTOR_DB_SIMILARITY_THRESHOLD: String(Math.min(1, (score ?? 0) + 1e-6)) });
    expect(miss.source).toBe("catalog");
    expect(miss.similarity_score).not.toBeNull();
    const skipped = await generate(requester, { VECTOR_DB_SIMILARITY_THRESHOLD: "0" }, "&use_vector_db=false");
    expect(skipped.source).toBe("catalog");
    expect(skipped.similarity_score).toBeNull();
    expect(skipped.latency.vector_db_ms).toBe(0);
    const disabled = await generate(requester, { VECTOR_DB_ENABLED: "false", VECTOR_DB_SIMILARITY_THRESHOLD: "0" });
    expect(disabled.source).toBe("catalog");
    expect(disabled.similarity_score).toBeNull();
  });
});

describe("the hybrid engine: edges", () => {
  it("answers a KV hit without touching the index or the database before it answers", async () => {
    const userId = seededUser("high_utilization", 9);
    await call(`/recommendations/generate/${userId}`, { method: "POST" });
    // The Worker with a database that is down and an index and embedder that count their use.
    const databaseCalls: string[] = [];
    const used: string[] = [];
    const app = createApp({
      services: (env, config, id, ctx) => {
        const services = createServices(env, config, id, ctx, {
          databaseFetch: async (_url, init) => {
            databaseCalls.push(String(init?.body ?? ""));
            throw new TypeError("Network connection lost.");
          },
        });
        return { ...services, embedder: () => (used.push("embedder"), services.embedder()), vectorStore: () => (used.push("index"), services.vectorStore()), vectorTier: () => (used.push("tier"), services.vectorTier!()) };
      },
    });
    const res = await callWithEnv(`/recommendations/generate/${userId}`, {}, "operator", { method: "POST" }, app);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Generated;
    expect(body.source).toBe("kv_cache");
    expect(res.headers.get("server-timing")).toMatch(/db;desc="0 round trips"/);
    expect(used).toEqual([]);
    // The only database call was the request log, after the response (and it failed: the database is down).
    expect(databaseCalls).toHaveLength(1);
    expect(databaseCalls[0]).toContain("request_log");
  });

  it("respects the threshold at its boundary: a score equal to it hits, a hair above it misses", async () => {
    await indexPerson(seededUser("subscription_heavy", 7), 30);
    const { userId: requester, score: best } = await notIdenticalToAnyone("subscription_heavy", 8);
    const score = best!;
    const atBoundary = await generate(requester, { VECTOR_DB_SIMILARITY_THRESHOLD: String(score) });
    expect(atBoundary.similarity_score).toBe(score);
    expect(atBoundary.source).toBe("vector_db");
    const above = await generate(requester, { VECTOR_DB_SIMILARITY_THRESHOLD: String(Math.min(1, score + 1e-6)) });
    expect(above.source).toBe("catalog");
  });
});
