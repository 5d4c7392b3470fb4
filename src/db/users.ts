import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { accounts, personas, users } from "./schema";

export interface UserListItem {
  user_id: string;
  consent_status: string;
  account_count: number;
  persona_type: string | null;
  /** Windows that have recommendations (any status but superseded). */
  recommendation_windows: number[];
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Users in id order with their persona for a window (null when not yet assigned). */
export async function listUsers(
  db: Database,
  opts: {
    limit: number;
    offset: number;
    persona?: string | undefined;
    window_days: number;
    without_recommendations?: boolean;
    search?: string | undefined;
  },
): Promise<{ users: UserListItem[]; total: number }> {
  const personaJoin = and(eq(personas.userId, users.userId), eq(personas.windowDays, opts.window_days));
  const windows = sql<number[]>`array(select distinct r.window_days from recommendations r
    where r.user_id = ${users.userId} and r.status <> 'superseded' order by 1)`;
  const where = and(
    opts.persona ? eq(personas.personaType, opts.persona) : undefined,
    opts.without_recommendations ? sql`cardinality(${windows}) < 2` : undefined,
    // The console's search: part of the id or of the name, either case.
    opts.search ? sql`(${users.userId} ilike ${containing(opts.search)} or ${users.fullName} ilike ${containing(opts.search)})` : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db
      .select({
        user_id: users.userId,
        consent_status: users.consentStatus,
        account_count: sql<number>`(select count(*)::int from accounts a where a.user_id = ${users.userId})`,
        persona_type: personas.personaType,
        recommendation_windows: windows,
      })
      .from(users)
      .leftJoin(personas, personaJoin)
      .where(where)
      .orderBy(asc(users.userId))
      .limit(opts.limit)
      .offset(opts.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(users).leftJoin(personas, personaJoin).where(where),
  ]);
  return { users: rows, total: count?.n ?? 0 };
}

export interface UserSummary {
  user_id: string;
  consent_status: string;
  created_at: string;
  accounts: {
    account_id: string;
    type: string;
    subtype: string | null;
    mask: string | null;
    balance_current: number | null;
    balance_limit: number | null;
  }[];
}

/** A user and their accounts (no transactions); undefined when the user does not exist. */
export async function getUserSummary(db: Database, userId: string): Promise<UserSummary | undefined> {
  const [user] = await db.select().from(users).where(eq(users.userId, userId)).limit(1);
  if (!user) return undefined;
  const rows = await db
    .select({
      account_id: accounts.accountId,
      type: accounts.type,
      subtype: accounts.subtype,
      mask: accounts.mask,
      balance_current: accounts.balanceCurrent,
      balance_limit: accounts.balanceLimit,
    })
    .from(accounts)
    .where(eq(accounts.userId, userId))
    .orderBy(asc(accounts.accountId));
  return {
    user_id: user.userId,
    consent_status: user.consentStatus,
    created_at: user.createdAt.toISOString(),
    accounts: rows,
  };
}
