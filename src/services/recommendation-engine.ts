import {
  insertRecommendationSet,
  listRecommendations,
  rowsOfSet,
  type RecommendationRow,
  type RecommendationSet,
} from "../db/recommendations";
import { toServed, type ServedRecommendation, type ServedStatus } from "../db/recommendation-fields";
import { recentlyWithdrawn } from "../db/serving-state";
import { DISCLOSURE } from "../domain/guardrails";
import { buildUserContext } from "../domain/profile";
import { isOpenAISource } from "../domain/sources";
import { shareableText } from "../domain/reuse-rule";
import { WINDOW_DAYS, type WindowDays } from "../domain/signals";
import { ConsentRequiredError, NotFoundError } from "./errors";
import { describeError } from "../logger";
import type { EmbedMessage } from "../queue/messages";
import { RecommendationCache } from "./cache";
import type { GenerationResult } from "../adapters/llm/interface";
import { reviewStatus } from "./approval";
import type { Profile } from "./profile-service";
import { answerInPriorityOrder } from "./generated-sets";
import { sampleVectorHit } from "./quality-sampling";
import { storeServedSet } from "./served-sets";
import { offerServingState, readServingState } from "./serving-state";
import { roundTripsSoFar, type RoundTripsSoFar, type Services } from "./services";
import { runVectorTier } from "./vector-tier";

/** Where a generate request's time went, in ms (rounded to 0.1). */
interface Latency {
  /** Reading the person's state (consent, data version) and the KV cache. */
  cache_ms: number;
  /** The vector tier: embedding the profile and querying the index; 0 when it did not run. */
  vector_db_ms: number;
  /** Time in whichever generator answered (the catalog, or OpenAI with its retries); 0 when none ran. */
  generator_ms: number;
  /**
   * Time in OpenAI when OpenAI answered (equal to generator_ms then); 0 when the catalog answered,
   * including after an OpenAI failure (that failed attempt's time is in generator_ms).
   */
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

/** What one generate measured beyond its answer's latency: for its log line, its metrics row, Server-Timing and a job's spend. */
export interface GenerateMeasures {
  /** Time in the person's Durable Object (ms); null when it was not read. */
  personMs: number | null;
  /** Time in the KV read (ms); null when it did not run (force_regenerate). */
  kvMs: number | null;
  /** What the answer spent on OpenAI generation (0 for the catalog, KV or a vector-tier answer). */
  llmCostUsd: number;
  /** Vector-tier items dropped because the reuse rule refused them. */
  reuseDropped: number;
  /** Generated titles and contents replaced by the catalog's text because they carried something of their person. */
  reuseReplaced: number;
  /** The regional round trips the answer waited on (work after the response is not counted). */
  roundTrips: RoundTripsSoFar;
}

export interface Generated {
  response: GenerateResponse;
  measures: GenerateMeasures;
}

export interface GenerateOptions {
  userId: string;
  windowDays: WindowDays;
  forceRegenerate: boolean;
  /** The request's use_vector_db; the tier runs only when VECTOR_DB_ENABLED is also on. */
  useVectorDb?: boolean;
}

const ms = (since: number) => Math.round((performance.now() - since) * 10) / 10;

function recommendationCache(services: Services): RecommendationCache<CachedResponse> {
  return new RecommendationCache<CachedResponse>(services.cache, {
    ttlSeconds: services.config.CACHE_TTL_SECONDS,
    version: services.config.CACHE_VERSION,
    logger: services.logger,
  });
}

/**
 * Refuse unknown users (404) and users without consent (403). Every consent check reads the
 * person's Durable Object, the one place serving decides from (src/services/person-state.ts): if
 * the second of a consent change's two writes fails, no route serves a person another refuses.
 */
export async function requireConsent(services: Services, userId: string): Promise<void> {
  const person = await services.people.read(userId);
  checkConsent(userId, person.consent === "unknown" ? undefined : person.consent);
}

function checkConsent(userId: string, status: string | undefined): void {
  if (!status) throw new NotFoundError(`No user ${userId}`);
  if (status !== "granted") throw new ConsentRequiredError(`User ${userId} has not granted consent (status: ${status})`);
}

/**
 * POST /recommendations/generate: KV, then the vector tier, then the generator.
 *
 * The serving path, in order:
 *   1. the person's Durable Object: consent and data version (and, past a KV miss, their serving
 *      state: profile, embedding, author digest, accounts summary; src/services/serving-state.ts);
 *   2. KV (unless force_regenerate): a hit answers with no regional round trip;
 *   3. the vector tier: the index query, with the recently withdrawn ids read in parallel (one
 *      regional round trip); a hit answers, and its set is stored after the response;
 *   4. the generator: its set is stored before answering (one more round trip), so racing requests
 *      answer with one set.
 */
export async function generateRecommendations(services: Services, opts: GenerateOptions): Promise<Generated> {
  const started = performance.now();
  const requestStartedAt = new Date();
  const cache = recommendationCache(services);
  const latency: Latency = { cache_ms: 0, vector_db_ms: 0, generator_ms: 0, openai_ms: 0, total_ms: 0 };
  const measured = { personMs: null as number | null, kvMs: null as number | null, llmCostUsd: 0, reuseDropped: 0, reuseReplaced: 0 };
  const answered = (response: GenerateResponse): Generated => ({
    response,
    measures: { ...measured, roundTrips: roundTripsSoFar(services.trace) },
  });

  // Consent and the data version, from the person's Durable Object: strongly consistent, so a
  // revocation or a data change anywhere is seen here at once, before any cached answer.
  const cacheStart = performance.now();
  if (!opts.forceRegenerate) {
    const person = await services.people.read(opts.userId);
    measured.personMs = ms(cacheStart);
    checkConsent(opts.userId, person.consent === "unknown" ? undefined : person.consent);
    const kvStart = performance.now();
    const cached = await cache.get(opts.userId, opts.windowDays, person.version);
    measured.kvMs = ms(kvStart);
    latency.cache_ms = ms(cacheStart);
    if (cached) {
      latency.total_ms = ms(started);
      return answered({ ...cached, source: "kv_cache", latency, latency_ms: latency.total_ms });
    }
  }

  // The person's serving state, from the same object (Postgres only when it does not hold it).
  const personStart = performance.now();
  const read = await readServingState(services, opts.userId, opts.windowDays);
  measured.personMs = (measured.personMs ?? 0) + ms(personStart);
  const person = read.person;
  checkConsent(opts.userId, person.consent === "unknown" ? undefined : person.consent);
  let servingState = read.state!;
  let offer = read.loaded;
  const { profile: stored, embedding } = read.window!;
  const profile: Profile = { ...stored, computed: false };
  const { author: digest, accounts } = servingState;
  const db = services.db();

  let similarity: number | null = null;
  let vectorFailed = false;
  let served: { source: string; rows: RecommendationRow[] } | undefined;
  if (services.config.VECTOR_DB_ENABLED && opts.useVectorDb !== false) {
    const vectorStart = performance.now();
    try {
      const embedderId = (services.vectorTier?.() ?? { embedder: services.embedder() }).embedder.id;
      const known = embedding?.embedderId === embedderId ? Array.from(embedding.vector) : undefined;
      // Read alongside the index query, never before it: the tier awaits it once the index answers.
      const withdrawn = recentlyWithdrawn(db);
      withdrawn.catch(() => {});
      const tier = await runVectorTier(services, opts.userId, opts.windowDays, profile, { withdrawn, vector: known });
      if (!known) {
        // Keep the embedding with the person: their next request skips the embedder.
        servingState = {
          ...servingState,
          windows: {
            ...servingState.windows,
            [`${opts.windowDays}`]: { profile: stored, embedding: { embedderId, vector: Float32Array.from(tier.vector) } },
          },
        };
        offer = true;
      }
      similarity = tier.topScore;
      measured.reuseDropped = tier.dropped.length;
      if (tier.items) {
        const set: RecommendationSet & { setId: string } = {
          setId: crypto.randomUUID(),
          userId: opts.userId,
          windowDays: opts.windowDays,
          personaType: profile.persona.persona_type,
          actor: "engine",
          items: tier.items.map((item) => ({ ...item, id: crypto.randomUUID() })),
          requestStartedAt,
        };
        // Answer first; store, audit and log after the response (retried through the queue if that fails).
        services.defer(storeServedSet(services, set));
        served = { source: "vector_db", rows: rowsOfSet(set) };
        sampleVectorHit(services, {
          userId: opts.userId,
          windowDays: opts.windowDays,
          personaType: set.personaType,
          similarity,
          topics: set.items.map((i) => i.topic),
        });
      }
    } catch (err) {
      vectorFailed = true;
      services.logger.error("vector_tier_failed", { user_id: opts.userId, window_days: opts.windowDays, ...describeError(err) });
    }
    latency.vector_db_ms = ms(vectorStart);
  }
  if (offer) offerServingState(services, opts.userId, servingState);

  if (!served) {
    const generated: GenerationResult = await services.generator.generate({
      userId: opts.userId,
      windowDays: opts.windowDays,
      signals: profile.signals,
      persona: profile.persona,
      context: buildUserContext(profile.signals, profile.persona, accounts, opts.userId),
    });
    // The source names the generator that answered, and for OpenAI its model (src/domain/sources.ts).
    const generatorSource = generated.source;
    latency.generator_ms = Math.round(generated.ms * 10) / 10;
    latency.openai_ms = isOpenAISource(generatorSource) ? latency.generator_ms : 0;
    measured.llmCostUsd = generated.usage?.cost_usd ?? 0;
    const perItemTokens = (n: number | undefined) => (n === undefined ? null : Math.round(n / generated.recommendations.length));
    // The author reads the model's text, in the catalog's priority order for them; others may later
    // be shown only the shareable text: the same where it passes the reuse rule, else the catalog's
    // text for the topic.
    const ordered = answerInPriorityOrder(generated.recommendations, profile);
    const shareable = ordered.map((rec) => shareableText(rec, digest));
    measured.reuseReplaced = shareable.reduce((n, d) => n + d.replaced, 0);
    if (measured.reuseReplaced) {
      services.logger.warn("reuse_rule_replaced_at_generation", {
        user_id: opts.userId,
        window_days: opts.windowDays,
        fields: measured.reuseReplaced,
        generator: generatorSource,
      });
    }
    const { rows, stored } = await insertRecommendationSet(db, {
      userId: opts.userId,
      windowDays: opts.windowDays,
      personaType: profile.persona.persona_type,
      actor: "engine",
      items: ordered.map((rec, i) => ({
        ...rec,
        shareableTitle: shareable[i]!.title === rec.title ? null : shareable[i]!.title,
        shareableContent: shareable[i]!.content === rec.content ? null : shareable[i]!.content,
        disclosure: DISCLOSURE,
        status: reviewStatus(rec, profile, services.config.AUTO_APPROVE_GUARDED).status,
        source: generatorSource,
        model: generated.model,
        promptTokens: perItemTokens(generated.usage?.prompt_tokens),
        completionTokens: perItemTokens(generated.usage?.completion_tokens),
      })),
      requestStartedAt,
    });
    // A vector-tier failure is said in the source: "openai_4o_mini_fallback", "catalog_fallback".
    const source = vectorFailed && !generatorSource.endsWith("_fallback") ? `${generatorSource}_fallback` : generatorSource;
    // A concurrent request stored its set first: serve that one, as stored.
    served = { source: stored ? source : (rows[0]?.source ?? source), rows };
    if (stored) {
      // Index the new set and this person's context off the request path.
      const message: EmbedMessage = {
        kind: "embed_recommendations",
        user_id: opts.userId,
        window_days: opts.windowDays,
        recommendation_ids: rows.map((r) => r.id),
      };
      services.defer(
        services.queue
          .send(message)
          .catch((err: unknown) => services.logger.warn("enqueue_failed", { user_id: opts.userId, ...describeError(err) })),
      );
    }
  }
  const roundTrips = roundTripsSoFar(services.trace);

  const response: CachedResponse = {
    user_id: opts.userId,
    window_days: opts.windowDays,
    persona_type: profile.persona.persona_type,
    source: served.source,
    similarity_score: similarity,
    recommendations: served.rows.map(toServed),
    disclosure: DISCLOSURE,
  };
  await cache.put(opts.userId, opts.windowDays, person.version, response);
  latency.total_ms = ms(started);
  return { response: { ...response, latency, latency_ms: latency.total_ms }, measures: { ...measured, roundTrips } };
}

/** A recommendation withdrawn because its person's data changed is listed as such, not as the status it had (issue 23). */
const listedStatus = (r: RecommendationRow): ServedStatus =>
  r.withdrawnAt !== null && r.status !== "rejected" && r.status !== "superseded" ? "withdrawn" : r.status;

/**
 * The person's stored recommendations, and any set they were just served whose store (done after
 * the response) has not landed yet: it is in their cached answer, and listed with `stored: false`.
 */
export async function listServedRecommendations(
  services: Services,
  userId: string,
  filter: { status?: RecommendationRow["status"] | undefined; windowDays?: WindowDays | undefined },
) {
  const cache = recommendationCache(services);
  const windows: readonly WindowDays[] = filter.windowDays ? [filter.windowDays] : WINDOW_DAYS;
  const { version } = await services.people.read(userId);
  const [rows, ...cached] = await Promise.all([
    listRecommendations(services.db(), userId, { status: filter.status, windowDays: filter.windowDays }),
    ...windows.map((w) => cache.get(userId, w, version)),
  ]);
  const stored = new Set(rows.map((r) => r.id));
  const pending = cached.flatMap((answer) =>
    answer && answer.recommendations.some((r) => !stored.has(r.id))
      ? answer.recommendations
          .filter((r) => !stored.has(r.id) && (!filter.status || r.status === filter.status))
          .map((r) => ({
            ...r,
            window_days: answer.window_days,
            persona_type: answer.persona_type,
            source: answer.source,
            created_at: null,
            stored: false,
          }))
      : [],
  );
  return [
    ...pending,
    ...rows.map((r) => ({
      ...toServed(r),
      status: listedStatus(r),
      window_days: r.windowDays,
      persona_type: r.personaType,
      source: r.source,
      created_at: r.createdAt,
      stored: true,
    })),
  ];
}
