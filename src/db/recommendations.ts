import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "./client";
import { recommendationAudit, recommendations } from "./schema";

export type RecommendationStatus = (typeof recommendations.$inferSelect)["status"];
export type RecommendationRow = typeof recommendations.$inferSelect;

export interface NewRecommendation {
  topic: string;
  title: string;
  content: string;
  rationale: string;
  disclosure: string;
  status: "pending" | "approved" | "flagged";
  source: string;
  similarityScore?: number | null;
  reusedFromId?: string | null;
  model?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
}

/** Statuses a new set replaces: never reviewed, so nothing of value is lost. */
const SUPERSEDABLE: RecommendationStatus[] = ["pending", "flagged"];

/**
 * Store a generated set for one user and window in one transaction. Older sets still awaiting
 * review are marked superseded (with an audit row) instead of piling up next to the new one.
 */
export async function insertRecommendationSet(
  db: Database,
  set: {
    userId: string;
    windowDays: number;
    personaType: string;
    actor: string;
    items: NewRecommendation[];
    /**
     * When the request began. If another request stored a set for this user and window since
     * then, that set is returned instead of storing a second one (concurrent generates).
     */
    requestStartedAt?: Date;
  },
): Promise<{ rows: RecommendationRow[]; stored: boolean }> {
  const setId = crypto.randomUUID();
  return db.transaction(async (tx) => {
    // One writer per user and window at a time; the lock ends with the transaction.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`recommendations:${set.userId}:${set.windowDays}`}))`);
    if (set.requestStartedAt) {
      const [latest] = await tx
        .select({ setId: recommendations.setId })
        .from(recommendations)
        .where(
          and(
            eq(recommendations.userId, set.userId),
            eq(recommendations.windowDays, set.windowDays),
            sql`${recommendations.status} <> 'superseded'`,
            sql`${recommendations.createdAt} >= ${set.requestStartedAt.toISOString()}::timestamptz`,
          ),
        )
        .orderBy(desc(recommendations.createdAt))
        .limit(1);
      if (latest) {
        const rows = await tx.select().from(recommendations).where(eq(recommendations.setId, latest.setId)).orderBy(asc(recommendations.id));
        return { rows, stored: false };
      }
    }
    const superseded = await tx
      .update(recommendations)
      .set({ status: "superseded", updatedAt: new Date() })
      .where(and(eq(recommendations.userId, set.userId), eq(recommendations.windowDays, set.windowDays), inArray(recommendations.status, SUPERSEDABLE)))
      .returning({ id: recommendations.id, status: recommendations.status });
    const rows = await tx
      .insert(recommendations)
      .values(set.items.map((item) => ({ ...item, setId, userId: set.userId, windowDays: set.windowDays, personaType: set.personaType })))
      .returning();
    const audit = [
      ...superseded.map((r) => ({ recommendationId: r.id, action: "supersede", fromStatus: "pending", toStatus: "superseded", reason: `replaced by set ${setId}`, actor: set.actor })),
      ...rows
        .filter((r) => r.status === "approved")
        .map((r) => ({ recommendationId: r.id, action: "auto_approve", fromStatus: null, toStatus: "approved", reason: "passed every guardrail", actor: "policy" })),
    ];
    if (audit.length) await tx.insert(recommendationAudit).values(audit);
    return { rows, stored: true };
  });
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
        filter.windowDays ? eq(recommendations.windowDays, filter.windowDays) : undefined,
      ),
    )
    .orderBy(desc(recommendations.createdAt), asc(recommendations.id));
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

export type TransitionOutcome =
  | { ok: true; row: RecommendationRow; from: RecommendationStatus }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "illegal"; current: RecommendationStatus };

/**
 * Move a recommendation to `to` if its current status allows `action`. The row is locked first
 * (SELECT … FOR UPDATE), so a racing review waits for this one to commit and then reads the status
 * it left; the write is still a conditional UPDATE … WHERE status IN (…). Of two racing reviews
 * exactly one wins, and the loser's 409 and the winner's audit row name the real prior status.
 */
export async function transitionRecommendation(
  db: Database,
  id: string,
  action: ReviewAction,
  to: "approved" | "rejected" | "flagged",
  meta: { reason: string | null; actor: string },
): Promise<TransitionOutcome> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select({ status: recommendations.status }).from(recommendations).where(eq(recommendations.id, id)).limit(1).for("update");
    if (!before) return { ok: false, reason: "not_found" } as const;
    const [row] = await tx
      .update(recommendations)
      .set({ status: to, reviewedAt: new Date(), reviewNote: meta.reason, updatedAt: new Date() })
      .where(and(eq(recommendations.id, id), inArray(recommendations.status, ALLOWED_FROM[action])))
      .returning();
    if (!row) return { ok: false, reason: "illegal", current: before.status } as const;
    await tx.insert(recommendationAudit).values({ recommendationId: id, action, fromStatus: before.status, toStatus: to, reason: meta.reason, actor: meta.actor });
    return { ok: true, row, from: before.status } as const;
  });
}

export async function auditTrail(db: Database, id: string) {
  return db.select().from(recommendationAudit).where(eq(recommendationAudit.recommendationId, id)).orderBy(asc(recommendationAudit.id));
}

/** Pending and flagged recommendations, oldest first. */
export async function reviewQueue(db: Database, page: { limit: number; offset: number }): Promise<{ items: RecommendationRow[]; total: number }> {
  const where = inArray(recommendations.status, ["pending", "flagged"]);
  const [items, [count]] = await Promise.all([
    db.select().from(recommendations).where(where).orderBy(asc(recommendations.createdAt), asc(recommendations.id)).limit(page.limit).offset(page.offset),
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

/** The approved recommendations of several people for one window (the vector tier's candidates). */
export async function approvedRecommendationsFor(db: Database, userIds: string[], windowDays: number): Promise<RecommendationRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select()
    .from(recommendations)
    .where(and(inArray(recommendations.userId, userIds), eq(recommendations.windowDays, windowDays), eq(recommendations.status, "approved")))
    .orderBy(asc(recommendations.createdAt), asc(recommendations.id));
}

/** Rows by id (the queue consumer re-reads what it was told to embed). */
export async function recommendationsByIds(db: Database, ids: string[]): Promise<RecommendationRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(recommendations).where(inArray(recommendations.id, ids));
}
