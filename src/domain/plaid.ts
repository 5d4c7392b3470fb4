/**
 * Bank data in the shapes of Plaid's responses (`/transactions/sync`, `/accounts/get`,
 * `/liabilities/get`), checked strictly and converted to this project's records (docs/DATA_FORMAT.md).
 *
 * Strict means: every field Plaid's type has is accepted (those we do not use are ignored), any
 * other field is refused, and the fields we use are checked as our own records are. Plaid's sign
 * convention is the opposite of ours: a positive Plaid `amount` is money out, so ours is its negative.
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
import { fieldPath } from "./field-path";
import {
  ACCOUNT_SUBTYPES,
  ACCOUNT_TYPES,
  AccountSchema,
  CATEGORY_PRIMARIES,
  hasAtMostTwoDecimals,
  LiabilitySchema,
  PAYMENT_CHANNELS,
  TransactionSchema,
  type AccountRecord,
  type LiabilityRecord,
  type TransactionRecord,
} from "./dataset";

/** At most this many records per request (Plaid's sync pages hold up to 500 of each kind). */
const MAX_SYNC_RECORDS = 1_000;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");
const plaidMoney = z
  .number()
  .finite()
  .refine(hasAtMostTwoDecimals, "dollars with at most 2 decimals")
  .refine((v) => Math.abs(v) < 1e12, "too large");

/**
 * An object with `used` checked and every other field of Plaid's type `T` accepted unchecked;
 * a field Plaid's type does not have is refused.
 */
const plaidObject =
  <T>() =>
  <U extends z.ZodRawShape, const K extends Exclude<keyof T, keyof U> & string>(used: U & Partial<Record<keyof T, z.ZodType>>, others: readonly K[]) =>
    z.strictObject({ ...used, ...(Object.fromEntries(others.map((k) => [k, z.unknown().optional()])) as Record<K, z.ZodOptional<z.ZodUnknown>>) });

const pfc = plaidObject<PersonalFinanceCategory>()(
  { primary: z.enum(CATEGORY_PRIMARIES), detailed: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "UPPER_SNAKE_CASE") },
  ["confidence_level", "version"],
);

const transactionUsed = {
  transaction_id: id,
  account_id: id,
  amount: plaidMoney.refine((v) => v !== 0, "a transaction moves money (amount != 0)"),
  iso_currency_code: z.literal("USD", { error: 'only "USD" is supported' }),
  date: z.iso.date(),
  name: z.string().max(500).optional(),
  merchant_name: z.string().min(1).max(200).nullable().optional(),
  payment_channel: z.enum(PAYMENT_CHANNELS),
  pending: z.boolean(),
  personal_finance_category: pfc,
};

export const PlaidTransactionSchema = plaidObject<Transaction>()(transactionUsed, [
  "unofficial_currency_code", "category", "category_id", "check_number", "location", "original_description", "payment_meta",
  "pending_transaction_id", "account_owner", "transaction_type", "logo_url", "website", "authorized_date", "authorized_datetime",
  "datetime", "business_finance_category", "transaction_code", "personal_finance_category_icon_url", "counterparties",
  "merchant_entity_id", "merchant_category_code", "running_balance", "client_customization",
]);

const PlaidRemovedTransactionSchema = z.strictObject({ transaction_id: id, account_id: id } satisfies Record<keyof RemovedTransaction, z.ZodType>);

const balances = plaidObject<AccountBalance>()(
  {
    available: plaidMoney.nullable(),
    // Plaid allows null; a balance is what the signals read, so one is required.
    current: plaidMoney,
    limit: plaidMoney.nullable(),
    iso_currency_code: z.literal("USD", { error: 'only "USD" is supported' }),
  },
  ["unofficial_currency_code", "last_updated_datetime"],
);

export const PlaidAccountSchema = plaidObject<AccountBase>()(
  // Plaid allows more types, any subtype and a null mask; these are what the records accept (docs/DATA_FORMAT.md).
  {
    account_id: id,
    balances,
    mask: z.string().regex(/^\d{4}$/, "4 digits"),
    type: z.enum(ACCOUNT_TYPES),
    subtype: z.enum([...new Set(Object.values(ACCOUNT_SUBTYPES).flat())] as [string, ...string[]]).meta({ description: "One of its type's subtypes (depository: checking, savings, …; credit: credit card)" }),
  },
  ["name", "official_name", "verification_status", "verification_name", "verification_insights", "persistent_account_id", "apy", "holder_category"],
);

const apr = plaidObject<APR>()({ apr_percentage: z.number().min(0).max(100), apr_type: z.string() }, ["balance_subject_to_apr", "interest_charge_amount"]);

export const PlaidCreditLiabilitySchema = plaidObject<CreditCardLiability>()(
  {
    account_id: id,
    aprs: z.array(apr).max(20),
    // Plaid allows null in each; a credit card's record needs them all.
    is_overdue: z.boolean(),
    last_payment_amount: plaidMoney.refine((v) => v >= 0, "must be >= 0"),
    last_statement_balance: plaidMoney.refine((v) => v >= 0, "must be >= 0"),
    minimum_payment_amount: plaidMoney.refine((v) => v >= 0, "must be >= 0"),
    next_payment_due_date: z.iso.date(),
  },
  ["last_payment_date", "last_statement_issue_date"],
);

const records = <T extends z.ZodType>(schema: T) => z.array(schema).max(MAX_SYNC_RECORDS);
/** Plaid's Item (metadata about the connection): accepted as an object, not used. */
const item = z.record(z.string(), z.unknown());

/** The body of POST /users/:user_id/transactions/sync: Plaid's `/transactions/sync` response. */
export const TransactionsSyncBodySchema = z.strictObject({
  added: records(PlaidTransactionSchema),
  modified: records(PlaidTransactionSchema),
  removed: records(PlaidRemovedTransactionSchema),
  next_cursor: z.string().max(1024),
  has_more: z.boolean(),
  accounts: records(PlaidAccountSchema).optional(),
  transactions_update_status: z.string().optional(),
  request_id: z.string().max(128).optional(),
} satisfies Partial<Record<keyof TransactionsSyncResponse, z.ZodType>>);

/** The body of POST /users/:user_id/accounts/sync: Plaid's `/accounts/get` response. */
export const AccountsSyncBodySchema = z.strictObject({
  accounts: records(PlaidAccountSchema),
  item: item.optional(),
  request_id: z.string().max(128).optional(),
} satisfies Partial<Record<keyof AccountsGetResponse, z.ZodType>>);

/** The body of POST /users/:user_id/liabilities/sync: Plaid's `/liabilities/get` response. */
export const LiabilitiesSyncBodySchema = z.strictObject({
  accounts: records(PlaidAccountSchema),
  item: item.optional(),
  liabilities: plaidObject<LiabilitiesObject>()({ credit: records(PlaidCreditLiabilitySchema).nullable() }, ["mortgage", "student", "loan", "line_of_credit"]),
  request_id: z.string().max(128).optional(),
} satisfies Partial<Record<keyof LiabilitiesGetResponse, z.ZodType>>);

/** A problem with one record, named the way the API reports it (e.g. `body.added[3]: …`). */
export class SyncRecordError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = "SyncRecordError";
  }
}

/**
 * Check a converted record; a fault is reported under the field's name in the body (`names`: a
 * record field → its path in Plaid's shape), never under the record's own column name.
 */
function checked<T>(schema: z.ZodType<T>, record: unknown, path: string, names: Record<string, readonly string[]> = {}): T {
  const parsed = schema.safeParse(record);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const [first, ...rest] = issue.path;
  const renamed = typeof first === "string" && names[first] ? [...names[first], ...rest] : issue.path;
  throw new SyncRecordError(fieldPath(path, renamed), issue.message);
}

const TRANSACTION_NAMES = { category_primary: ["personal_finance_category", "primary"], category_detailed: ["personal_finance_category", "detailed"] } as const;
const ACCOUNT_NAMES = { balance_available: ["balances", "available"], balance_current: ["balances", "current"], balance_limit: ["balances", "limit"] } as const;

/** A Plaid transaction as ours: the sign flipped, the merchant (or the name), the personal-finance category. */
export function toTransactionRecord(t: z.infer<typeof PlaidTransactionSchema>, userId: string, path: string): TransactionRecord {
  const category = t.personal_finance_category as { primary: TransactionRecord["category_primary"]; detailed: string };
  return checked(
    TransactionSchema,
    {
      transaction_id: t.transaction_id,
      account_id: t.account_id,
      user_id: userId,
      date: t.date,
      amount: Math.round(-(t.amount as number) * 100) / 100,
      merchant_name: (t.merchant_name as string | null | undefined) ?? (t.name as string | undefined) ?? null,
      payment_channel: t.payment_channel,
      category_primary: category.primary,
      category_detailed: category.detailed,
      pending: t.pending,
    },
    path,
    TRANSACTION_NAMES,
  );
}

/** A Plaid account as ours: its balances, type and subtype, and last 4 digits. */
export function toAccountRecord(a: z.infer<typeof PlaidAccountSchema>, userId: string, path: string): AccountRecord {
  const b = a.balances as { available: number | null; current: number; limit: number | null };
  return checked(
    AccountSchema,
    {
      account_id: a.account_id,
      user_id: userId,
      type: a.type,
      subtype: a.subtype,
      balance_available: b.available,
      balance_current: b.current,
      balance_limit: b.limit,
      iso_currency_code: "USD",
      mask: a.mask,
    },
    path,
    ACCOUNT_NAMES,
  );
}

/** A Plaid credit-card liability as ours; its purchase APR, else the highest it lists. */
export function toLiabilityRecord(l: z.infer<typeof PlaidCreditLiabilitySchema>, userId: string, path: string): LiabilityRecord {
  const aprs = l.aprs as { apr_percentage: number; apr_type: string }[];
  const apr = aprs.find((a) => a.apr_type === "purchase_apr")?.apr_percentage ?? Math.max(0, ...aprs.map((a) => a.apr_percentage));
  return checked(
    LiabilitySchema,
    {
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
    },
    path,
  );
}
