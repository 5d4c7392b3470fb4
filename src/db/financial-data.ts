import { asc, eq } from "drizzle-orm";
import type { AccountRecord, LiabilityRecord, TransactionRecord } from "../domain/dataset";
import type { Database } from "./client";
import { accounts, liabilities, transactions } from "./schema";

export interface FinancialData {
  accounts: AccountRecord[];
  transactions: TransactionRecord[];
  liabilities: LiabilityRecord[];
}

/** One user's accounts, in the dataset format. */
export async function loadAccounts(db: Database, userId: string): Promise<AccountRecord[]> {
  const rows = await db.select().from(accounts).where(eq(accounts.userId, userId)).orderBy(asc(accounts.accountId));
  return rows.map((a) => ({
    account_id: a.accountId,
    user_id: a.userId,
    type: a.type,
    subtype: a.subtype,
    balance_available: a.balanceAvailable,
    balance_current: a.balanceCurrent,
    balance_limit: a.balanceLimit,
    iso_currency_code: a.isoCurrencyCode,
    unofficial_currency_code: a.unofficialCurrencyCode,
    mask: a.mask,
  }));
}

/** One user's accounts, transactions and liabilities, in the dataset format the domain reads. */
export async function loadFinancialData(db: Database, userId: string): Promise<FinancialData> {
  const [accountRecords, transactionRows, liabilityRows] = await Promise.all([
    loadAccounts(db, userId),
    db.select().from(transactions).where(eq(transactions.userId, userId)).orderBy(asc(transactions.date), asc(transactions.transactionId)),
    db.select().from(liabilities).where(eq(liabilities.userId, userId)).orderBy(asc(liabilities.liabilityId)),
  ]);
  return {
    accounts: accountRecords,
    transactions: transactionRows.map((t) => ({
      transaction_id: t.transactionId,
      account_id: t.accountId,
      user_id: t.userId,
      date: t.date,
      amount: t.amount,
      merchant_name: t.merchantName,
      payment_channel: t.paymentChannel as TransactionRecord["payment_channel"],
      category_primary: t.categoryPrimary as TransactionRecord["category_primary"],
      category_detailed: t.categoryDetailed,
      pending: t.pending,
      iso_currency_code: t.isoCurrencyCode,
      unofficial_currency_code: t.unofficialCurrencyCode,
      pending_transaction_id: t.pendingTransactionId,
    })),
    liabilities: liabilityRows.map((l) => ({
      liability_id: l.liabilityId,
      account_id: l.accountId,
      user_id: l.userId,
      liability_type: "credit_card",
      // null stays null: an APR the issuer did not report is not a 0% rate.
      apr_percentage: l.aprPercentage,
      minimum_payment_amount: l.minimumPaymentAmount,
      last_payment_amount: l.lastPaymentAmount,
      is_overdue: l.isOverdue,
      next_payment_due_date: l.nextPaymentDueDate,
      last_statement_balance: l.lastStatementBalance,
    })),
  };
}
