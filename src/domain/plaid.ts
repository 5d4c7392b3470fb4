/**
 * Bank data in the shapes of Plaid's responses (`/transactions/sync`, `/accounts/get`,
 * `/liabilities/get`), checked as Plaid defines them and converted to this project's records.
 *
 * As Plaid defines them means:
 *   - enumerations are Plaid's own (src/domain/plaid-enums.ts, equal to the `plaid` package's);
 *   - a field Plaid allows to be null may be null, and the record keeps the null (its meaning in
 *     the signals is stated in src/domain/compute-signals.ts, USD ONLY);
 *   - amounts and balances keep Plaid's precision (no rounding here), may be 0 or negative (a card
 *     in credit), and may be in any currency (stored, kept out of the USD signals);
 *   - a key we do not know is dropped, not refused: Plaid's responses allow additional properties
 *     and Plaid adds fields without a version change.
 * What we keep is still checked, and a bad value refuses the whole body naming the field: a number
 * that is not finite, an impossible date, an over-long string, a value not on Plaid's list.
 *
 * Plaid's sign convention is the opposite of ours: a positive Plaid `amount` is money out, so ours is its negative.
 */
import type {
  AccountBalance,
  AccountBase,
  AccountsGetResponse,
  APR,
  CreditCardLiability,
  LiabilitiesGetResponse,
  LiabilitiesObject,
  PersonalFinanceCategory,
  RemovedTransaction,
  Transaction,
  TransactionsSyncResponse,
} from "plaid";
import { z } from "zod";
import { CATEGORY_PRIMARIES, type AccountRecord, type LiabilityRecord, type TransactionRecord } from "./dataset";
import { PLAID_ACCOUNT_SUBTYPES, PLAID_ACCOUNT_TYPES, PLAID_APR_TYPES, PLAID_PAYMENT_CHANNELS } from "./plaid-enums";

/** At most this many records per request (Plaid's sync pages hold up to 500 of each kind). */
const MAX_SYNC_RECORDS = 1_000;

/** Fields of Plaid's type T we check (the rest of T, and anything T lacks, is dropped). */
type Used<T> = Partial<Record<keyof T, z.ZodType>>;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");
/** Plaid's precision, as sent; finite (JSON's 1e400 parses to Infinity) and of a sane size. */
const plaidMoney = z
  .number()
  .finite()
  .refine((v) => Math.abs(v) < 1e12, "too large");
const text = (max: number) => z.string().max(max, `at most ${max} characters`);
const isoCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, "an ISO 4217 code (3 capital letters)")
  .nullable();
/** Plaid: set only when iso_currency_code is null (e.g. crypto). */
const unofficialCurrency = text(16).nullable().optional();

const pfc = z
  .object({
    primary: z.enum(CATEGORY_PRIMARIES),
    detailed: z.string().regex(/^[A-Z][A-Z0-9_]{0,99}$/, "UPPER_SNAKE_CASE"),
  } satisfies Used<PersonalFinanceCategory>)
  .refine((c) => c.detailed.startsWith(`${c.primary}_`), { path: ["detailed"], message: "does not belong to its primary" });

export const PlaidTransactionSchema = z.object({
  transaction_id: id,
  account_id: id,
  amount: plaidMoney,
  iso_currency_code: isoCurrency,
  unofficial_currency_code: unofficialCurrency,
  date: z.iso.date(),
  name: text(500).nullable().optional(),
  merchant_name: text(200).nullable().optional(),
  payment_channel: z.enum(PLAID_PAYMENT_CHANNELS),
  pending: z.boolean(),
  pending_transaction_id: id.nullable().optional(),
  personal_finance_category: pfc.nullable().optional(),
} satisfies Used<Transaction>);

const PlaidRemovedTransactionSchema = z.object({ transaction_id: id, account_id: id.optional() } satisfies Used<RemovedTransaction>);

const balances = z.object({
  available: plaidMoney.nullable(),
  current: plaidMoney.nullable(),
  limit: plaidMoney.nullable().optional(),
  iso_currency_code: isoCurrency,
  unofficial_currency_code: unofficialCurrency,
} satisfies Used<AccountBalance>);

export const PlaidAccountSchema = z.object({
  account_id: id,
  balances,
  /** Plaid: the last 2-4 alphanumeric characters of the account number, or null. */
  mask: z
    .string()
    .regex(/^[A-Za-z0-9]{1,4}$/, "1-4 letters or digits")
    .nullable(),
  type: z.enum(PLAID_ACCOUNT_TYPES),
  subtype: z.enum(PLAID_ACCOUNT_SUBTYPES).nullable(),
} satisfies Used<AccountBase>);

const apr = z.object({
  apr_percentage: z.number().finite().min(0).max(1000),
  apr_type: z.enum(PLAID_APR_TYPES),
} satisfies Used<APR>);

export const PlaidCreditLiabilitySchema = z.object({
  /** Plaid allows null; such a liability cannot be attached to an account and is skipped. */
  account_id: id.nullable(),
  aprs: z.array(apr).max(20),
  is_overdue: z.boolean().nullable(),
  last_payment_amount: plaidMoney.nullable(),
  last_statement_balance: plaidMoney.nullable(),
  minimum_payment_amount: plaidMoney.nullable(),
  next_payment_due_date: z.iso.date().nullable(),
} satisfies Used<CreditCardLiability>);

const records = <T extends z.ZodType>(schema: T) => z.array(schema).max(MAX_SYNC_RECORDS);

/** The body of POST /users/:user_id/transactions/sync: Plaid's `/transactions/sync` response. */
export const TransactionsSyncBodySchema = z.object({
  added: records(PlaidTransactionSchema),
  modified: records(PlaidTransactionSchema),
  removed: records(PlaidRemovedTransactionSchema),
  next_cursor: text(1024),
  has_more: z.boolean(),
  accounts: records(PlaidAccountSchema).optional(),
  request_id: text(128).optional(),
} satisfies Used<TransactionsSyncResponse>);

/** The body of POST /users/:user_id/accounts/sync: Plaid's `/accounts/get` response. */
export const AccountsSyncBodySchema = z.object({
  accounts: records(PlaidAccountSchema),
  request_id: text(128).optional(),
} satisfies Used<AccountsGetResponse>);

/** The body of POST /users/:user_id/liabilities/sync: Plaid's `/liabilities/get` response. */
export const LiabilitiesSyncBodySchema = z.object({
  accounts: records(PlaidAccountSchema),
  liabilities: z.object({ credit: records(PlaidCreditLiabilitySchema).nullable().optional() } satisfies Used<LiabilitiesObject>),
  request_id: text(128).optional(),
} satisfies Used<LiabilitiesGetResponse>);

export type PlaidTransaction = z.infer<typeof PlaidTransactionSchema>;
export type PlaidAccount = z.infer<typeof PlaidAccountSchema>;
export type PlaidCreditLiability = z.infer<typeof PlaidCreditLiabilitySchema>;
export type TransactionsSyncBody = z.infer<typeof TransactionsSyncBodySchema>;

/** A Plaid transaction as ours: the sign flipped, the merchant (or the name), the category if any. */
export function toTransactionRecord(t: PlaidTransaction, userId: string): TransactionRecord {
  return {
    transaction_id: t.transaction_id,
    account_id: t.account_id,
    user_id: userId,
    date: t.date,
    amount: t.amount === 0 ? 0 : -t.amount,
    merchant_name: t.merchant_name || t.name || null,
    payment_channel: t.payment_channel,
    category_primary: t.personal_finance_category?.primary ?? null,
    category_detailed: t.personal_finance_category?.detailed ?? null,
    pending: t.pending,
    iso_currency_code: t.iso_currency_code,
    unofficial_currency_code: t.unofficial_currency_code ?? null,
    pending_transaction_id: t.pending_transaction_id ?? null,
  };
}

/** A Plaid account as ours: balances as sent (null where Plaid sent null), type and subtype, mask. */
export function toAccountRecord(a: PlaidAccount, userId: string): AccountRecord {
  return {
    account_id: a.account_id,
    user_id: userId,
    type: a.type,
    subtype: a.subtype,
    balance_available: a.balances.available,
    balance_current: a.balances.current,
    balance_limit: a.balances.limit ?? null,
    iso_currency_code: a.balances.iso_currency_code,
    unofficial_currency_code: a.balances.unofficial_currency_code ?? null,
    mask: a.mask,
  };
}

/**
 * A Plaid credit-card liability as ours: its purchase APR, else the highest it lists, else null (an
 * empty `aprs` is an APR not reported, not a 0% rate). Undefined when Plaid names no account.
 */
export function toLiabilityRecord(l: PlaidCreditLiability, userId: string): LiabilityRecord | undefined {
  if (l.account_id === null) return undefined;
  const purchase = l.aprs.find((a) => a.apr_type === "purchase_apr")?.apr_percentage;
  const apr = purchase ?? (l.aprs.length > 0 ? Math.max(...l.aprs.map((a) => a.apr_percentage)) : null);
  return {
    liability_id: `liab_${l.account_id}`,
    account_id: l.account_id,
    user_id: userId,
    liability_type: "credit_card",
    apr_percentage: apr,
    minimum_payment_amount: l.minimum_payment_amount,
    last_payment_amount: l.last_payment_amount,
    is_overdue: l.is_overdue,
    next_payment_due_date: l.next_payment_due_date,
    last_statement_balance: l.last_statement_balance,
  };
}
