import { createExecutionContext, createMessageBatch, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { checkGrounding } from "../../src/domain/guardrails";
import type { Signals } from "../../src/domain/signals";
import { urgentTopicIds } from "../../src/domain/urgent-topics";
import { neighbourSeed } from "../setup/person";
import { makeUser, type MadeUser, type Persona } from "./factories";
import { call, callWithEnv, openAIEnv, useOpenAISimulator, withDb } from "./helpers";
import { createApp } from "../../src/app";
import { createServices } from "../../src/services/services";
import { GenerateSchema, ProfileSchema, VectorSearchSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

useOpenAISimulator({ behaviour: "obedient" });
/** OpenAI on (the simulator), with embeddings in a namespace no other test writes to. */
const BOUNDARY = openAIEnv("hybrid-boundary");

/** Generate for a person without the vector tier, then run the queue consumer on the set. */
async function indexPerson(userId: string, window: 30 | 180, overrides: Record<string, unknown> = {}) {
  const res = await callWithEnv(
    `/recommendations/generate/${userId}?window_days=${window}&use_vector_db=false&force_regenerate=true`,
    overrides,
    "operator",
    { method: "POST" },
  );
  const body = await answerOf(res, GenerateSchema);
  const batch = createMessageBatch("spendsense-embeddings", [
    {
      id: `index-${userId}`,
      timestamp: new Date(),
      attempts: 1,
      body: {
        kind: "embed_recommendations",
        user_id: userId,
        window_days: window,
        recommendation_ids: body.recommendations.map((r) => r.id),
      },
    },
  ]);
  await worker.queue(batch, { ...env, ...overrides } as never, createExecutionContext());
  return body;
}

const generate = async (userId: string, overrides: Record<string, unknown> = {}, query = "") =>
  answerOf(
    await callWithEnv(`/recommendations/generate/${userId}?force_regenerate=true${query}`, overrides, "operator", { method: "POST" }),
    GenerateSchema,
  );

/** The requester's best score against the index right now (null when nothing matches). */
async function topScore(userId: string, window: 30 | 180 = 30, overrides: Record<string, unknown> = {}): Promise<number | null> {
  await callWithEnv(`/users/${userId}/features?window_days=${window}`, overrides, "operator", { method: "POST" });
  const body = await answerOf(
    await callWithEnv(`/vector/search?user_id=${userId}&window_days=${window}&top_k=1`, overrides),
    VectorSearchSchema,
  );
  return body.matches[0]?.score ?? null;
}

/** A person of the persona with their 30-day set indexed; returns them and the set's topics. */
async function indexedNeighbour(
  persona: Persona,
  overrides: Record<string, unknown> = {},
): Promise<{ neighbour: MadeUser; topics: string[] }> {
  const neighbour = await makeUser({ persona });
  const set = await indexPerson(neighbour.userId, 30, overrides);
  return { neighbour, topics: set.recommendations.map((r) => r.topic) };
}

/** Another person of the neighbour's persona (other figures, cards and merchants) who can be served the neighbour's topics. */
const requesterFor = (neighbour: MadeUser, topics: string[]) =>
  makeUser({ persona: neighbour.persona, cardHolder: neighbour.cardHolder, seed: neighbourSeed(neighbour, topics, 30) });

/**
 * An indexed neighbour and a requester for them, whose best score is below 1: a requester with the
 * same profile as someone else indexed (bucketing gives a few different people the same one) is set
 * aside for another pair.
 */
async function requesterWithANeighbour(
  persona: Persona,
  overrides: Record<string, unknown> = {},
): Promise<{ userId: string; score: number }> {
  for (let tries = 0; tries < 3; tries++) {
    const { neighbour, topics } = await indexedNeighbour(persona, overrides);
    const { userId } = await requesterFor(neighbour, topics);
    const score = await topScore(userId, 30, overrides);
    expect(score, "an indexed neighbour").not.toBeNull();
    if (score! < 0.9999) return { userId, score: score! };
  }
  throw new Error(`every ${persona} requester made had an identical neighbour in the index`);
}

/** Whose recommendations a vector-tier answer reused, read from the set it stored. */
const reusedFrom = (ids: string[]) =>
  withDb(
    async (h) =>
      (
        await h.pool.query(
          "select r.id, r.title, src.user_id, src.title as source_title, src.status as source_status from recommendations r join recommendations src on src.id = r.reused_from_id where r.id = any($1)",
          [ids],
        )
      ).rows as { id: string; title: string; user_id: string; source_title: string; source_status: string }[],
  );

// The contract documents signals as groups; grounding reads their figures, so they are read as the domain's Signals.
const signalsOf = async (userId: string, window: "30" | "180") =>
  (await answerOf(await call(`/users/${userId}/profile`), ProfileSchema)).windows[window].signals as unknown as Signals;

describe("the hybrid engine: KV → vector index → generator", () => {
  it("serves a near neighbour's approved recommendations with rationales rebuilt from the requester's own numbers", async () => {
    const { neighbour, topics } = await indexedNeighbour("high_utilization");
    const { userId: requester } = await requesterFor(neighbour, topics);

    const body = await generate(requester, { VECTOR_DB_SIMILARITY_THRESHOLD: "0.3" });
    expect(body.source).toBe("vector_db");
    expect(body.similarity_score).toBeGreaterThanOrEqual(0.3);
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(body.latency.vector_db_ms).toBeGreaterThan(0);
    expect(body.latency.openai_ms).toBe(0);
    expect(body.latency.generator_ms).toBe(0); // no generator ran

    // The matched people are those whose items were reused, read from the stored set: the tier takes
    // items from every neighbour above the threshold, and other tests index high-utilization people too.
    const reused = await reusedFrom(body.recommendations.map((r) => r.id));
    // The rest are the requester's urgent topics the neighbours' sets lacked, from the catalog.
    const urgent = urgentTopicIds(await signalsOf(requester, "30"));
    const notReused = body.recommendations.filter((r) => !reused.some((x) => x.id === r.id));
    expect(
      notReused.every((r) => urgent.includes(r.topic)),
      JSON.stringify(notReused.map((r) => r.topic)),
    ).toBe(true);
    expect(reused.length).toBeGreaterThan(0);
    expect(reused.every((r) => r.source_status === "approved")).toBe(true);
    const matchedPeople = [...new Set(reused.map((r) => r.user_id))];
    expect(matchedPeople).not.toContain(requester);

    const mine = await signalsOf(requester, "30");
    for (const rec of body.recommendations) {
      expect(checkGrounding(rec.rationale, mine), rec.rationale).toMatchObject({ ok: true });
    }
    // Nothing that identifies a matched person reaches the response.
    const text = JSON.stringify(body);
    const myMasks = new Set(mine.credit.cards.map((c) => c.mask));
    const myMerchants = new Set(mine.subscriptions.recurring_merchants.map((m) => m.merchant));
    for (const matched of matchedPeople) {
      const theirs = await signalsOf(matched, "30");
      expect(text).not.toContain(matched);
      for (const card of theirs.credit.cards) if (!myMasks.has(card.mask)) expect(text).not.toContain(card.mask);
      for (const m of theirs.subscriptions.recurring_merchants) if (!myMerchants.has(m.merchant)) expect(text).not.toContain(m.merchant);
    }
    // Titles were reused from the matched people's approved sets.
    expect(reused.every((r) => r.title === r.source_title)).toBe(true);
  });

  it("falls through to the generator on a miss, and when use_vector_db=false skips the tier", async () => {
    const { userId: requester, score } = await requesterWithANeighbour("high_utilization");
    const miss = await generate(requester, { VECTOR_DB_SIMILARITY_THRESHOLD: String(Math.min(1, score + 1e-6)) });
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
    const { userId } = await makeUser({ persona: "high_utilization" });
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
        return {
          ...services,
          embedder: () => (used.push("embedder"), services.embedder()),
          vectorStore: () => (used.push("index"), services.vectorStore()),
          vectorTier: () => (used.push("tier"), services.vectorTier!()),
        };
      },
    });
    const res = await callWithEnv(`/recommendations/generate/${userId}`, {}, "operator", { method: "POST" }, app);
    const body = await answerOf(res, GenerateSchema);
    expect(body.source).toBe("kv_cache");
    expect(res.headers.get("server-timing")).toMatch(
      /regional;desc="0 round trips".*db;dur=[\d.]+;desc="0 round trips".*index;dur=[\d.]+;desc="0 round trips"/,
    );
    expect(used).toEqual([]);
    // The only database call was the request log, after the response (and it failed: the database is down).
    expect(databaseCalls).toHaveLength(1);
    expect(databaseCalls[0]).toContain("request_log");
  });

  it("respects the threshold at its boundary: a score equal to it hits, a hair above it misses", async () => {
    // At the boundary only the nearest person's items count, so the index must hold this test's
    // pair alone: its vectors live in an embedding namespace of its own (the OpenAI simulator's
    // embeddings), out of reach of the other files' tests, which index people at the same time.
    const { userId: requester, score } = await requesterWithANeighbour("variable_income", BOUNDARY);
    const atBoundary = await generate(requester, { ...BOUNDARY, VECTOR_DB_SIMILARITY_THRESHOLD: String(score) });
    expect(atBoundary.similarity_score).toBe(score);
    expect(atBoundary.source).toBe("vector_db");
    const above = await generate(requester, { ...BOUNDARY, VECTOR_DB_SIMILARITY_THRESHOLD: String(Math.min(1, score + 1e-6)) });
    expect(above.source).toBe("openai_4o_mini");
  });
});
