/** GET /metrics: hit rate per source, vector tier against generator, similarity and latency percentiles. */
import { requestMetrics } from "../db/request-log";
import { GENERATOR_SOURCES, VECTOR_TIER_SOURCES } from "../domain/sources";
import { qualityReport } from "./quality-sampling";
import type { Services } from "./services";

const DAY_MS = 24 * 3600 * 1000;

/** Over [from, to]; `to` defaults to now and `from` to a day before `to`. */
export async function metricsReport(services: Services, range: { from?: string | undefined; to?: string | undefined }) {
  const to = range.to ? new Date(range.to) : new Date();
  const from = range.from ? new Date(range.from) : new Date(to.getTime() - DAY_MS);
  const metrics = await requestMetrics(services.db(), { from, to });
  const count = (f: (s: string) => boolean) => metrics.sources.filter((s) => f(s.source)).reduce((n, s) => n + s.requests, 0);
  const vector = count((s) => VECTOR_TIER_SOURCES.has(s));
  const generated = count((s) => GENERATOR_SOURCES.test(s));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    ...metrics,
    vector_db_hit_rate: metrics.total ? vector / metrics.total : 0,
    vector_vs_generator: generated ? vector / generated : null,
    // Sampled vector-tier hits answered again by the generator (src/services/quality-sampling.ts).
    quality: await qualityReport(services, { from, to }),
  };
}
