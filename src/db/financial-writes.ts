import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AccountRecord, LiabilityRecord, TransactionRecord } from "../domain/dataset";
import type { Database } from "./client";
import { accounts, liabilities, recommendations, transactions } from "./schema";

export interface FinancialChange {
  accounts: AccountRecord[];
  transactions: TransactionRecord[];
  /** Transaction ids to delete (ids that do not exist are ignored). */
  removed: string[];
  liabilities: LiabilityRecord[];
}

interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface FinancialChangeResult {
  accounts: WriteCounts;
  transactions: WriteCounts & { removed: number };
  liabilities: WriteCounts;
  changed: boolean;
}

/** Who owns the accounts and transactions a change names (for the ownership checks before writing). */
export async function ownersOf(
  db: Database,
  accountIds: string[],
  transactionIds: string[],
): Promise<{ accounts: Map<string, { userId: string; type: string }>; transactions: Map<string, string> }> {
  const [accountRows, transactionRows] = await db.batch([
    db
      .select({ id: accounts.accountId, userId: accounts.userId, type: accounts.type })
      .from(accounts)
      .where(inArray(accounts.accountId, accountIds.length ? accountIds : [""])),
    db
      .select({ id: transactions.transactionId, userId: transactions.userId })
      .from(transactions)
      .where(inArray(transactions.transactionId, transactionIds.length ? transactionIds : [""])),
  ]);
  return {
    accounts: new Map(accountRows.map((a) => [a.id, { userId: a.userId, type: a.type }])),
    transactions: new Map(transactionRows.map((t) => [t.id, t.userId])),
  };
}

/** A dataset record as its table's row (the one mapping from the dataset format to the schema). */
export const accountRow = (x: AccountRecord) => ({
  accountId: x.account_id,
  userId: x.user_id,
  type: x.type,
  subtype: x.subtype,
  balanceAvailable: x.balance_available,
  balanceCurrent: x.balance_current,
  balanceLimit: x.balance_limit,
  isoCurrencyCode: x.iso_currency_code,
  unofficialCurrencyCode: x.unofficial_currency_code ?? null,
  mask: x.mask,
});
export const transactionRow = (x: TransactionRecord) => ({
  transactionId: x.transaction_id,
  accountId: x.account_id,
  userId: x.user_id,
  date: x.date,
  amount: x.amount,
  merchantName: x.merchant_name,
  paymentChannel: x.payment_channel,
  categoryPrimary: x.category_primary,
  categoryDetailed: x.category_detailed,
  pending: x.pending,
  isoCurrencyCode: x.iso_currency_code === undefined ? "USD" : x.iso_currency_code,
  unofficialCurrencyCode: x.unofficial_currency_code ?? null,
  pendingTransactionId: x.pending_transaction_id ?? null,
});
export const liabilityRow = (x: LiabilityRecord) => ({
  liabilityId: x.liability_id,
  accountId: x.account_id,
  userId: x.user_id,
  liabilityType: x.liability_type,
  aprPercentage: x.apr_percentage,
  minimumPaymentAmount: x.minimum_payment_amount,
  lastPaymentAmount: x.last_payment_amount,
  isOverdue: x.is_overdue,
  nextPaymentDueDate: x.next_payment_due_date,
  lastStatementBalance: x.last_statement_balance,
});

/** The update only happens when a value differs, so an unchanged row is not returned (not counted as updated). */
const differs = (table: string, columns: string[]) =>
  sql.raw(`(${columns.map((c) => `"${table}"."${c}"`).join(", ")}) is distinct from (${columns.map((c) => `excluded."${c}"`).join(", ")})`);
const wasInserted = sql<boolean>`(xmax = 0)`;

function counts(rows: { inserted: boolean }[], total: number): WriteCounts {
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: total - rows.length };
}

/**
 * Write a person's changed bank data in one round trip and one transaction: accounts, then
 * transactions, removals and liabilities, each upserted by id only where a value differs. The
 * caller has checked that every id belongs to the person.
 */
export async function applyFinancialChange(db: Database, change: FinancialChange): Promise<FinancialChangeResult> {
  const noRows = db.select({ inserted: sql<boolean>`true` }).from(accounts).where(sql`false`);
  const accountColumns = [
    "type",
    "subtype",
    "balance_available",
    "balance_current",
    "balance_limit",
    "iso_currency_code",
    "unofficial_currency_code",
    "mask",
  ];
  const transactionColumns = [
    "account_id",
    "date",
    "amount",
    "merchant_name",
    "payment_channel",
    "category_primary",
    "category_detailed",
    "pending",
    "iso_currency_code",
    "unofficial_currency_code",
    "pending_transaction_id",
  ];
  const liabilityColumns = [
    "account_id",
    "apr_percentage",
    "minimum_payment_amount",
    "last_payment_amount",
    "is_overdue",
    "next_payment_due_date",
    "last_statement_balance",
  ];
  const set = (columns: string[]) =>
    Object.fromEntries(
      columns.map((c) => [c.replace(/_([a-z])/g, (_, l: string) => l.toUpperCase()), sql.raw(`excluded."${c}"`)]),
    ) as Record<string, SQL>;

  const [a, t, r, l] = await db.batch([
    change.accounts.length
      ? db
          .insert(accounts)
          .values(change.accounts.map(accountRow))
          .onConflictDoUpdate({ target: accounts.accountId, set: set(accountColumns), setWhere: differs("accounts", accountColumns) })
          .returning({ inserted: wasInserted })
      : noRows,
    change.transactions.length
      ? db
          .insert(transactions)
          .values(change.transactions.map(transactionRow))
          .onConflictDoUpdate({
            target: transactions.transactionId,
            set: set(transactionColumns),
            setWhere: differs("transactions", transactionColumns),
          })
          .returning({ inserted: wasInserted })
      : noRows,
    change.removed.length
      ? db.delete(transactions).where(inArray(transactions.transactionId, change.removed)).returning({ inserted: sql<boolean>`false` })
      : noRows,
    change.liabilities.length
      ? db
          .insert(liabilities)
          .values(change.liabilities.map(liabilityRow))
          .onConflictDoUpdate({
            target: liabilities.accountId,
            set: set(liabilityColumns),
            setWhere: differs("liabilities", liabilityColumns),
          })
          .returning({ inserted: wasInserted })
      : noRows,
  ]);
  const result = {
    accounts: counts(a, change.accounts.length),
    transactions: { ...counts(t, change.transactions.length), removed: r.length },
    liabilities: counts(l, change.liabilities.length),
  };
  const changed = a.length + t.length + r.length + l.length > 0;
  return { ...result, changed };
}

/**
 * A person's data changed: every recommendation made from the old data stops being reused (the
 * vector tier refuses it at once) and the next generate makes a new set.
 */
export async function withdrawRecommendationsOf(db: Database, userId: string): Promise<number> {
  const rows = await db
    .update(recommendations)
    .set({ withdrawnAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(recommendations.userId, userId),
        sql`${recommendations.withdrawnAt} is null`,
        inArray(recommendations.status, ["approved", "pending", "flagged"]),
      ),
    )
    .returning({ id: recommendations.id });
  return rows.length;
}
