/**
 * The recommendation routes' work around the engine: the metrics row and log line of a generate
 * request, and a person's list (consent first).
 */
import type { RecommendationRow } from "../db/recommendations";
import { insertRequestLog } from "../db/request-log";
import { DISCLOSURE } from "../domain/guardrails";
import type { WindowDays } from "../domain/signals";
import { describeError } from "../logger";
import {
  generateRecommendations,
  listServedRecommendations,
  requireConsent,
  type GenerateOptions,
  type Generated,
} from "./recommendation-engine";
import type { Services } from "./services";

/**
 * Generate (KV, vector tier, generator: src/services/recommendation-engine.ts), then record the
 * request: a `request_log` row written after the response (a failure to log never fails the
 * request) and one `recommendations_served` log line.
 */
export async function generateForRequest(services: Services, requestId: string, opts: GenerateOptions): Promise<Generated> {
  const generated = await generateRecommendations(services, opts);
  const { response: result, measures } = generated;
  const roundTrips = measures.roundTrips.regional;
  services.defer(
    insertRequestLog(services.db(), {
      requestId,
      route: "generate",
      userId: opts.userId,
      windowDays: opts.windowDays,
      source: result.source,
      similarityScore: result.similarity_score,
      cacheMs: result.latency.cache_ms,
      vectorDbMs: result.latency.vector_db_ms,
      // The column holds time in OpenAI only (0 when the catalog answered), as latency.openai_ms does.
      openaiMs: result.latency.openai_ms,
      totalMs: result.latency.total_ms,
      status: 200,
      reuseDropped: measures.reuseDropped,
      dbRoundTrips: roundTrips,
      reuseReplaced: measures.reuseReplaced,
    }).catch((err: unknown) => services.logger.warn("request_log_failed", describeError(err))),
  );
  services.logger.info("recommendations_served", {
    ...result.latency,
    db_round_trips: roundTrips,
    source: result.source,
    similarity_score: result.similarity_score,
    user_id: opts.userId,
    window_days: opts.windowDays,
  });
  return generated;
}

/** A person's recommendations (404 unknown, 403 without consent), with the disclosure. */
export async function recommendationsOf(
  services: Services,
  userId: string,
  filter: { status?: RecommendationRow["status"] | undefined; windowDays?: WindowDays | undefined },
) {
  await requireConsent(services, userId);
  const recommendations = await listServedRecommendations(services, userId, filter);
  return { user_id: userId, recommendations, disclosure: DISCLOSURE };
}
