import { loadAuthorRecords } from "../db/authors";
import { consentStatus } from "../db/consent";
import { insertRecommendationSet, type NewRecommendation, type RecommendationRow } from "../db/recommendations";
import { isTopicEligible, renderRationale } from "../domain/catalog";
import { authorDigest, depersonalize, reusableItemViolations } from "../domain/reuse-rule";
import { DISCLOSURE, runGuardrails } from "../domain/guardrails";
import type { WindowDays } from "../domain/signals";
import { ApiError } from "../errors";
import { describeError } from "../logger";
import type { EmbedMessage } from "../queue/consumer";
import { RecommendationCache } from "./cache";
import type { GenerationResult } from "./generator/types";
import { contextFor, ensureProfile, type Profile } from "./profile-service";
import type { Services } from "./services";
import { searchNeighbours, shouldUseVectorDbResult, type Neighbour, type SimilarRecommendation } from "./vector-search";

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
  const reuse = services.trace;
  let set: { source: string; items: NewRecommendation[] } | undefined;
  if (services.config.VECTOR_DB_ENABLED && opts.useVectorDb !== false) {
    const vectorStart = performance.now();
    try {
      const tier = await runVectorTier(services, opts.userId, opts.windowDays, profile);
      similarity = tier.topScore;
      reuse.reuseDropped = tier.dropped.length;
      if (tier.items) set = { source: "vector_db", items: tier.items };
    } catch (err) {
      vectorFailed = true;
      services.logger.error("vector_tier_failed", { user_id: opts.userId, window_days: opts.windowDays, ...describeError(err) });
    }
    latency.vector_db_ms = ms(vectorStart);
  }

  if (!set) {
    const [context, authors] = await Promise.all([contextFor(db, opts.userId, profile), loadAuthorRecords(db, [opts.userId])]);
    const author = authors.get(opts.userId);
    if (!author) throw new ApiError(404, "NOT_FOUND", `No user ${opts.userId}`);
    const generated: GenerationResult = await services.generator.generate({
      userId: opts.userId,
      windowDays: opts.windowDays,
      signals: profile.signals,
      persona: profile.persona,
      context,
    });
    latency.openai_ms = Math.round(generated.ms * 10) / 10;
    const perItemTokens = (n: number | undefined) => (n === undefined ? null : Math.round(n / generated.recommendations.length));
    // Titles and contents are reused for other people later: anything of this person in them is
    // replaced by the catalog's text for the topic before the set is stored.
    const digest = authorDigest(author);
    const depersonalized = generated.recommendations.map((rec) => depersonalize(rec, digest));
    reuse.reuseReplaced = depersonalized.reduce((n, d) => n + d.replaced, 0);
    if (reuse.reuseReplaced) services.logger.warn("reuse_rule_replaced_at_generation", { user_id: opts.userId, window_days: opts.windowDays, fields: reuse.reuseReplaced, generator: generated.source });
    set = {
      // A vector-tier failure is said in the source: "openai_4o_mini_fallback", "catalog_fallback".
      source: vectorFailed && !generated.source.endsWith("_fallback") ? `${generated.source}_fallback` : generated.source,
      items: depersonalized.map(({ item: rec }) => ({
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

/** An item the vector tier would have served, dropped because the reuse rule refused it. */
export interface DroppedItem {
  id: string;
  user_id: string;
  kinds: string[];
}

export interface TierDecision {
  /** The nearest person's score (null: no one indexed for this persona and window). */
  topScore: number | null;
  /** Eligible items found among the neighbours at or above the threshold. */
  eligible: number;
  /** The set to serve; undefined is a miss. */
  items: NewRecommendation[] | undefined;
  dropped: DroppedItem[];
}

/**
 * The vector tier's decision, pure (the engine, GET /vector/search and `npm run eval` share it).
 * Only neighbours at or above the threshold count. Their items are taken best person first, one per
 * topic, only topics eligible for the requester's own signals, at most 5; fewer than 3 is a miss.
 * Every item is re-checked with the reuse rule against its author's digest (the index may hold
 * items checked under an older rule or written before the rule existed): one that fails is dropped
 * and reported. Titles and contents are reused as they are; every rationale is rebuilt from the
 * requester's own signals, because a rationale cites its person's numbers.
 */
export function selectFromNeighbours(results: SimilarRecommendation[], profile: Profile, threshold: number, autoApprove: boolean): TierDecision {
  const topScore = results[0]?.similarity_score ?? null;
  const seen = new Set<string>();
  const picked: SimilarRecommendation[] = [];
  const dropped: DroppedItem[] = [];
  for (const r of results) {
    if (picked.length >= 5 || !shouldUseVectorDbResult(r.similarity_score, threshold)) break;
    const item = r.recommendation;
    if (seen.has(item.topic) || !isTopicEligible(item.topic, profile.signals)) continue;
    const violations = r.author ? reusableItemViolations(item, r.author) : [{ kind: "no_author_digest" }];
    if (violations.length) {
      dropped.push({ id: item.id, user_id: item.userId, kinds: [...new Set(violations.map((v) => v.kind))] });
      continue;
    }
    seen.add(item.topic);
    picked.push(r);
  }
  if (picked.length < 3) return { topScore, eligible: picked.length, items: undefined, dropped };
  const items = picked.map(({ recommendation: source, similarity_score }) => {
    const text = { title: source.title, content: source.content, rationale: renderRationale(source.topic, profile.signals) };
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
  return { topScore, eligible: picked.length, items, dropped };
}

/** People whose recommendations the vector tier considers (the task list's top_k=5). */
export const NEIGHBOURS = 5;

/**
 * The vector tier alone: search the index for people near this one, then decide with
 * selectFromNeighbours. Logs the search (the task list's fields) and every dropped item.
 */
export async function runVectorTier(
  services: Services,
  userId: string,
  windowDays: WindowDays,
  profile: Profile,
  /** List this many neighbours (GET /vector/search); the decision always uses the nearest NEIGHBOURS. */
  listNeighbours = NEIGHBOURS,
): Promise<TierDecision & { neighbours: Neighbour[] }> {
  const personaType = profile.persona.persona_type;
  const { neighbours, candidates } = await searchNeighbours(
    { ...(services.vectorTier?.() ?? { embedder: services.embedder(), store: services.vectorStore() }), logger: services.logger },
    { userId, windowDays, signals: profile.signals, persona: profile.persona },
    personaType,
    Math.max(NEIGHBOURS, listNeighbours),
  );
  const nearest = new Set(neighbours.slice(0, NEIGHBOURS).map((n) => n.user_id));
  const decision = selectFromNeighbours(candidates.filter((c) => nearest.has(c.recommendation.userId)), profile, services.config.VECTOR_DB_SIMILARITY_THRESHOLD, services.config.AUTO_APPROVE_GUARDED);
  if (decision.dropped.length) services.logger.warn("reuse_refused_at_serving", { user_id: userId, window_days: windowDays, dropped: decision.dropped });
  services.logger.info("vector_search", {
    user_id: userId,
    persona_type: personaType,
    window_days: windowDays,
    top_score: decision.topScore,
    results: neighbours.length,
    eligible: decision.eligible,
    dropped: decision.dropped.length,
    decision: decision.items ? "vector_db" : "generator",
  });
  return { ...decision, neighbours };
}
