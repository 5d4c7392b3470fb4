/**
 * What the console's metrics page shows, from the data behind GET /metrics (requestMetrics, the
 * same source classification) plus a time-bucketed count per source for the chart.
 */
import type { Database } from "../db/client";
import { requestMetrics, type SourceMetrics } from "../db/request-log";
import { queueHealth } from "../db/dead-letters";
import { requestTimeline } from "../db/request-timeline";
import { GENERATOR_SOURCES, VECTOR_TIER_SOURCES } from "../domain/sources";
import { qualityReport, type PersonaQuality } from "../services/quality-sampling";

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
 * The vector tier's drops: reused items it refused at serving time (the reuse rule found
 * something of their author, or an operator had withdrawn them), per request it answered.
 */
type VectorTierDrops = { count: number; perVectorRequest: number };

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
  /** Generated titles and contents the reuse rule replaced with the catalog's text. */
  replacedAtGeneration: number;
  /** Dead letters recorded by the consumers in the range, per queue; and job items still queued. */
  deadLetters: { queue: string; count: number }[];
  jobBacklog: number;
  /** Sampled vector-tier hits answered again by the generator, per persona (issue 24). */
  quality: PersonaQuality[];
}

export async function loadMetrics(db: Database, range: RangeKey, now: Date): Promise<MetricsView> {
  const spec = RANGES[range];
  // Buckets end at the next whole bucket after now, so the newest is never cut short.
  const endMs = Math.ceil(now.getTime() / (spec.bucketSeconds * 1000)) * spec.bucketSeconds * 1000;
  const to = new Date(endMs);
  const from = new Date(endMs - spec.seconds * 1000);
  const [summary, points, queues] = await Promise.all([
    requestMetrics(db, { from, to }),
    requestTimeline(db, { from, to }, spec.bucketSeconds),
    queueHealth(db, from),
  ]);
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
    vectorTierDrops: {
      count: summary.reuse.dropped_at_serving,
      perVectorRequest: count((s) => VECTOR_TIER_SOURCES.has(s))
        ? summary.reuse.dropped_at_serving / count((s) => VECTOR_TIER_SOURCES.has(s))
        : 0,
    },
    replacedAtGeneration: summary.reuse.replaced_at_generation,
    deadLetters: queues.deadLetters,
    jobBacklog: queues.jobBacklog,
    quality: await qualityReport({ db: () => db }, { from, to }),
  };
}
