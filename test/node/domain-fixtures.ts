/**
 * Small hand-made people for the domain tests. Dates are given as "days before as-of" so a scenario
 * reads like the window it is about; as-of is fixed (never the wall clock).
 */
import { CATEGORY_PRIMARIES, type AccountRecord, type LiabilityRecord, type TransactionRecord } from "../../src/domain/dataset";
import { computeSignals } from "../../src/domain/compute-signals";
import type { Signals, SignalsInput, WindowDays } from "../../src/domain/signals";

export const AS_OF = "2025-06-30";
const DAY_MS = 86_400_000;

/** The date `n` days before `asOf` (0 = as-of itself). */
export function daysBefore(n: number, asOf = AS_OF): string {
  return new Date(Date.parse(`${asOf}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}

/** Every `step` days back from `first`, while within `span` days. */
export function every(step: number, first = 0, span = 180): number[] {
  const out: number[] = [];
  for (let d = first; d < span; d += step) out.push(d);
  return out;
}

function primaryOf(detailed: string): TransactionRecord["category_primary"] {
  const primary = [...CATEGORY_PRIMARIES].sort((a, b) => b.length - a.length).find((p) => detailed.startsWith(`${p}_`));
  if (!primary) throw new Error(`no primary category for ${detailed}`);
  return primary;
}

export interface CardOptions {
  mask: string;
  balance: number;
  limit: number;
  apr?: number;
  minimum?: number;
  lastPayment?: number;
  statementBalance?: number;
  overdue?: boolean;
}

/** A person under construction. Methods return account ids or `this` for chaining. */
export class Scenario {
  readonly accounts: AccountRecord[] = [];
  readonly transactions: TransactionRecord[] = [];
  readonly liabilities: LiabilityRecord[] = [];
  private seq = 0;

  constructor(
    readonly userId = "user_1",
    readonly asOf = AS_OF,
  ) {}

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}_${this.userId}_${this.seq}`;
  }

  private account(type: AccountRecord["type"], subtype: string, balance: number, mask: string, limit: number | null = null): string {
    const account_id = this.nextId("acc");
    this.accounts.push({
      account_id,
      user_id: this.userId,
      type,
      subtype,
      balance_available: type === "depository" ? balance : type === "credit" ? (limit as number) - balance : null,
      balance_current: balance,
      balance_limit: limit,
      iso_currency_code: "USD",
      mask,
    });
    return account_id;
  }

  checking(balance: number, mask = "1111"): string {
    return this.account("depository", "checking", balance, mask);
  }

  savings(balance: number, subtype: "savings" | "money market" | "hsa" = "savings", mask = "2222"): string {
    return this.account("depository", subtype, balance, mask);
  }

  investment(balance: number, mask = "3333"): string {
    return this.account("investment", "brokerage", balance, mask);
  }

  card(o: CardOptions): string {
    const id = this.account("credit", "credit card", o.balance, o.mask, o.limit);
    const minimum = o.minimum ?? Math.max(25, Math.round(o.balance) / 100);
    this.liabilities.push({
      liability_id: this.nextId("liab"),
      account_id: id,
      user_id: this.userId,
      liability_type: "credit_card",
      apr_percentage: o.apr ?? 22.99,
      minimum_payment_amount: minimum,
      last_payment_amount: o.lastPayment ?? Math.round(o.balance / 2),
      is_overdue: o.overdue ?? false,
      next_payment_due_date: daysBefore(-10, this.asOf),
      last_statement_balance: o.statementBalance ?? o.balance,
    });
    return id;
  }

  /** One transaction `daysBack` days before as-of; negative amount = money out. */
  txn(accountId: string, daysBack: number, amount: number, detailed: string, merchant: string | null = null): this {
    this.transactions.push({
      transaction_id: this.nextId("txn"),
      account_id: accountId,
      user_id: this.userId,
      date: daysBefore(daysBack, this.asOf),
      amount,
      merchant_name: merchant,
      payment_channel: merchant === null ? "other" : "online",
      category_primary: primaryOf(detailed),
      category_detailed: detailed,
      pending: false,
    });
    return this;
  }

  /** The same charge on each of `days` (days back). */
  repeat(accountId: string, days: readonly number[], amount: number, detailed: string, merchant: string | null = null): this {
    for (const d of days) this.txn(accountId, d, amount, detailed, merchant);
    return this;
  }

  payroll(
    accountId: string,
    days: readonly number[],
    amount: number | readonly number[],
    detailed = "INCOME_WAGES",
    payer = "ACME CORP PAYROLL",
  ): this {
    days.forEach((d, i) =>
      this.txn(accountId, d, typeof amount === "number" ? amount : (amount[i % amount.length] as number), detailed, payer),
    );
    return this;
  }

  subscription(accountId: string, merchant: string, amount: number, days: readonly number[] = [5, 35, 65]): this {
    return this.repeat(accountId, days, -Math.abs(amount), "ENTERTAINMENT_TV_AND_MOVIES", merchant);
  }

  /** Rent every 30 days from `first` back (excluded from subscriptions, counted as spend). */
  rent(accountId: string, amount: number, first = 3): this {
    return this.repeat(accountId, every(30, first), -Math.abs(amount), "RENT_AND_UTILITIES_RENT", "Parkside Apartments");
  }

  /** Irregular grocery trips at varying amounts: never a cadence, never a constant amount. */
  groceries(accountId: string, merchant = "Kroger", span = 180): this {
    const gaps = [9, 6, 11, 7, 13, 5, 10, 8, 12];
    const amounts = [54.12, 87.3, 61.05, 102.44, 38.9, 75.6, 93.15, 47.25, 66.8];
    let d = 1;
    for (let i = 0; d < span; i++) {
      this.txn(accountId, d, -(amounts[i % amounts.length] as number), "FOOD_AND_DRINK_GROCERIES", merchant);
      d += gaps[i % gaps.length] as number;
    }
    return this;
  }

  input(): SignalsInput {
    return { accounts: this.accounts, transactions: this.transactions, liabilities: this.liabilities };
  }

  signals(windowDays: WindowDays = 30, asOf: string | undefined = this.asOf): Signals {
    return computeSignals(this.input(), windowDays, asOf);
  }
}

// ---- named people (the persona rules' boundary cases) ----

/** A steady earner: biweekly $2,000 payroll, rent, groceries; no savings, no cards. */
export function steadyEarner(userId = "steady", checkingBalance = 6000): Scenario {
  const s = new Scenario(userId);
  const chk = s.checking(checkingBalance);
  s.payroll(chk, every(14, 2), 2000).rent(chk, 1200).groceries(chk);
  return s;
}

/** One card at `balance` of `limit`, with `interest` charged 10 days ago (0 = none). */
export function cardHolder(userId: string, balance: number, limit: number, interest: number, mask = "4523"): Scenario {
  const s = steadyEarner(userId);
  const card = s.card({ mask, balance, limit, apr: 24.99, minimum: 68, lastPayment: 200, statementBalance: balance });
  if (interest > 0) s.txn(card, 10, -interest, "BANK_FEES_INTEREST_CHARGE");
  s.txn(card, 12, -45.5, "FOOD_AND_DRINK_RESTAURANT", "Olive Garden");
  return s;
}

/**
 * Gig income every 50 days (the last 20 days ago), spend of exactly $2,000 in the last 30 days
 * ($1,500 rent + $500 groceries), and a checking balance of `bufferMonths` x $2,000.
 */
export function gigWorker(userId: string, bufferMonths: number): Scenario {
  const s = new Scenario(userId);
  const chk = s.checking(Math.round(bufferMonths * 2000 * 100) / 100);
  s.payroll(chk, [20, 70, 120, 170], [3000, 2400, 3600, 2800], "INCOME_OTHER_INCOME", "UPWORK ESCROW PAYOUT");
  s.rent(chk, 1500, 5);
  s.repeat(chk, [2, 9, 19, 26], -125, "FOOD_AND_DRINK_GROCERIES", "Trader Joe's");
  return s;
}

/**
 * Subscriptions `amounts` each charged 5, 35 and 65 days ago, plus rent chosen so that the 30-day
 * window's spend is `windowSpend`. Biweekly payroll and a healthy checking balance.
 */
export function subscriber(userId: string, amounts: readonly number[], windowSpend: number): Scenario {
  const s = new Scenario(userId);
  const chk = s.checking(8000);
  s.payroll(chk, every(14, 2), 2500);
  const names = ["Netflix", "Spotify", "Hulu", "Audible", "Dropbox", "Peloton", "iCloud+"];
  amounts.forEach((a, i) => s.subscription(chk, names[i % names.length] as string, a));
  const subs = amounts.reduce((t, a) => t + a, 0);
  s.rent(chk, Math.round((windowSpend - subs) * 100) / 100);
  return s;
}

/** Savings of 10,000 at the window's start growing by $500 (5%) in the last 30 days; optional card. */
export function saver(userId: string, card?: { balance: number; limit: number }): Scenario {
  const s = steadyEarner(userId);
  const chk = s.accounts[0]?.account_id as string;
  const sav = s.savings(10_500);
  s.txn(sav, 6, 250, "TRANSFER_IN_SAVINGS").txn(chk, 6, -250, "TRANSFER_OUT_SAVINGS");
  s.txn(sav, 20, 250, "TRANSFER_IN_SAVINGS").txn(chk, 20, -250, "TRANSFER_OUT_SAVINGS");
  if (card)
    s.card({ mask: "7788", balance: card.balance, limit: card.limit, minimum: 40, lastPayment: 500, statementBalance: card.balance });
  return s;
}

/** $5,000 biweekly payroll, $40k savings (no flows), $150k brokerage, a card at 3%. */
export function wealthy(userId = "wealthy", paycheck = 5000): Scenario {
  const s = new Scenario(userId);
  const chk = s.checking(15_000);
  s.payroll(chk, every(14, 4), paycheck, "INCOME_WAGES", "HOOLI INC PAYROLL");
  s.rent(chk, 2800).groceries(chk, "Whole Foods Market");
  s.savings(40_000, "money market", "5150");
  s.investment(150_000);
  const card = s.card({ mask: "9012", balance: 300, limit: 10_000, minimum: 25, lastPayment: 1200, statementBalance: 1200 });
  s.txn(card, 8, -300, "TRAVEL_FLIGHTS", "Delta Air Lines");
  return s;
}
