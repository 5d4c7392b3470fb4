import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { WindowDays } from "../domain/signals";
import type { Database } from "./client";
import { jobItems, jobs } from "./schema";

export type JobKind = "recommendations" | "vectors";

export interface JobFilter {
  persona?: string | undefined;
  window_days?: WindowDays | undefined;
  user_ids?: string[] | undefined;
  limit?: number | undefined;
}

/**
 * What each kind of job still has to do, as SQL over `u` (users) and `w` (windows): a person-window
 * is finished when it has a current set (recommendations), or when a vectors job indexed it after
 * its approved recommendations last changed (vectors).
 */
const UNFINISHED: Record<JobKind, ReturnType<typeof sql>> = {
  recommendations: sql`not exists (select 1 from recommendations r where r.user_id = u.user_id and r.window_days = w.window_days
    and r.status <> 'superseded' and r.withdrawn_at is null)`,
  vectors: sql`exists (select 1 from recommendations r where r.user_id = u.user_id and r.window_days = w.window_days
      and r.status = 'approved' and r.withdrawn_at is null)
    and not exists (select 1 from job_items i join jobs j on j.id = i.job_id
      where j.kind = 'vectors' and i.user_id = u.user_id and i.window_days = w.window_days and i.status = 'done'
        and i.updated_at >= (select max(r.updated_at) from recommendations r where r.user_id = u.user_id and r.window_days = w.window_days))`,
};

/**
 * Create a job and its items in one statement: one item per consenting person and window that the
 * filter selects and that is not finished yet (so a re-run asks only for what is missing).
 */
export async function createJob(db: Database, kind: JobKind, filter: JobFilter, createdBy: string): Promise<{ id: string; total: number }> {
  const id = crypto.randomUUID();
  const windows = filter.window_days ? sql`(values (${filter.window_days}::int))` : sql`(values (30), (180))`;
  const userIds = filter.user_ids?.length ? sql`and u.user_id = any(${sql.param(filter.user_ids)}::text[])` : sql``;
  const persona = filter.persona
    ? sql`and exists (select 1 from personas p where p.user_id = u.user_id and p.window_days = w.window_days and p.persona_type = ${filter.persona})`
    : sql``;
  const limit = filter.limit ? sql`limit ${filter.limit}` : sql``;
  const { rows } = await db.execute<{ total: number }>(sql`
    with wanted as (
      select u.user_id, w.window_days from users u cross join ${windows} as w(window_days)
      where u.consent_status = 'granted' ${userIds} ${persona} and ${UNFINISHED[kind]}
      order by u.user_id, w.window_days ${limit}),
    job as (
      insert into jobs (id, kind, filter, total, created_by)
      select ${id}::uuid, ${kind}, ${JSON.stringify(filter)}::jsonb, count(*), ${createdBy} from wanted returning total),
    items as (insert into job_items (job_id, user_id, window_days) select ${id}::uuid, user_id, window_days from wanted returning 1)
    select (select total from job)::int as total, (select count(*) from items)::int as items`);
  return { id, total: rows[0]?.total ?? 0 };
}

export async function getJob(db: Database, id: string) {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return job;
}

/** The next queued items after a cursor, in key order (the fan-out pages through them). */
export async function queuedItemsAfter(
  db: Database,
  jobId: string,
  after: { user_id: string; window_days: number } | undefined,
  limit: number,
) {
  const cursor = after
    ? or(gt(jobItems.userId, after.user_id), and(eq(jobItems.userId, after.user_id), gt(jobItems.windowDays, after.window_days)))
    : undefined;
  return db
    .select({ user_id: jobItems.userId, window_days: jobItems.windowDays })
    .from(jobItems)
    .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, "queued"), cursor))
    .orderBy(asc(jobItems.userId), asc(jobItems.windowDays))
    .limit(limit);
}

/** Record what happened to one item (one statement). */
export async function settleItem(
  db: Database,
  key: { job_id: string; user_id: string; window_days: number },
  outcome: { status: "done" | "skipped" | "failed" | "queued"; attempts: number; costUsd?: number; error?: string | null },
): Promise<void> {
  await db
    .update(jobItems)
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      costUsd: outcome.costUsd ?? 0,
      error: outcome.error ?? null,
      updatedAt: new Date(),
    })
    .where(and(eq(jobItems.jobId, key.job_id), eq(jobItems.userId, key.user_id), eq(jobItems.windowDays, key.window_days)));
}

export interface JobProgress {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  remaining: number;
  costUsd: number;
  /** Items settled in the last minute, per second. */
  ratePerSecond: number;
  failures: { user_id: string; window_days: number; error: string | null }[];
}

/** Where a job stands, in one round trip. */
export async function jobProgress(db: Database, jobId: string): Promise<JobProgress> {
  const [counts, failures] = await db.batch([
    db.execute<{ status: string; n: number; cost: number; recent: number }>(sql`
      select status, count(*)::int as n, coalesce(sum(cost_usd), 0)::float8 as cost,
        count(*) filter (where status <> 'queued' and updated_at > now() - interval '60 seconds')::int as recent
      from job_items where job_id = ${jobId} group by status`),
    db
      .select({ user_id: jobItems.userId, window_days: jobItems.windowDays, error: jobItems.error })
      .from(jobItems)
      .where(and(eq(jobItems.jobId, jobId), eq(jobItems.status, "failed")))
      .orderBy(asc(jobItems.userId), asc(jobItems.windowDays))
      .limit(100),
  ]);
  const by = (status: string) => counts.rows.find((r) => r.status === status)?.n ?? 0;
  const total = counts.rows.reduce((n, r) => n + r.n, 0);
  return {
    total,
    done: by("done"),
    skipped: by("skipped"),
    failed: by("failed"),
    remaining: by("queued"),
    costUsd: Math.round(counts.rows.reduce((n, r) => n + r.cost, 0) * 1e6) / 1e6,
    ratePerSecond: counts.rows.reduce((n, r) => n + r.recent, 0) / 60,
    failures,
  };
}
