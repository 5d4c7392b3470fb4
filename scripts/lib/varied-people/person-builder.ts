/**
 * A small builder of one person's Plaid-shaped records, written apart from scripts/lib/synthetic
 * (the product's own generator) so that the eval's second population shares nothing with the
 * first: its own random numbers, its own dates, its own way of laying out a life.
 */
import { CATEGORY_PRIMARIES } from "../../../src/domain/dataset";
import type {
  DatasetAccount as AccountRecord,
  DatasetLiability as LiabilityRecord,
  DatasetTransaction as TransactionRecord,
  UserRecord,
} from "../../../src/domain/dataset";

/** mulberry32: a tiny seeded generator, so a population is the same for the same seed. */
export function randomSource(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    int: (lo: number, hi: number) => Math.floor(lo + (hi - lo + 1) * next()),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof randomSource>;

const cents = (x: number) => Math.round(x * 100) / 100;
const DAY_MS = 86_400_000;

export class PersonBuilder {
  readonly accounts: AccountRecord[] = [];
  readonly transactions: TransactionRecord[] = [];
  readonly liabilities: LiabilityRecord[] = [];
  private serial = 0;
  private readonly asOfMs: number;

  constructor(
    readonly user: UserRecord,
    asOf: string,
    readonly rnd: Random,
  ) {
    this.asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  }

  /** The ISO date `daysAgo` days before as-of (0 = as-of itself). */
  date(daysAgo: number): string {
    return new Date(this.asOfMs - Math.round(daysAgo) * DAY_MS).toISOString().slice(0, 10);
  }

  private id(kind: string): string {
    this.serial += 1;
    return `${this.user.user_id}_${kind}${this.serial}`;
  }

  private mask(): string {
    return String(this.rnd.int(1000, 9999));
  }

  deposit(subtype: "checking" | "savings" | "money market", balance: number): string {
    const account_id = this.id("acc");
    const b = cents(balance);
    this.accounts.push({
      account_id,
      user_id: this.user.user_id,
      type: "depository",
      subtype,
      balance_available: b,
      balance_current: b,
      balance_limit: null,
      iso_currency_code: "USD",
      mask: this.mask(),
    });
    return account_id;
  }

  loan(subtype: "student" | "auto", owed: number): string {
    const account_id = this.id("acc");
    this.accounts.push({
      account_id,
      user_id: this.user.user_id,
      type: "loan",
      subtype,
      balance_available: null,
      balance_current: cents(owed),
      balance_limit: null,
      iso_currency_code: "USD",
      mask: this.mask(),
    });
    return account_id;
  }

  /** A credit card owing `utilization` of `limit`, with its liability record. */
  card(limit: number, utilization: number, opts: { overdue?: boolean; minimumOnly?: boolean; apr?: number } = {}): string {
    const account_id = this.id("card");
    const owed = cents(limit * utilization);
    this.accounts.push({
      account_id,
      user_id: this.user.user_id,
      type: "credit",
      subtype: "credit card",
      balance_available: cents(limit - owed),
      balance_current: owed,
      balance_limit: cents(limit),
      iso_currency_code: "USD",
      mask: this.mask(),
    });
    const minimum = owed > 0 ? cents(Math.max(25, owed * 0.02)) : 0;
    const lastPayment = opts.minimumOnly || opts.overdue ? minimum : cents(Math.max(minimum, owed * this.rnd.between(0.3, 1)));
    this.liabilities.push({
      liability_id: this.id("liab"),
      account_id,
      user_id: this.user.user_id,
      liability_type: "credit_card",
      apr_percentage: opts.apr ?? cents(this.rnd.between(17, 29)),
      minimum_payment_amount: minimum,
      last_payment_amount: lastPayment,
      is_overdue: opts.overdue ?? false,
      next_payment_due_date: opts.overdue ? this.date(this.rnd.int(3, 20)) : this.date(-this.rnd.int(5, 25)),
      last_statement_balance: owed,
    });
    return account_id;
  }

  /** One transaction; `amount` < 0 is money out. */
  txn(
    account_id: string,
    daysAgo: number,
    amount: number,
    category_detailed: string,
    merchant: string | null = null,
    channel: "online" | "in store" | "other" = "other",
  ): this {
    const value = cents(amount);
    if (value === 0) return this;
    const category_primary = CATEGORY_OF(category_detailed);
    this.transactions.push({
      transaction_id: this.id("txn"),
      account_id,
      user_id: this.user.user_id,
      date: this.date(daysAgo),
      amount: value,
      merchant_name: merchant,
      payment_channel: channel,
      category_primary,
      category_detailed,
      pending: daysAgo < 1,
    });
    return this;
  }

  /** Everyday spending on `account_id` over the last `days`: a purchase every three days or so, about `perMonth` a month. */
  everyday(account_id: string, days: number, perMonth: number, merchants: readonly (readonly [string, string])[]): this {
    const n = Math.max(2, Math.round(days / 3));
    const each = (perMonth * days) / 30 / n;
    for (let i = 0; i < n; i++) {
      const [merchant, category] = this.rnd.pick(merchants);
      this.txn(account_id, this.rnd.between(0, days - 1), -each * this.rnd.between(0.6, 1.4), category, merchant, "in store");
    }
    return this;
  }
}

/** `FOOD_AND_DRINK_GROCERIES` → `FOOD_AND_DRINK`: the longest known primary the detailed name starts with. */
function CATEGORY_OF(detailed: string): TransactionRecord["category_primary"] {
  const found = CATEGORY_PRIMARIES.filter((p) => detailed.startsWith(`${p}_`)).sort((a, b) => b.length - a.length)[0];
  if (!found) throw new Error(`no primary category for ${detailed}`);
  return found;
}
