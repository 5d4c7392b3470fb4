/**
 * Plaid's enumerations, as the `plaid` package defines them (its `AccountType`, `AccountSubtype`,
 * `TransactionPaymentChannelEnum` and `APRAprTypeEnum`). Copied as string lists because the package
 * pulls axios into the Worker bundle; the types below fail to compile when a list misses a value of
 * the package's enum, and test/node/plaid-enums.test.ts checks the lists equal the enums at run time.
 */
import type { AccountSubtype, AccountType, APRAprTypeEnum, TransactionPaymentChannelEnum } from "plaid";

/** Every value of the string enum E, and nothing else: a compile error names what is missing or extra. */
type Exactly<E extends string, L extends readonly string[]> = [Exclude<E, L[number]>, Exclude<L[number], E>] extends [never, never]
  ? L
  : never;
const exactly =
  <E extends string>() =>
  <const L extends readonly string[]>(list: L & Exactly<E, L>): L =>
    list;

export const PLAID_ACCOUNT_TYPES = exactly<`${AccountType}`>()(["investment", "credit", "depository", "loan", "brokerage", "other"]);

export const PLAID_ACCOUNT_SUBTYPES = exactly<`${AccountSubtype}`>()([
  "401a",
  "401k",
  "403B",
  "457b",
  "529",
  "auto",
  "brokerage",
  "business",
  "cash isa",
  "cash management",
  "cd",
  "charge card",
  "checking",
  "commercial",
  "commercial line of credit",
  "construction",
  "consumer",
  "credit card",
  "crypto exchange",
  "ebt",
  "education savings account",
  "fhsa",
  "fixed annuity",
  "gic",
  "health reimbursement arrangement",
  "home equity",
  "home equity loan",
  "hsa",
  "installment",
  "isa",
  "ira",
  "keogh",
  "lif",
  "life insurance",
  "limited purpose checking",
  "line of credit",
  "lira",
  "loan",
  "lrif",
  "lrsp",
  "money market",
  "mortgage",
  "mutual fund",
  "non-custodial wallet",
  "non-taxable brokerage account",
  "other",
  "other insurance",
  "other annuity",
  "overdraft",
  "paypal",
  "payroll",
  "pension",
  "prediction market",
  "prepaid",
  "prif",
  "profit sharing plan",
  "qshr",
  "rdsp",
  "resp",
  "retirement",
  "rlif",
  "roth",
  "roth 401k",
  "roth 403B",
  "roth 457b",
  "roth pension",
  "roth profit sharing plan",
  "roth thrift savings plan",
  "rrif",
  "rrsp",
  "sarsep",
  "savings",
  "sep ira",
  "simple ira",
  "sipp",
  "stock plan",
  "student",
  "thrift savings plan",
  "tfsa",
  "trust",
  "ugma",
  "utma",
  "variable annuity",
]);

export const PLAID_PAYMENT_CHANNELS = exactly<`${TransactionPaymentChannelEnum}`>()(["online", "in store", "other"]);

export const PLAID_APR_TYPES = exactly<`${APRAprTypeEnum}`>()([
  "balance_transfer_apr",
  "cash_apr",
  "penalty_apr",
  "purchase_apr",
  "special",
]);

export type PlaidAccountType = (typeof PLAID_ACCOUNT_TYPES)[number];
