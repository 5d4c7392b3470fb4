import { and, eq, getTableColumns, getTableName, inArray, sql } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
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

const wasInserted = sql<boolean>`(xmax = 0)`;

/**
 * Upsert rows by `key`, updating every column the rows write except the `kept` ones (the row's
 * identity), and only where a value differs: an unchanged row is not returned, so not counted as
 * updated. The columns come from the rows (the dataset-to-schema mappings above), so a field
 * added to a mapping is updated too.
 */
function upsertWhereChanged<T extends PgTable>(
  db: Database,
  table: T,
  key: PgColumn,
  kept: (keyof T["$inferInsert"])[],
  rows: T["$inferInsert"][],
) {
  const columns: Record<string, PgColumn> = getTableColumns(table);
  const updated = Object.keys(rows[0] ?? {}).filter((field) => !kept.includes(field as keyof T["$inferInsert"]));
  const excluded = (field: string) => sql.raw(`excluded."${columns[field]!.name}"`);
  const current = (field: string) => sql.raw(`"${getTableName(table)}"."${columns[field]!.name}"`);
  return db
    .insert(table)
    .values(rows)
    .onConflictDoUpdate({
      target: key,
      set: Object.fromEntries(updated.map((field) => [field, excluded(field)])) as PgUpdateSetSource<T>,
      setWhere: sql`(${sql.join(updated.map(current), sql`, `)}) is distinct from (${sql.join(updated.map(excluded), sql`, `)})`,
    })
    .returning({ inserted: wasInserted });
}

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
  const upsert = <T extends PgTable>(table: T, key: PgColumn, kept: (keyof T["$inferInsert"])[], rows: T["$inferInsert"][]) =>
    rows.length ? upsertWhereChanged(db, table, key, kept, rows) : noRows;
  const [a, t, r, l] = await db.batch([
    upsert(accounts, accounts.accountId, ["accountId", "userId"], change.accounts.map(accountRow)),
    upsert(transactions, transactions.transactionId, ["transactionId", "userId"], change.transactions.map(transactionRow)),
    change.removed.length
      ? db.delete(transactions).where(inArray(transactions.transactionId, change.removed)).returning({ inserted: sql<boolean>`false` })
      : noRows,
    upsert(
      liabilities,
      liabilities.accountId,
      ["accountId", "liabilityId", "userId", "liabilityType"],
      change.liabilities.map(liabilityRow),
    ),
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
