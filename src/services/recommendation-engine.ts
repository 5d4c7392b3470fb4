import { consentStatus } from "../db/consent";
import { insertRecommendationSet, type NewRecommendation, type RecommendationRow } from "../db/recommendations";
import { DISCLOSURE, runGuardrails } from "../domain/guardrails";
import type { WindowDays } from "../domain/signals";
import { ApiError } from "../errors";
import { RecommendationCache } from "./cache";
import type { GenerationResult } from "./generator/types";
import { contextFor, ensureProfile, type Profile } from "./profile-service";
import type { Services } from "./services";

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
  const items: NewRecommendation[] = generated.recommendations.map((rec) => ({
    ...rec,
    disclosure: DISCLOSURE,
    status: reviewStatus(rec, profile, services.config.AUTO_APPROVE_GUARDED).status,
    source: generated.source,
    model: generated.model,
    promptTokens: perItemTokens(generated.usage?.prompt_tokens),
    completionTokens: perItemTokens(generated.usage?.completion_tokens),
  }));
  const rows = await insertRecommendationSet(db, {
    userId: opts.userId,
    windowDays: opts.windowDays,
    personaType: profile.persona.persona_type,
    actor: "engine",
    items,
  });

  const response: CachedResponse = {
    user_id: opts.userId,
    window_days: opts.windowDays,
    persona_type: profile.persona.persona_type,
    source: generated.source,
    similarity_score: null,
    recommendations: rows.map(toServed),
    disclosure: DISCLOSURE,
  };
  await cache.put(opts.userId, opts.windowDays, response);
  latency.total_ms = ms(started);
  return { ...response, latency, latency_ms: latency.total_ms };
}
