import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "./client";
import {
  columnName,
  rowsOf,
  WRITTEN_FIELDS,
  writtenRecord,
  type NewRecommendation,
  type RecommendationRow,
  type SetFields,
} from "./recommendation-fields";
import { mapRow } from "./rows";
import { recommendationAudit, recommendations } from "./schema";

export type RecommendationStatus = RecommendationRow["status"];
export type { NewRecommendation, RecommendationRow };

/** A set to store: ids may be minted by the caller, so what was served can be stored later with the same ids. */
export interface RecommendationSet extends Omit<SetFields, "setId" | "requestStartedAt"> {
  setId?: string;
  actor: string;
  items: NewRecommendation[];
  /**
   * When the request began. If another request stored a set for this user and window since then,
   * that set is returned instead of storing a second one (concurrent generates).
   */
  requestStartedAt?: Date;
}

/** The title and content others may be shown: the shareable text where it differs, else the author's. */
export const shareableOf = (row: Pick<RecommendationRow, "topic" | "title" | "content" | "shareableTitle" | "shareableContent">) => ({
  topic: row.topic,
  title: row.shareableTitle ?? row.title,
  content: row.shareableContent ?? row.content,
});

/**
 * The rows a set becomes when stored, ids minted where the caller gave none: what a served set's
 * response and cache carry before its store lands, and what insertRecommendationSet writes.
 */
export function rowsOfSet(set: RecommendationSet & { setId: string }, now = new Date()): RecommendationRow[] {
  const { actor: _actor, items, ...fields } = set;
  return rowsOf({ ...fields, requestStartedAt: set.requestStartedAt ?? null }, items, now);
}

/** The columns a stored set writes (src/db/recommendation-fields.ts): all but those Postgres stamps. */
const WRITTEN_COLUMNS = sql.join(
  WRITTEN_FIELDS.map((f) => sql.identifier(columnName(f))),
  sql`, `,
);

/** A set the vector tier served (stored after its response), as opposed to a generated one. */
const isVectorTierSet = (set: RecommendationSet) => set.items.length > 0 && set.items.every((item) => item.source === "vector_db");

/**
 * Store a set for one user and window: one round trip, one transaction. Under an advisory lock
 * per user and window, a set stored since the request began may win (concurrent generates store one
 * set); otherwise older sets still awaiting review are superseded (with an audit row, naming their
 * real prior status) and the new one is inserted, with an audit row for each auto-approved item.
 * Replaying the same set (same ids) stores nothing twice.
 *
 * Which concurrent set wins does not depend on which was stored first (a vector-tier set is stored
 * after its response): a generated set never yields to a vector-tier one (use_vector_db=false is
 * never answered from the vector tier) and supersedes any stored since its request began, approved
 * or not; a vector-tier set yields to a generated one, and of two vector-tier sets the earlier
 * request's wins.
 */
export async function insertRecommendationSet(
  db: Database,
  set: RecommendationSet,
): Promise<{ rows: RecommendationRow[]; stored: boolean }> {
  const setId = set.setId ?? crypto.randomUUID();
  const since = set.requestStartedAt?.toISOString() ?? null;
  const started = since ?? new Date().toISOString();
  // Read back by json_populate_recordset below, as rows of the table.
  const records = rowsOfSet({ ...set, setId, requestStartedAt: new Date(started) }).map(writtenRecord);
  const vector = isVectorTierSet(set);
  const lockKey = `recommendations:${set.userId}:${set.windowDays}`;
  const [, result] = await db.batch([
    // One writer per user and window at a time; the lock ends with the transaction.
    db.execute(sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`),
    db.execute<{ row: Record<string, unknown>; stored: boolean }>(sql`
      with newer as (
        select set_id from recommendations
        where user_id = ${set.userId} and window_days = ${set.windowDays} and status <> 'superseded'
          and (set_id = ${setId}::uuid or (created_at >= ${since}::timestamptz
            and (source <> 'vector_db'
              or (${vector} and (coalesce(request_started_at, created_at), set_id) < (${started}::timestamptz, ${setId}::uuid)))))
        order by created_at desc limit 1),
      old as (
        select id, status from recommendations
        where user_id = ${set.userId} and window_days = ${set.windowDays} and not exists (select 1 from newer)
          and (status in ('pending', 'flagged')
            or (status <> 'superseded' and source = 'vector_db' and created_at >= ${since}::timestamptz))
        for update),
      superseded as (
        update recommendations r set status = 'superseded', updated_at = now(),
          withdrawn_at = case when old.status = 'approved' then now() else r.withdrawn_at end
        from old where r.id = old.id returning r.id, old.status as from_status),
      inserted as (
        insert into recommendations (${WRITTEN_COLUMNS})
        select ${WRITTEN_COLUMNS} from json_populate_recordset(null::recommendations, ${JSON.stringify(records)}::json)
        where not exists (select 1 from newer)
        returning *),
      audit as (
        insert into recommendation_audit (recommendation_id, action, from_status, to_status, reason, actor)
        select id, 'supersede', from_status::text, 'superseded', ${`replaced by set ${setId}`}, ${set.actor} from superseded
        union all
        select id, 'auto_approve', null, 'approved', 'passed every guardrail', 'policy' from inserted where status = 'approved')
      select row_to_json(inserted) as row, true as stored from inserted
      union all
      select row_to_json(r) as row, false as stored from recommendations r where r.set_id = (select set_id from newer)`),
  ]);
  const rows = result.rows
    .map((r) => mapRow(recommendations, r.row))
    .sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rows, stored: result.rows.some((r) => r.stored) };
}

export async function listRecommendations(
  db: Database,
  userId: string,
  filter: { status?: RecommendationStatus | undefined; windowDays?: number | undefined },
): Promise<RecommendationRow[]> {
  return db
    .select()
    .from(recommendations)
    .where(
      and(
        eq(recommendations.userId, userId),
        filter.status ? eq(recommendations.status, filter.status) : sql`${recommendations.status} <> 'superseded'`,
        // A withdrawn recommendation no longer has the status it was left with (it is listed as withdrawn).
        filter.status && filter.status !== "rejected" ? isNull(recommendations.withdrawnAt) : undefined,
        filter.windowDays ? eq(recommendations.windowDays, filter.windowDays) : undefined,
      ),
    )
    .orderBy(desc(recommendations.createdAt), asc(recommendations.setId), asc(recommendations.position), asc(recommendations.id));
}

export async function getRecommendationById(db: Database, id: string): Promise<RecommendationRow | undefined> {
  const [row] = await db.select().from(recommendations).where(eq(recommendations.id, id)).limit(1);
  return row;
}

export type ReviewAction = "approve" | "reject" | "override";

/** Which statuses each action may start from; `override` may set any reviewable status. */
export const ALLOWED_FROM: Record<ReviewAction, RecommendationStatus[]> = {
  approve: ["pending", "flagged"],
  reject: ["pending", "flagged"],
  override: ["pending", "flagged", "approved", "rejected"],
};

/** How long an operator's claim on an item holds without a decision (src/db/review-queue.ts). */
export const CLAIM_MINUTES = 15;

export type TransitionOutcome =
  | { ok: true; row: RecommendationRow; from: RecommendationStatus }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "illegal"; current: RecommendationStatus }
  | { ok: false; reason: "claimed"; heldBy: string; since: Date };

/**
 * Move a recommendation to `to` if its current status allows `action`, in one statement (one round
 * trip). The row is locked first (SELECT … FOR UPDATE), so a racing review waits for this one to
 * commit and then reads the status it left; the write is a conditional UPDATE on the status read
 * under the lock. Of two racing reviews exactly one wins, and the loser's 409 and the winner's audit
 * row name the real prior status. An approved recommendation that leaves `approved` is marked
 * withdrawn, so the vector tier stops reusing it before the index has caught up.
 *
 * Another operator's live claim on it refuses the review, whichever way it comes (the console or
 * the API); a decision lets go of the actor's own claim.
 */
export async function transitionRecommendation(
  db: Database,
  id: string,
  action: ReviewAction,
  to: "approved" | "rejected" | "flagged",
  meta: { reason: string | null; actor: string },
): Promise<TransitionOutcome> {
  const allowed = `{${ALLOWED_FROM[action].join(",")}}`;
  const { rows } = await db.execute<{
    current: RecommendationStatus | null;
    row: Record<string, unknown> | null;
    held_by: string | null;
    held_since: string | null;
  }>(sql`
    with target as (select id, status from recommendations where id = ${id} for update),
    held as (
      select operator, claimed_at from recommendation_claims
      where recommendation_id = ${id} and operator <> ${meta.actor} and claimed_at > now() - make_interval(mins => ${CLAIM_MINUTES})),
    updated as (
      update recommendations r
      set status = ${to}, reviewed_at = now(), review_note = ${meta.reason}, updated_at = now(),
          withdrawn_at = case when target.status = 'approved' and ${to} <> 'approved' then now() else r.withdrawn_at end
      from target where r.id = target.id and target.status = any(${allowed}::recommendation_status[])
        -- An override must change the status: the same status again is refused, and not audited.
        and (${action} <> 'override' or target.status::text <> ${to})
        and not exists (select 1 from held)
      returning r.*),
    audit as (
      insert into recommendation_audit (recommendation_id, action, from_status, to_status, reason, actor)
      select updated.id, ${action}, target.status::text, ${to}, ${meta.reason}, ${meta.actor} from updated, target),
    released as (
      delete from recommendation_claims
      where recommendation_id = ${id} and operator = ${meta.actor} and exists (select 1 from updated))
    select target.status as current, (select row_to_json(updated) from updated) as row,
      (select operator from held) as held_by, (select claimed_at from held) as held_since
    from target`);
  const [result] = rows;
  if (!result?.current) return { ok: false, reason: "not_found" };
  if (result.held_by) return { ok: false, reason: "claimed", heldBy: result.held_by, since: new Date(result.held_since!) };
  if (!result.row) return { ok: false, reason: "illegal", current: result.current };
  return { ok: true, row: mapRow(recommendations, result.row), from: result.current };
}

export async function auditTrail(db: Database, id: string) {
  return db.select().from(recommendationAudit).where(eq(recommendationAudit.recommendationId, id)).orderBy(asc(recommendationAudit.id));
}

/** Pending and flagged recommendations, oldest first. */
export async function reviewQueue(
  db: Database,
  page: { limit: number; offset: number },
): Promise<{ items: RecommendationRow[]; total: number }> {
  const where = inArray(recommendations.status, ["pending", "flagged"]);
  const [items, [count]] = await Promise.all([
    db
      .select()
      .from(recommendations)
      .where(where)
      .orderBy(asc(recommendations.createdAt), asc(recommendations.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(recommendations).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** Approved recommendations after `afterId`, in id order: the population job's batches. */
export async function approvedRecommendationsAfter(db: Database, afterId: string | null, limit: number): Promise<RecommendationRow[]> {
  return db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.status, "approved"), afterId ? sql`${recommendations.id} > ${afterId}` : undefined))
    .orderBy(asc(recommendations.id))
    .limit(limit);
}

/** Every (user, window) with at least one approved recommendation: the contexts to index. */
export async function approvedContexts(db: Database): Promise<{ userId: string; windowDays: number; personaType: string }[]> {
  return db
    .selectDistinct({ userId: recommendations.userId, windowDays: recommendations.windowDays, personaType: recommendations.personaType })
    .from(recommendations)
    .where(eq(recommendations.status, "approved"))
    .orderBy(asc(recommendations.userId), asc(recommendations.windowDays));
}

export async function countApproved(db: Database): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(recommendations).where(eq(recommendations.status, "approved"));
  return row?.n ?? 0;
}

/** The approved, not withdrawn recommendations of several people for one window (what their context vectors offer). */
export async function approvedRecommendationsFor(db: Database, userIds: string[], windowDays: number): Promise<RecommendationRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select()
    .from(recommendations)
    .where(
      and(
        inArray(recommendations.userId, userIds),
        eq(recommendations.windowDays, windowDays),
        eq(recommendations.status, "approved"),
        isNull(recommendations.withdrawnAt),
      ),
    )
    .orderBy(asc(recommendations.createdAt), asc(recommendations.id));
}

/** Rows by id (the queue consumer re-reads what it was told to embed). */
export async function recommendationsByIds(db: Database, ids: string[]): Promise<RecommendationRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(recommendations).where(inArray(recommendations.id, ids));
}
