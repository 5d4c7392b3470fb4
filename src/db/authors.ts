import { and, asc, inArray, isNotNull } from "drizzle-orm";
import type { AuthorRecord } from "../domain/reuse-rule";
import type { Database } from "./client";
import { accounts, transactions, users } from "./schema";

/**
 * What the reuse rule checks a person's recommendations against: their name, email, ids, account
 * digits and every merchant or counterparty in their transactions. One entry per known user id.
 */
export async function loadAuthorRecords(db: Database, userIds: readonly string[]): Promise<Map<string, AuthorRecord>> {
  const ids = [...new Set(userIds)];
  const out = new Map<string, AuthorRecord>();
  if (ids.length === 0) return out;
  const [people, accountRows, merchantRows] = await Promise.all([
    db.select({ userId: users.userId, fullName: users.fullName, email: users.email }).from(users).where(inArray(users.userId, ids)),
    db
      .select({ userId: accounts.userId, accountId: accounts.accountId, mask: accounts.mask })
      .from(accounts)
      .where(inArray(accounts.userId, ids))
      .orderBy(asc(accounts.accountId)),
    db
      .selectDistinct({ userId: transactions.userId, merchant: transactions.merchantName })
      .from(transactions)
      .where(and(inArray(transactions.userId, ids), isNotNull(transactions.merchantName))),
  ]);
  for (const p of people)
    out.set(p.userId, { userId: p.userId, fullName: p.fullName, email: p.email, accountIds: [], masks: [], merchants: [] });
  for (const a of accountRows) {
    const record = out.get(a.userId) as { accountIds: string[]; masks: string[] } | undefined;
    record?.accountIds.push(a.accountId);
    if (a.mask !== null) record?.masks.push(a.mask);
  }
  for (const m of merchantRows) if (m.merchant) (out.get(m.userId)?.merchants as string[] | undefined)?.push(m.merchant);
  return out;
}
