import { and, gte, lte, sql } from "drizzle-orm";
import type { Database } from "./client";
import { recommendations, requestLog } from "./schema";

export type RequestLogRow = typeof requestLog.$inferInsert;

export async function insertRequestLog(db: Database, row: RequestLogRow): Promise<void> {
  await db.insert(requestLog).values(row);
}

export interface SourceMetrics {
  source: string;
  requests: number;
  share: number;
  avg_similarity: number | null;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}

export interface ReuseMetrics {
  /** Vector-tier items refused by the reuse rule at serving time (they carried something of their author). */
  dropped_at_serving: number;
  /** Generated titles and contents replaced by the catalog's text before storing. */
  replaced_at_generation: number;
  /** Generated recommendations stored in the range (the vector tier's copies are not counted). */
  generated_items: number;
  /** Of those, the ones whose shareable text differs from what their author reads. */
  shareable_differs: number;
  /** shareable_differs / generated_items (0 when none). */
  shareable_differs_share: number;
}

/** Hit rate per source, average similarity and latency percentiles over a time range. */
export async function requestMetrics(
  db: Database,
  range: { from: Date; to: Date },
): Promise<{ total: number; sources: SourceMetrics[]; reuse: ReuseMetrics }> {
  const { rows } = await db.execute<{
    source: string;
    requests: number;
    avg_similarity: number | null;
    p50: number;
    p95: number;
    p99: number;
  }>(sql`
    select coalesce(source, 'error') as source, count(*)::int as requests, avg(similarity_score)::float8 as avg_similarity,
           percentile_cont(0.5) within group (order by total_ms)::float8 as p50,
           percentile_cont(0.95) within group (order by total_ms)::float8 as p95,
           percentile_cont(0.99) within group (order by total_ms)::float8 as p99
    from ${requestLog}
    where ${and(gte(requestLog.createdAt, range.from), lte(requestLog.createdAt, range.to))} and route = 'generate'
    group by 1 order by 2 desc`);
  const total = rows.reduce((n, r) => n + r.requests, 0);
  const [reuse] = (
    await db.execute<{ dropped: number; replaced: number }>(sql`
      select coalesce(sum(reuse_dropped), 0)::int as dropped, coalesce(sum(reuse_replaced), 0)::int as replaced
      from ${requestLog}
      where ${and(gte(requestLog.createdAt, range.from), lte(requestLog.createdAt, range.to))} and route = 'generate'`)
  ).rows;
  const [texts] = (
    await db.execute<{ generated: number; differs: number }>(sql`
      select count(*)::int as generated,
             count(*) filter (where shareable_title is not null or shareable_content is not null)::int as differs
      from ${recommendations}
      where ${and(gte(recommendations.createdAt, range.from), lte(recommendations.createdAt, range.to))} and reused_from_id is null`)
  ).rows;
  const generated = texts?.generated ?? 0;
  const differs = texts?.differs ?? 0;
  return {
    total,
    reuse: {
      dropped_at_serving: reuse?.dropped ?? 0,
      replaced_at_generation: reuse?.replaced ?? 0,
      generated_items: generated,
      shareable_differs: differs,
      shareable_differs_share: generated ? differs / generated : 0,
    },
    sources: rows.map((r) => ({
      source: r.source,
      requests: r.requests,
      share: total ? r.requests / total : 0,
      avg_similarity: r.avg_similarity === null ? null : Math.round(r.avg_similarity * 10_000) / 10_000,
      p50_ms: r.p50,
      p95_ms: r.p95,
      p99_ms: r.p99,
    })),
  };
}
