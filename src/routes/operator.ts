import { Hono } from "hono";
import { z } from "zod";
import { requestMetrics } from "../db/request-log";
import { ApiError } from "../errors";
import { requireOperator } from "../http/auth";
import { noQuery, readQuery, userIdSchema, wholeNumber, windowDaysSchema } from "../http/params";
import type { AppEnv } from "../http/types";
import { loadServingState } from "../db/serving-state";
import { canonicalProfileLines } from "../domain/profile";
import { runVectorTier } from "../services/vector-tier";

const metricsQuery = z
  .object({
    from: z.iso.datetime({ error: "must be an ISO date-time" }).optional(),
    to: z.iso.datetime({ error: "must be an ISO date-time" }).optional(),
  })
  .strict();

const searchQuery = z
  .object({
    user_id: userIdSchema,
    window_days: windowDaysSchema.default(30),
    top_k: wholeNumber(1, 20, 5),
  })
  .strict();

/** Which sources count as the vector tier and which as the generator (the console reads these too). */
export const VECTOR_TIER_SOURCES = new Set(["vector_db"]);
export const LLM_SOURCES = /^(openai|catalog)/;

export const operatorRoutes = new Hono<AppEnv>()
  .use("/metrics", requireOperator)
  .use("/vector/*", requireOperator)
  /** GET /metrics?from&to: hit rate per source, vector-vs-generator ratio, similarity, latency percentiles. */
  .get("/metrics", async (c) => {
    const q = readQuery(c, metricsQuery);
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 24 * 3600 * 1000);
    if (from > to) throw new ApiError(400, "INVALID_INPUT", "query.from must be before query.to");
    const metrics = await requestMetrics(c.get("services").db(), { from, to });
    const count = (f: (s: string) => boolean) => metrics.sources.filter((s) => f(s.source)).reduce((n, s) => n + s.requests, 0);
    const vector = count((s) => VECTOR_TIER_SOURCES.has(s));
    const generated = count((s) => LLM_SOURCES.test(s));
    return c.json({
      from: from.toISOString(),
      to: to.toISOString(),
      ...metrics,
      vector_db_hit_rate: metrics.total ? vector / metrics.total : 0,
      vector_vs_generator: generated ? vector / generated : null,
    });
  })
  /** GET /vector/stats: the index and the embedder in use. */
  .get("/vector/stats", async (c) => {
    readQuery(c, noQuery);
    const services = c.get("services");
    const store = services.vectorStore();
    return c.json({ index: store.name, embedder: services.embedder().id, dimensions: store.dimensions, stats: await store.stats() });
  })
  /** GET /vector/search?user_id&window_days&top_k: the nearest people, their scores and the engine's own decision. */
  .get("/vector/search", async (c) => {
    const q = readQuery(c, searchQuery);
    const services = c.get("services");
    // What the engine reads before its vector tier: the stored profile and the withdrawn recommendations.
    const state = await loadServingState(services.db(), q.user_id, q.window_days);
    const profile = state?.profile;
    if (!profile) throw new ApiError(404, "NOT_FOUND", `No stored profile for ${q.user_id} (${q.window_days}d): POST /users/${q.user_id}/features first`);
    const tier = await runVectorTier(services, q.user_id, q.window_days, profile, { listNeighbours: q.top_k, withdrawn: state.withdrawn });
    return c.json({
      user_id: q.user_id,
      window_days: q.window_days,
      persona_type: profile.persona.persona_type,
      canonical_profile: canonicalProfileLines(profile.signals, profile.persona),
      threshold: services.config.VECTOR_DB_SIMILARITY_THRESHOLD,
      decision: tier.items ? "vector_db" : "generator",
      eligible: tier.eligible,
      dropped: tier.dropped,
      matches: tier.neighbours.slice(0, q.top_k),
      items: (tier.items ?? []).map((i) => ({ topic: i.topic, reused_from_id: i.reusedFromId, similarity_score: i.similarityScore })),
    });
  });
