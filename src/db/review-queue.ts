/**
 * The console's review queue with filters, sorting, why each item waits, and claims; and the
 * site-wide audit log. (src/db/recommendations.ts keeps the queue the JSON API pages through.)
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Database } from "./client";
import { recommendationAudit, recommendationClaims, recommendations } from "./schema";
import { CLAIM_MINUTES, type RecommendationRow } from "./recommendations";

/** Why an item waits: flagged by the guardrails when made, put back by an operator, or new. */
export type WaitReason = "guardrail" | "operator" | "new";

export const QUEUE_SORTS = ["oldest", "newest", "person"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueFilter {
  status?: "pending" | "flagged" | undefined;
  persona?: string | undefined;
  source?: string | undefined;
  why?: WaitReason | undefined;
  /** A user id, or the start of one. */
  person?: string | undefined;
  sort?: QueueSort | undefined;
}

export interface QueueItem extends RecommendationRow {
  why: WaitReason;
  /** The last review's reason and who gave it, for items an operator put back. */
  lastReason: string | null;
  lastActor: string | null;
  claimedBy: string | null;
}

const likePrefix = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const likeAnywhere = (value: string) => `%${likePrefix(value)}`;

// Qualified by hand: in a select list drizzle writes a column unqualified, and "id" would mean the audit row's own.
const REC_ID = sql.raw(`"recommendations"."id"`);
const whyExpr = sql<WaitReason>`case when exists (select 1 from recommendation_audit a where a.recommendation_id = ${REC_ID}) then 'operator'
  when "recommendations"."status" = 'flagged' then 'guardrail' else 'new' end`;
const liveClaim = sql`c.claimed_at > now() - make_interval(mins => ${CLAIM_MINUTES})`;

function whereOf(f: QueueFilter): SQL | undefined {
  return and(
    f.status ? eq(recommendations.status, f.status) : inArray(recommendations.status, ["pending", "flagged"]),
    f.persona ? eq(recommendations.personaType, f.persona) : undefined,
    f.source ? eq(recommendations.source, f.source) : undefined,
    f.person ? sql`${recommendations.userId} like ${likePrefix(f.person)}` : undefined,
    f.why ? sql`${whyExpr} = ${f.why}` : undefined,
  );
}

function orderOf(sort: QueueSort | undefined): SQL[] {
  if (sort === "newest") return [desc(recommendations.createdAt), desc(recommendations.id)];
  if (sort === "person")
    return [asc(recommendations.userId), asc(recommendations.windowDays), asc(recommendations.createdAt), asc(recommendations.id)];
  return [asc(recommendations.createdAt), asc(recommendations.id)];
}

/** A page of the filtered queue, with why each item waits and who has claimed it. */
export async function filteredQueue(
  db: Database,
  f: QueueFilter,
  page: { limit: number; offset: number },
): Promise<{ items: QueueItem[]; total: number }> {
  const where = whereOf(f);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        rec: recommendations,
        why: whyExpr,
        lastReason: sql<
          string | null
        >`(select a.reason from recommendation_audit a where a.recommendation_id = ${REC_ID} order by a.id desc limit 1)`,
        lastActor: sql<
          string | null
        >`(select a.actor from recommendation_audit a where a.recommendation_id = ${REC_ID} order by a.id desc limit 1)`,
        claimedBy: sql<
          string | null
        >`(select c.operator from recommendation_claims c where c.recommendation_id = ${REC_ID} and ${liveClaim})`,
      })
      .from(recommendations)
      .where(where)
      .orderBy(...orderOf(f.sort))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(recommendations).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r.rec, why: r.why, lastReason: r.lastReason, lastActor: r.lastActor, claimedBy: r.claimedBy })),
    total: count?.n ?? 0,
  };
}

/** The distinct sources of waiting items, for the filter's choices. */
export async function queueSources(db: Database): Promise<string[]> {
  const rows = await db
    .selectDistinct({ source: recommendations.source })
    .from(recommendations)
    .where(inArray(recommendations.status, ["pending", "flagged"]))
    .orderBy(asc(recommendations.source));
  return rows.map((r) => r.source);
}

/** The oldest waiting item other than `exceptId` that no other operator has claimed: where "next" leads. */
export async function nextInQueue(db: Database, exceptId: string, operator: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: recommendations.id })
    .from(recommendations)
    .where(
      and(
        inArray(recommendations.status, ["pending", "flagged"]),
        sql`${recommendations.id} <> ${exceptId}`,
        sql`not exists (select 1 from recommendation_claims c where c.recommendation_id = ${REC_ID} and c.operator <> ${operator} and ${liveClaim})`,
      ),
    )
    .orderBy(asc(recommendations.createdAt), asc(recommendations.id))
    .limit(1);
  return row?.id;
}

export type ClaimOutcome = { ok: true } | { ok: false; heldBy: string; since: Date };

/** Claim an item for `operator` (renewing their own claim); refused while another operator's claim holds. */
export async function claim(db: Database, id: string, operator: string): Promise<ClaimOutcome> {
  const { rows } = await db.execute<{ operator: string; claimed_at: string }>(sql`
    insert into recommendation_claims (recommendation_id, operator, claimed_at) values (${id}, ${operator}, now())
    on conflict (recommendation_id) do update set operator = excluded.operator, claimed_at = excluded.claimed_at
      where recommendation_claims.operator = excluded.operator
         or recommendation_claims.claimed_at <= now() - make_interval(mins => ${CLAIM_MINUTES})
    returning operator, claimed_at`);
  if (rows.length) return { ok: true };
  const holder = await claimOf(db, id);
  return holder ? { ok: false, heldBy: holder.operator, since: holder.claimedAt } : claim(db, id, operator);
}

/** The live claim on an item, if any. */
export async function claimOf(db: Database, id: string): Promise<{ operator: string; claimedAt: Date } | undefined> {
  const [row] = await db
    .select({ operator: recommendationClaims.operator, claimedAt: recommendationClaims.claimedAt })
    .from(recommendationClaims)
    .where(
      and(
        eq(recommendationClaims.recommendationId, id),
        sql`${recommendationClaims.claimedAt} > now() - make_interval(mins => ${CLAIM_MINUTES})`,
      ),
    );
  return row;
}

/** Let go of `operator`'s claim (after a decision, or by choice). */
export async function release(db: Database, id: string, operator: string): Promise<void> {
  await db
    .delete(recommendationClaims)
    .where(and(eq(recommendationClaims.recommendationId, id), eq(recommendationClaims.operator, operator)));
}

export interface AuditFilter {
  operator?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface AuditLogRow {
  id: number;
  recommendationId: string;
  title: string;
  userId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  actor: string;
  createdAt: Date;
}

/** Every review on the site, newest first, by operator (partial name) and time range [from, to). */
export async function auditLog(
  db: Database,
  f: AuditFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AuditLogRow[]; total: number; operators: string[] }> {
  const where = and(
    f.operator ? sql`${recommendationAudit.actor} ilike ${likeAnywhere(f.operator)}` : undefined,
    f.from ? gte(recommendationAudit.createdAt, f.from) : undefined,
    f.to ? lt(recommendationAudit.createdAt, f.to) : undefined,
  );
  const [rows, [count], operators] = await Promise.all([
    db
      .select({
        id: recommendationAudit.id,
        recommendationId: recommendationAudit.recommendationId,
        title: recommendations.title,
        userId: recommendations.userId,
        action: recommendationAudit.action,
        fromStatus: recommendationAudit.fromStatus,
        toStatus: recommendationAudit.toStatus,
        reason: recommendationAudit.reason,
        actor: recommendationAudit.actor,
        createdAt: recommendationAudit.createdAt,
      })
      .from(recommendationAudit)
      .innerJoin(recommendations, eq(recommendations.id, recommendationAudit.recommendationId))
      .where(where)
      .orderBy(desc(recommendationAudit.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(recommendationAudit).where(where),
    db.selectDistinct({ actor: recommendationAudit.actor }).from(recommendationAudit).orderBy(asc(recommendationAudit.actor)),
  ]);
  return { rows, total: count?.n ?? 0, operators: operators.map((o) => o.actor) };
}

/** The other recommendations of the same person and window that are still current (its set as the person sees it). */
export async function siblingsOf(db: Database, rec: RecommendationRow): Promise<RecommendationRow[]> {
  return db
    .select()
    .from(recommendations)
    .where(and(eq(recommendations.setId, rec.setId), sql`${recommendations.id} <> ${rec.id}`))
    .orderBy(asc(recommendations.createdAt), asc(recommendations.id));
}
