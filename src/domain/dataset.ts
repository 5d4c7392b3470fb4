/**
 * The dataset file format: `{users:[], accounts:[], transactions:[], liabilities:[]}`, as written by
 * scripts/generate-synthetic-data.ts and read by the importer. Pure: zod schemas, their types and a
 * reference check. Every object is strict, so an unknown field is an error, not silently dropped.
 *
 * Money is in US dollars with at most 2 decimals.
 *
 * Sign convention of `transactions.amount`, the same on every account type:
 *   NEGATIVE = money out (a purchase, a bill, a transfer out, an interest charge, a fee);
 *   POSITIVE = money in  (pay, a refund, a transfer in, a payment received by a card or loan).
 * (This is the opposite of Plaid's raw `amount`, where positive means money out.)
 *
 * How `balance_current` relates to the transactions (all of them, pending included):
 *   depository, investment: balance_current = opening + sum(amounts)      (what the user holds)
 *   credit, loan:           balance_current = opening - sum(amounts)      (what the user owes, >= 0)
 * So a card purchase of $50 is `-50` on the card account and raises the amount owed by 50; a card
 * payment of $200 is `+200` on the card (owed falls by 200) and `-200` on the paying checking account.
 *
 * balance_available: depository = balance_current; credit = limit - balance_current; investment and
 * loan = null. balance_limit: the credit limit of a card (required, > 0), otherwise null.
 */
import { z } from "zod";

const CONSENT_STATUSES = ["granted", "revoked", "pending"] as const;
export const ACCOUNT_TYPES = ["depository", "credit", "investment", "loan"] as const;

/** Plaid's account taxonomy, restricted to what SpendSense reads. */
export const ACCOUNT_SUBTYPES = {
  depository: ["checking", "savings", "money market", "hsa", "cash management", "cd"],
  credit: ["credit card"],
  investment: ["brokerage", "401k", "403b", "ira", "roth"],
  loan: ["student", "mortgage", "auto", "home equity", "line of credit", "consumer"],
} as const satisfies Record<(typeof ACCOUNT_TYPES)[number], readonly string[]>;

/** The depository subtypes whose flows count as saving (the savings signals read these). */
export const SAVINGS_LIKE_SUBTYPES = ["savings", "money market", "hsa"] as const;

/** Plaid personal-finance-category primaries; `category_detailed` is `{primary}_{DETAIL}`. */
export const CATEGORY_PRIMARIES = [
  "INCOME",
  "TRANSFER_IN",
  "TRANSFER_OUT",
  "LOAN_PAYMENTS",
  "BANK_FEES",
  "ENTERTAINMENT",
  "FOOD_AND_DRINK",
  "GENERAL_MERCHANDISE",
  "HOME_IMPROVEMENT",
  "MEDICAL",
  "PERSONAL_CARE",
  "GENERAL_SERVICES",
  "GOVERNMENT_AND_NON_PROFIT",
  "TRANSPORTATION",
  "TRAVEL",
  "RENT_AND_UTILITIES",
] as const;

export const PAYMENT_CHANNELS = ["online", "in store", "other"] as const;

/** True when a dollar amount has at most 2 decimals (tolerant of binary floating point). */
export function hasAtMostTwoDecimals(value: number): boolean {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

const money = z.number().refine(hasAtMostTwoDecimals, { message: "dollars with at most 2 decimals" });
const nonNegativeMoney = money.refine((v) => v >= 0, { message: "must be >= 0" });
const id = z.string().min(1).max(64);
const isoDate = z.iso.date();

export const UserSchema = z.strictObject({
  user_id: id,
  full_name: z.string().min(1),
  email: z.email(),
  consent_status: z.enum(CONSENT_STATUSES),
  created_at: z.iso.datetime(),
});

export const AccountSchema = z
  .strictObject({
    account_id: id,
    user_id: id,
    type: z.enum(ACCOUNT_TYPES),
    subtype: z.string().min(1),
    balance_available: money.nullable(),
    balance_current: money,
    balance_limit: money.nullable(),
    iso_currency_code: z.literal("USD"),
    mask: z.string().regex(/^\d{4}$/, "4 digits"),
  })
  .superRefine((account, ctx) => {
    const allowed: readonly string[] = ACCOUNT_SUBTYPES[account.type];
    if (!allowed.includes(account.subtype)) {
      ctx.addIssue({
        code: "custom",
        path: ["subtype"],
        message: `subtype "${account.subtype}" is not valid for type ${account.type} (allowed: ${allowed.join(", ")})`,
      });
    }
    if (account.type === "credit" && !(account.balance_limit !== null && account.balance_limit > 0)) {
      ctx.addIssue({ code: "custom", path: ["balance_limit"], message: "a credit card needs balance_limit > 0" });
    }
    if ((account.type === "credit" || account.type === "loan") && account.balance_current < 0) {
      ctx.addIssue({ code: "custom", path: ["balance_current"], message: "an amount owed cannot be negative" });
    }
  });

export const TransactionSchema = z
  .strictObject({
    transaction_id: id,
    account_id: id,
    user_id: id,
    date: isoDate,
    amount: money.refine((v) => v !== 0, { message: "a transaction moves money (amount != 0)" }),
    merchant_name: z.string().min(1).nullable(),
    payment_channel: z.enum(PAYMENT_CHANNELS),
    category_primary: z.enum(CATEGORY_PRIMARIES),
    category_detailed: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "UPPER_SNAKE_CASE"),
    pending: z.boolean(),
  })
  .superRefine((txn, ctx) => {
    if (!txn.category_detailed.startsWith(`${txn.category_primary}_`)) {
      ctx.addIssue({
        code: "custom",
        path: ["category_detailed"],
        message: `"${txn.category_detailed}" does not belong to primary ${txn.category_primary}`,
      });
    }
  });

export const LiabilitySchema = z.strictObject({
  liability_id: id,
  account_id: id,
  user_id: id,
  liability_type: z.literal("credit_card"),
  apr_percentage: z.number().min(0).max(100),
  minimum_payment_amount: nonNegativeMoney,
  last_payment_amount: nonNegativeMoney,
  is_overdue: z.boolean(),
  /** The upcoming due date; for an overdue card, the missed due date (on or before the data's end). */
  next_payment_due_date: isoDate,
  last_statement_balance: nonNegativeMoney,
});

export const DatasetSchema = z.strictObject({
  users: z.array(UserSchema),
  accounts: z.array(AccountSchema),
  transactions: z.array(TransactionSchema),
  liabilities: z.array(LiabilitySchema),
});

export type ConsentStatus = (typeof CONSENT_STATUSES)[number];
export type UserRecord = z.infer<typeof UserSchema>;
/** The records of a dataset file, as its schemas check them (stricter than the stored records below). */
export type DatasetAccount = z.infer<typeof AccountSchema>;
export type DatasetTransaction = z.infer<typeof TransactionSchema>;
export type DatasetLiability = z.infer<typeof LiabilitySchema>;

export type CategoryPrimary = (typeof CATEGORY_PRIMARIES)[number];

/**
 * The records as stored and read by the signals: a dataset file's record (the schemas above, which
 * are stricter), or one that came from Plaid, where Plaid allows what the dataset does not (see
 * src/domain/plaid.ts): any of Plaid's account types, a null subtype, mask, current balance or card
 * limit, other currencies, unrounded amounts, a null category and nulls on a card's liability.
 */
export interface AccountRecord {
  account_id: string;
  user_id: string;
  type: (typeof ACCOUNT_TYPES)[number] | "brokerage" | "other";
  subtype: string | null;
  balance_available: number | null;
  balance_current: number | null;
  balance_limit: number | null;
  /** null with `unofficial_currency_code` set (Plaid: one of the two is always set). */
  iso_currency_code: string | null;
  unofficial_currency_code?: string | null;
  mask: string | null;
}

export interface TransactionRecord {
  transaction_id: string;
  account_id: string;
  user_id: string;
  date: string;
  amount: number;
  merchant_name: string | null;
  payment_channel: (typeof PAYMENT_CHANNELS)[number];
  /** null: Plaid sent no personal-finance category. */
  category_primary: CategoryPrimary | null;
  category_detailed: string | null;
  pending: boolean;
  iso_currency_code?: string | null;
  unofficial_currency_code?: string | null;
  /** On a posted transaction: the pending one it settles (Plaid's `pending_transaction_id`). */
  pending_transaction_id?: string | null;
}

/** A credit card's liability; null where the issuer did not report the figure (never read as 0). */
export interface LiabilityRecord {
  liability_id: string;
  account_id: string;
  user_id: string;
  liability_type: "credit_card";
  apr_percentage: number | null;
  minimum_payment_amount: number | null;
  last_payment_amount: number | null;
  is_overdue: boolean | null;
  next_payment_due_date: string | null;
  last_statement_balance: number | null;
}
export type Dataset = z.infer<typeof DatasetSchema>;

export type DatasetCollection = keyof Dataset;

/** One broken reference or duplicate, naming the record that carries it. */
export interface DatasetProblem {
  collection: DatasetCollection;
  index: number;
  id: string;
  message: string;
}

/**
 * Cross-record checks the schema cannot express: duplicate ids, references to unknown users or
 * accounts, a transaction or liability whose user_id differs from its account's, a liability on an
 * account that is not a credit card, and two liabilities on one account. Returns [] when consistent.
 */
export function validateDatasetReferences(ds: Dataset): DatasetProblem[] {
  const problems: DatasetProblem[] = [];
  const report = (collection: DatasetCollection, index: number, recordId: string, message: string) =>
    problems.push({ collection, index, id: recordId, message });

  const userIds = new Set<string>();
  ds.users.forEach((u, i) => {
    if (userIds.has(u.user_id)) report("users", i, u.user_id, `duplicate user_id ${u.user_id}`);
    userIds.add(u.user_id);
  });

  const accountsById = new Map<string, AccountRecord>();
  ds.accounts.forEach((a, i) => {
    if (accountsById.has(a.account_id)) report("accounts", i, a.account_id, `duplicate account_id ${a.account_id}`);
    else accountsById.set(a.account_id, a);
    if (!userIds.has(a.user_id)) report("accounts", i, a.account_id, `account ${a.account_id} references unknown user ${a.user_id}`);
  });

  const txnIds = new Set<string>();
  ds.transactions.forEach((t, i) => {
    if (txnIds.has(t.transaction_id)) report("transactions", i, t.transaction_id, `duplicate transaction_id ${t.transaction_id}`);
    txnIds.add(t.transaction_id);
    const account = accountsById.get(t.account_id);
    if (!account) {
      report("transactions", i, t.transaction_id, `transaction ${t.transaction_id} references unknown account ${t.account_id}`);
    } else if (account.user_id !== t.user_id) {
      report(
        "transactions",
        i,
        t.transaction_id,
        `transaction ${t.transaction_id} has user_id ${t.user_id} but its account ${t.account_id} belongs to ${account.user_id}`,
      );
    }
    if (!userIds.has(t.user_id))
      report("transactions", i, t.transaction_id, `transaction ${t.transaction_id} references unknown user ${t.user_id}`);
  });

  const liabilityIds = new Set<string>();
  const liabilityAccounts = new Set<string>();
  ds.liabilities.forEach((l, i) => {
    if (liabilityIds.has(l.liability_id)) report("liabilities", i, l.liability_id, `duplicate liability_id ${l.liability_id}`);
    liabilityIds.add(l.liability_id);
    const account = accountsById.get(l.account_id);
    if (!account) {
      report("liabilities", i, l.liability_id, `liability ${l.liability_id} references unknown account ${l.account_id}`);
    } else {
      if (account.user_id !== l.user_id) {
        report(
          "liabilities",
          i,
          l.liability_id,
          `liability ${l.liability_id} has user_id ${l.user_id} but its account ${l.account_id} belongs to ${account.user_id}`,
        );
      }
      if (account.type !== "credit") {
        report(
          "liabilities",
          i,
          l.liability_id,
          `liability ${l.liability_id} is on ${account.type} account ${l.account_id}, not a credit card`,
        );
      }
    }
    if (liabilityAccounts.has(l.account_id)) report("liabilities", i, l.liability_id, `second liability for account ${l.account_id}`);
    liabilityAccounts.add(l.account_id);
  });

  return problems;
}
