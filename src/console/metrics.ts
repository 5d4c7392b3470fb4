/**
 * What the console's metrics page shows, from the data behind GET /metrics (requestMetrics, the
 * same source classification) plus a time-bucketed count per source for the chart.
 */
import type { Database } from "../db/client";
import { requestMetrics, type SourceMetrics } from "../db/request-log";
import { requestTimeline } from "../db/request-timeline";
import { GENERATOR_SOURCES, VECTOR_TIER_SOURCES } from "../domain/sources";

export const RANGES = {
  "1h": { seconds: 3600, bucketSeconds: 300, label: "Last hour" },
  "24h": { seconds: 86_400, bucketSeconds: 3600, label: "Last 24 hours" },
  "7d": { seconds: 7 * 86_400, bucketSeconds: 6 * 3600, label: "Last 7 days" },
} as const;

export type RangeKey = keyof typeof RANGES;

export function isRangeKey(value: unknown): value is RangeKey {
  return typeof value === "string" && Object.hasOwn(RANGES, value);
}

export interface Bucket {
  start: number;
  total: number;
  bySource: Record<string, number>;
}

/**
 * The vector tier's drops (requests whose vector search failed or ran out of time and fell back
 * to the generator). GET /metrics does not report them yet; when it does, fill this slot from it.
 */
export type VectorTierDrops = { count: number; rate: number } | null;

export interface MetricsView {
  range: RangeKey;
  from: Date;
  to: Date;
  total: number;
  sources: SourceMetrics[];
  /** Every source seen in the range, busiest first: fixes each source's colour. */
  sourceOrder: string[];
  buckets: Bucket[];
  bucketSeconds: number;
  vectorHitRate: number;
  kvHitRate: number;
  generatorShare: number;
  /** Requests served by a generator because the vector tier failed (the `_fallback` sources). */
  fallbackShare: number;
  vectorTierDrops: VectorTierDrops;
}

export async function loadMetrics(db: Database, range: RangeKey, now: Date): Promise<MetricsView> {
  const spec = RANGES[range];
  // Buckets end at the next whole bucket after now, so the newest is never cut short.
  const endMs = Math.ceil(now.getTime() / (spec.bucketSeconds * 1000)) * spec.bucketSeconds * 1000;
  const to = new Date(endMs);
  const from = new Date(endMs - spec.seconds * 1000);
  const [summary, points] = [await requestMetrics(db, { from, to }), await requestTimeline(db, { from, to }, spec.bucketSeconds)];
  const count = (f: (s: string) => boolean) => summary.sources.filter((s) => f(s.source)).reduce((n, s) => n + s.requests, 0);
  const share = (n: number) => (summary.total ? n / summary.total : 0);

  const buckets: Bucket[] = [];
  for (let start = from.getTime(); start < endMs; start += spec.bucketSeconds * 1000) buckets.push({ start, total: 0, bySource: {} });
  for (const p of points) {
    const bucket = buckets[Math.round((p.bucketStart - from.getTime()) / (spec.bucketSeconds * 1000))];
    if (!bucket) continue;
    bucket.total += p.requests;
    bucket.bySource[p.source] = (bucket.bySource[p.source] ?? 0) + p.requests;
  }
  return {
    range,
    from,
    to,
    total: summary.total,
    sources: summary.sources,
    sourceOrder: summary.sources.map((s) => s.source),
    buckets,
    bucketSeconds: spec.bucketSeconds,
    vectorHitRate: share(count((s) => VECTOR_TIER_SOURCES.has(s))),
    kvHitRate: share(count((s) => s === "kv_cache")),
    generatorShare: share(count((s) => GENERATOR_SOURCES.test(s))),
    fallbackShare: share(count((s) => s.endsWith("_fallback"))),
    vectorTierDrops: null,
  };
}
