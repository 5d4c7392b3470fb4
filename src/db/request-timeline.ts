import { and, gte, lt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { requestLog } from "./schema";

export interface TimelinePoint {
  /** Start of the bucket, Unix milliseconds. */
  bucketStart: number;
  source: string;
  requests: number;
}

/**
 * Generate requests per source in fixed time buckets of `bucketSeconds`, aligned to `from`
 * (the console's hit-rate-over-time chart). Same rows as requestMetrics: route 'generate', a
 * request without a source counts as 'error'.
 */
export async function requestTimeline(db: Database, range: { from: Date; to: Date }, bucketSeconds: number): Promise<TimelinePoint[]> {
  const origin = range.from.getTime() / 1000;
  const { rows } = await db.execute<{ bucket: number; source: string; requests: number }>(sql`
    select floor((extract(epoch from created_at) - ${origin}) / ${bucketSeconds})::int as bucket,
           coalesce(source, 'error') as source, count(*)::int as requests
    from ${requestLog}
    where ${and(gte(requestLog.createdAt, range.from), lt(requestLog.createdAt, range.to))} and route = 'generate'
    group by 1, 2 order by 1, 2`);
  return rows.map((r) => ({
    bucketStart: (origin + Number(r.bucket) * bucketSeconds) * 1000,
    source: r.source,
    requests: Number(r.requests),
  }));
}
