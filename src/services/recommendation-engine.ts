import { consentStatus } from "../db/consent";
import { insertRecommendationSet, type NewRecommendation, type RecommendationRow } from "../db/recommendations";
import { getTopic, isTopicEligible, renderRationale } from "../domain/catalog";
import { DISCLOSURE, runGuardrails } from "../domain/guardrails";
import type { WindowDays } from "../domain/signals";
import { ApiError } from "../errors";
import { describeError } from "../logger";
import type { EmbedMessage } from "../queue/consumer";
import { RecommendationCache } from "./cache";
import type { GenerationResult } from "./generator/types";
import { contextFor, ensureProfile, type Profile } from "./profile-service";
import type { Services } from "./services";
import { searchSimilarRecommendations, shouldUseVectorDbResult, type SimilarRecommendation } from "./vector-search";

export interface ServedRecommendation {
  id: string;
  topic: string;
  title: string;
  content: string;
  rationale: string;
  disclosure: string;
  status: string;
}

export interface Latency {
  cache_ms: number;
  vector_db_ms: number;
  openai_ms: number;
  total_ms: number;
}

export interface GenerateResponse {
  user_id: string;
  window_days: WindowDays;
  persona_type: string;
  source: string;
  similarity_score: number | null;
  recommendations: ServedRecommendation[];
  disclosure: string;
  latency: Latency;
  latency_ms: number;
}

type CachedResponse = Omit<GenerateResponse, "latency" | "latency_ms">;

export interface GenerateOptions {
  userId: string;
  windowDays: WindowDays;
  forceRegenerate: boolean;
  /** The request's use_vector_db; the tier runs only when VECTOR_DB_ENABLED is also on. */
  useVectorDb?: boolean;
}

const ms = (since: number) => Math.round((performance.now() - since) * 10) / 10;

export function recommendationCache(services: Services): RecommendationCache<CachedResponse> {
  return new RecommendationCache<CachedResponse>(services.cache, {
    ttlSeconds: services.config.CACHE_TTL_SECONDS,
    version: services.config.CACHE_VERSION,
    logger: services.logger,
  });
}

export function toServed(row: RecommendationRow): ServedRecommendation {
  return {
    id: row.id,
    topic: row.topic,
    title: row.title,
    content: row.content,
    rationale: row.rationale,
    disclosure: row.disclosure,
    status: row.status,
  };
}

/** Refuse unknown users (404) and users without consent (403). */
export async function requireConsent(services: Services, userId: string): Promise<void> {
  const status = await consentStatus(services.db(), userId);
  if (!status) throw new ApiError(404, "NOT_FOUND", `No user ${userId}`);
  if (status !== "granted") throw new ApiError(403, "FORBIDDEN", `User ${userId} has not granted consent (status: ${status})`);
}

/**
 * Decide each generated item's status under the approval policy: an item that passes every
 * guardrail is approved when AUTO_APPROVE_GUARDED is on; shaming language flags it; anything else
 * waits for an operator.
 */
export function reviewStatus(item: { title: string; content: string; rationale: string }, profile: Profile, autoApprove: boolean) {
  const result = runGuardrails({ ...item, disclosure: DISCLOSURE }, profile.signals);
  if (result.violations.some((v) => v.kind === "tone")) return { status: "flagged" as const, result };
  return { status: result.passed && autoApprove ? ("approved" as const) : ("pending" as const), result };
}

/**
 * POST /recommendations/generate: the KV tier, then the generator; stores the set, caches it.
 * (The vector tier sits between the two; see generateRecommendationsHybrid.)
 */
export async function generateRecommendations(services: Services, opts: GenerateOptions): Promise<GenerateResponse> {
  const started = performance.now();
  const requestStartedAt = new Date();
  const cache = recommendationCache(services);
  const latency: Latency = { cache_ms: 0, vector_db_ms: 0, openai_ms: 0, total_ms: 0 };

  if (!opts.forceRegenerate) {
    const cacheStart = performance.now();
    const cached = await cache.get(opts.userId, opts.windowDays);
    latency.cache_ms = ms(cacheStart);
    if (cached) {
      latency.total_ms = ms(started);
      return { ...cached, source: "kv_cache", latency, latency_ms: latency.total_ms };
    }
  }

  const db = services.db();
  await requireConsent(services, opts.userId);
  const profile = await ensureProfile(db, opts.userId, opts.windowDays);

  let similarity: number | null = null;
  let vectorFailed = false;
  let set: { source: string; items: NewRecommendation[] } | undefined;
  if (services.config.VECTOR_DB_ENABLED && opts.useVectorDb !== false) {
    const vectorStart = performance.now();
    try {
      const tier = await generateRecommendationsHybrid(services, opts.userId, opts.windowDays, profile);
      similarity = tier.topScore;
      if (tier.items) set = { source: "vector_db", items: tier.items };
    } catch (err) {
      vectorFailed = true;
      services.logger.error("vector_tier_failed", { user_id: opts.userId, window_days: opts.windowDays, ...describeError(err) });
    }
    latency.vector_db_ms = ms(vectorStart);
  }

  if (!set) {
    const context = await contextFor(db, opts.userId, profile);
    const generated: GenerationResult = await services.generator.generate({
      userId: opts.userId,
      windowDays: opts.windowDays,
      signals: profile.signals,
      persona: profile.persona,
      context,
    });
    latency.openai_ms = Math.round(generated.ms * 10) / 10;
    const perItemTokens = (n: number | undefined) => (n === undefined ? null : Math.round(n / generated.recommendations.length));
    set = {
      // A vector-tier failure is said in the source: "openai_4o_mini_fallback", "catalog_fallback".
      source: vectorFailed && !generated.source.endsWith("_fallback") ? `${generated.source}_fallback` : generated.source,
      items: generated.recommendations.map((rec) => ({
        ...rec,
        disclosure: DISCLOSURE,
        status: reviewStatus(rec, profile, services.config.AUTO_APPROVE_GUARDED).status,
        source: generated.source,
        model: generated.model,
        promptTokens: perItemTokens(generated.usage?.prompt_tokens),
        completionTokens: perItemTokens(generated.usage?.completion_tokens),
      })),
    };
  }

  const { rows, stored } = await insertRecommendationSet(db, {
    userId: opts.userId,
    windowDays: opts.windowDays,
    personaType: profile.persona.persona_type,
    actor: "engine",
    items: set.items,
    requestStartedAt,
  });
  // A concurrent request stored its set first: serve that one, as stored.
  if (!stored) set = { source: rows[0]?.source ?? set.source, items: [] };
  if (stored && set.source !== "vector_db") {
    // Index the new set and this person's context off the request path.
    const message: EmbedMessage = {
      kind: "embed_recommendations",
      user_id: opts.userId,
      window_days: opts.windowDays,
      recommendation_ids: rows.map((r) => r.id),
    };
    services.defer(
      services.queue.send(message).catch((err: unknown) => services.logger.warn("enqueue_failed", { user_id: opts.userId, ...describeError(err) })),
    );
  }

  const response: CachedResponse = {
    user_id: opts.userId,
    window_days: opts.windowDays,
    persona_type: profile.persona.persona_type,
    source: set.source,
    similarity_score: similarity,
    recommendations: rows.map(toServed),
    disclosure: DISCLOSURE,
  };
  await cache.put(opts.userId, opts.windowDays, response);
  latency.total_ms = ms(started);
  return { ...response, latency, latency_ms: latency.total_ms };
}

const IDENTIFYING = /\$\s?\d|\b\d{4}\b/;

/**
 * The vector tier's decision, pure (the hybrid engine and `npm run eval` share it): on a hit (top
 * score ≥ threshold) keep the 3–5 best neighbours' recommendations whose topic is eligible for the
 * requester's own signals, one per topic, and rebuild each rationale from those signals (DESIGN.md
 * correction 2). Title and content are reused only when they carry no digits of the matched
 * person; otherwise the catalog's text for the topic stands in. Fewer than 3 left is a miss.
 */
export function selectFromNeighbours(
  results: SimilarRecommendation[],
  profile: Profile,
  threshold: number,
  autoApprove: boolean,
): { topScore: number | null; eligible: number; items: NewRecommendation[] | undefined } {
  const topScore = results[0]?.similarity_score ?? null;
  const seen = new Set<string>();
  const picked = topScore !== null && shouldUseVectorDbResult(topScore, threshold)
    ? results.filter((r) => {
        if (seen.has(r.recommendation.topic) || !isTopicEligible(r.recommendation.topic, profile.signals)) return false;
        seen.add(r.recommendation.topic);
        return true;
      }).slice(0, 5)
    : [];
  if (picked.length < 3) return { topScore, eligible: picked.length, items: undefined };
  const items = picked.map(({ recommendation: source, similarity_score }) => {
    const topic = getTopic(source.topic);
    const reusable = !IDENTIFYING.test(`${source.title} ${source.content}`);
    const text = {
      title: reusable || !topic ? source.title : topic.title,
      content: reusable || !topic ? source.content : topic.content,
      rationale: renderRationale(source.topic, profile.signals),
    };
    return {
      topic: source.topic,
      ...text,
      disclosure: DISCLOSURE,
      status: reviewStatus(text, profile, autoApprove).status,
      source: "vector_db",
      similarityScore: similarity_score,
      reusedFromId: source.id,
      model: null,
    } satisfies NewRecommendation;
  });
  return { topScore, eligible: picked.length, items };
}

/**
 * The vector tier (PR #37 generate_recommendations_hybrid): find approved recommendations made for
 * people near this one, then decide with selectFromNeighbours.
 */
export async function generateRecommendationsHybrid(
  services: Services,
  userId: string,
  windowDays: WindowDays,
  profile: Profile,
): Promise<{ topScore: number | null; items: NewRecommendation[] | undefined }> {
  const personaType = profile.persona.persona_type;
  const results = await searchSimilarRecommendations(
    { db: services.db(), ...(services.vectorTier?.() ?? { embedder: services.embedder(), store: services.vectorStore() }), logger: services.logger },
    { userId, windowDays, signals: profile.signals, persona: profile.persona },
    personaType,
    5,
  );
  const { topScore, eligible, items } = selectFromNeighbours(
    results,
    profile,
    services.config.VECTOR_DB_SIMILARITY_THRESHOLD,
    services.config.AUTO_APPROVE_GUARDED,
  );
  services.logger.info("vector_search", {
    user_id: userId,
    persona_type: personaType,
    window_days: windowDays,
    top_score: topScore,
    results: results.length,
    eligible,
    decision: items ? "vector_db" : "openai_fallback",
  });
  return { topScore, items };
}
