import { asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "./client";
import { accounts, users } from "./schema";

export interface UserListItem {
  user_id: string;
  consent_status: string;
  account_count: number;
}

export async function listUsers(db: Database, opts: { limit: number; cursor?: string | undefined }): Promise<UserListItem[]> {
  return db
    .select({
      user_id: users.userId,
      consent_status: users.consentStatus,
      account_count: sql<number>`(select count(*)::int from ${accounts} where ${accounts.userId} = ${users.userId})`,
    })
    .from(users)
    .where(opts.cursor ? gt(users.userId, opts.cursor) : undefined)
    .orderBy(asc(users.userId))
    .limit(opts.limit);
}

export interface UserSummary {
  user_id: string;
  consent_status: string;
  created_at: string;
  accounts: { account_id: string; type: string; subtype: string; mask: string; balance_current: number; balance_limit: number | null }[];
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
