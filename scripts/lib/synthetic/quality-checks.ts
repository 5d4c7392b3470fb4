/**
 * Data-quality checks over a generated dataset, fed one user at a time so they run while the file is
 * streamed. Each check counts failures and keeps a few examples naming the record; what it keeps does
 * not grow with the number of users (100,000 users check in the same memory as 100). Rules:
 *   persona_distribution   users per intended persona == the largest-remainder quotas
 *   card_holders           card holders == the rule in personas.ts; every high_utilization and
 *                          wealth_builder user holds a card
 *   consent                exactly round(N * consent rate) users have consent "granted"
 *   accounts_per_user      3..4
 *   transactions_per_user  150..250
 *   liabilities            exactly one liability per credit-card account and none elsewhere; its
 *                          last_payment_amount is the card's latest payment in the data; minimum <=
 *                          statement balance; is_overdue <=> next_payment_due_date <= as-of
 *   unique_ids             no id repeats across the dataset, checked in constant memory: user numbers
 *                          strictly increase, and every record id carries its owner's number
 *                          (acc_/txn_/liab_{number}_…) and repeats nothing within that user
 *   dates_in_window        every transaction date within the 180 days ending on as-of
 *   amounts                non-zero, at most 2 decimals, |amount| <= $50,000
 *   depository_balances    replaying each checking/savings-like account's transactions from its
 *                          opening balance, no end-of-day balance is ever negative
 *   card_balances          owed stays within 0..limit on every day (no overage allowed, overdue or not)
 *   loan_balances          owed never negative
 *   groceries              grocery merchants never recur on a weekly/monthly cadence; amounts vary (CV >= 0.1)
 *   persona_intent         each user matches its intended persona and no higher-priority one
 *                          (intent-signals.ts)
 */
import {
  hasAtMostTwoDecimals,
  type DatasetAccount as AccountRecord,
  type DatasetTransaction as TransactionRecord,
} from "../../../src/domain/dataset";
import { parseIsoDate, WINDOW_DAYS } from "./dates";
import { cadenceOf, evaluateUser, intentProblems, RECURRING_LOOKBACK_DAYS } from "./intent-signals";
import { PERSONAS, personaQuotas, type Persona } from "./personas";
import { coefficientOfVariation } from "../../../src/domain/stats";
import type { PlannedUser } from "./population";
import { MAX_TXNS_PER_USER, MIN_TXNS_PER_USER } from "./draft";
import type { UserBundle } from "./user-generator";

export interface QualityCheck {
  name: string;
  failures: number;
  examples: string[];
}

export interface QualityReport {
  ok: boolean;
  checks: QualityCheck[];
  totals: { users: number; accounts: number; transactions: number; liabilities: number; cardHolders: number };
  personaCounts: Record<Persona, number>;
  /** Users whose data matched their intended persona (and no higher one), per persona. */
  intentPassed: Record<Persona, number>;
}

const MAX_EXAMPLES = 5;
const MAX_ABS_AMOUNT = 50_000;

export class QualityAccumulator {
  private readonly checks = new Map<string, QualityCheck>();
  private lastUserNumber = -1;
  private readonly personaCounts = Object.fromEntries(PERSONAS.map((p) => [p, 0])) as Record<Persona, number>;
  private readonly intentPassed = Object.fromEntries(PERSONAS.map((p) => [p, 0])) as Record<Persona, number>;
  private readonly totals = { users: 0, accounts: 0, transactions: 0, liabilities: 0, cardHolders: 0 };
  private granted = 0;
  private expectedCardHolders = 0;
  private readonly windowStart: number;

  constructor(
    private readonly population: readonly PlannedUser[],
    private readonly asOfDay: number,
    private readonly consentRate: number,
  ) {
    this.windowStart = asOfDay - (WINDOW_DAYS - 1);
    for (const name of [
      "persona_distribution",
      "card_holders",
      "consent",
      "accounts_per_user",
      "transactions_per_user",
      "liabilities",
      "unique_ids",
      "dates_in_window",
      "amounts",
      "depository_balances",
      "card_balances",
      "loan_balances",
      "groceries",
      "persona_intent",
    ]) {
      this.checks.set(name, { name, failures: 0, examples: [] });
    }
  }

  private fail(check: string, example: string): void {
    const c = this.checks.get(check) as QualityCheck;
    c.failures += 1;
    if (c.examples.length < MAX_EXAMPLES) c.examples.push(example);
  }

  /**
   * Ids are unique across the dataset when user numbers strictly increase and each record id is
   * `{kind}_{its user's digits}_…` and unique within its user: two users' prefixes never match the
   * same id, since the character after the shorter one's digits is "_" in one and a digit in the other.
   */
  private checkIds(bundle: UserBundle): void {
    const uid = bundle.user.user_id;
    const digits = /^user_(\d+)$/.exec(uid)?.[1];
    if (digits === undefined) {
      this.fail("unique_ids", `user id ${uid} is not user_<number>`);
      return;
    }
    if (Number(digits) <= this.lastUserNumber) this.fail("unique_ids", `duplicate id ${uid} (user numbers must increase)`);
    this.lastUserNumber = Math.max(this.lastUserNumber, Number(digits));
    const own = new Set<string>();
    const check = (kind: string, id: string) => {
      if (!id.startsWith(`${kind}_${digits}_`)) this.fail("unique_ids", `${id} does not carry ${uid}'s number`);
      else if (own.has(id)) this.fail("unique_ids", `duplicate id ${id}`);
      own.add(id);
    };
    bundle.accounts.forEach((a) => check("acc", a.account_id));
    bundle.transactions.forEach((t) => check("txn", t.transaction_id));
    bundle.liabilities.forEach((l) => check("liab", l.liability_id));
  }

  add(bundle: UserBundle): void {
    const { user, accounts, transactions, liabilities } = bundle;
    const uid = user.user_id;
    const planned = this.population[bundle.index];
    this.totals.users += 1;
    this.totals.accounts += accounts.length;
    this.totals.transactions += transactions.length;
    this.totals.liabilities += liabilities.length;
    this.personaCounts[bundle.persona] += 1;
    if (user.consent_status === "granted") this.granted += 1;
    if (planned?.holdsCard) this.expectedCardHolders += 1;
    if (planned?.persona !== bundle.persona)
      this.fail("persona_distribution", `${uid} generated as ${bundle.persona}, planned ${planned?.persona}`);

    const cards = accounts.filter((a) => a.type === "credit");
    if (cards.length > 0) this.totals.cardHolders += 1;
    if (cards.length > 0 !== (planned?.holdsCard ?? false))
      this.fail("card_holders", `${uid} holds ${cards.length} card(s), plan says ${planned?.holdsCard}`);

    this.checkIds(bundle);

    if (accounts.length < 3 || accounts.length > 4) this.fail("accounts_per_user", `${uid} has ${accounts.length} accounts`);
    if (transactions.length < MIN_TXNS_PER_USER || transactions.length > MAX_TXNS_PER_USER) {
      this.fail("transactions_per_user", `${uid} has ${transactions.length} transactions`);
    }

    const byAccount = new Map<string, TransactionRecord[]>(accounts.map((a) => [a.account_id, []]));
    for (const t of transactions) {
      const day = parseIsoDate(t.date);
      if (day === null || day < this.windowStart || day > this.asOfDay) this.fail("dates_in_window", `${t.transaction_id} dated ${t.date}`);
      if (t.amount === 0 || !hasAtMostTwoDecimals(t.amount) || Math.abs(t.amount) > MAX_ABS_AMOUNT) {
        this.fail("amounts", `${t.transaction_id} amount ${t.amount}`);
      }
      byAccount.get(t.account_id)?.push(t);
    }

    this.checkLiabilities(bundle, cards, byAccount);
    for (const a of accounts) this.checkBalances(a, byAccount.get(a.account_id) ?? []);
    this.checkGroceries(uid, transactions);

    const problems = intentProblems(bundle.persona, evaluateUser(bundle, this.asOfDay));
    if (problems.length === 0) this.intentPassed[bundle.persona] += 1;
    else this.fail("persona_intent", `${uid} (${bundle.persona}): ${problems.join("; ")}`);
  }

  private checkLiabilities(bundle: UserBundle, cards: AccountRecord[], byAccount: Map<string, TransactionRecord[]>): void {
    const cardIds = new Set(cards.map((c) => c.account_id));
    const seen = new Map<string, number>();
    for (const l of bundle.liabilities) {
      seen.set(l.account_id, (seen.get(l.account_id) ?? 0) + 1);
      if (!cardIds.has(l.account_id)) {
        this.fail("liabilities", `${l.liability_id} is on ${l.account_id}, not a credit card of ${bundle.user.user_id}`);
        continue;
      }
      const payments = (byAccount.get(l.account_id) ?? []).filter(
        (t) => t.category_detailed === "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" && t.amount > 0,
      );
      const latest = payments[payments.length - 1]?.amount ?? 0;
      if (latest !== l.last_payment_amount)
        this.fail("liabilities", `${l.liability_id} last_payment_amount ${l.last_payment_amount} != latest payment ${latest}`);
      if (l.minimum_payment_amount > l.last_statement_balance)
        this.fail("liabilities", `${l.liability_id} minimum above statement balance`);
      const due = parseIsoDate(l.next_payment_due_date) as number;
      if (l.is_overdue !== due <= this.asOfDay)
        this.fail("liabilities", `${l.liability_id} is_overdue=${l.is_overdue} but due ${l.next_payment_due_date}`);
    }
    for (const c of cards) {
      const n = seen.get(c.account_id) ?? 0;
      if (n !== 1) this.fail("liabilities", `card ${c.account_id} has ${n} liabilities`);
    }
  }

  /** Replay from the opening balance implied by balance_current (transactions are in date order). */
  private checkBalances(a: AccountRecord, txns: TransactionRecord[]): void {
    const cents = (x: number) => Math.round(x * 100);
    const sum = txns.reduce((s, t) => s + cents(t.amount), 0);
    const current = cents(a.balance_current);
    if (a.type === "depository") {
      let balance = current - sum;
      let min = balance;
      txns.forEach((t, i) => {
        balance += cents(t.amount);
        if (txns[i + 1]?.date !== t.date) min = Math.min(min, balance);
      });
      if (min < 0) this.fail("depository_balances", `${a.account_id} (${a.subtype}) falls to ${(min / 100).toFixed(2)}`);
    } else if (a.type === "credit") {
      const limit = cents(a.balance_limit ?? 0);
      let owed = current + sum;
      let worst = { min: owed, max: owed };
      for (const t of txns) {
        owed -= cents(t.amount);
        worst = { min: Math.min(worst.min, owed), max: Math.max(worst.max, owed) };
      }
      if (worst.min < 0 || worst.max > limit) {
        this.fail(
          "card_balances",
          `${a.account_id} owed ranges ${(worst.min / 100).toFixed(2)}..${(worst.max / 100).toFixed(2)}, limit ${a.balance_limit}`,
        );
      }
    } else if (a.type === "loan") {
      if (current < 0 || current + sum < 0) this.fail("loan_balances", `${a.account_id} owed goes negative`);
    }
  }

  private checkGroceries(uid: string, transactions: TransactionRecord[]): void {
    const stores = new Map<string, { days: number[]; amounts: number[] }>();
    const from = this.asOfDay - (RECURRING_LOOKBACK_DAYS - 1);
    for (const t of transactions) {
      if (t.category_detailed !== "FOOD_AND_DRINK_GROCERIES" || t.merchant_name === null) continue;
      const s = stores.get(t.merchant_name) ?? { days: [], amounts: [] };
      const day = parseIsoDate(t.date) as number;
      if (day >= from) s.days.push(day);
      s.amounts.push(-t.amount);
      stores.set(t.merchant_name, s);
    }
    for (const [store, s] of stores) {
      if (cadenceOf(s.days) !== null) this.fail("groceries", `${uid} ${store} recurs on a cadence`);
      if (s.amounts.length >= 3 && (coefficientOfVariation(s.amounts) ?? 0) < 0.1)
        this.fail("groceries", `${uid} ${store} amounts barely vary`);
    }
  }

  report(): QualityReport {
    const n = this.totals.users;
    const quotas = personaQuotas(n);
    for (const p of PERSONAS) {
      if (this.personaCounts[p] !== quotas[p])
        this.fail("persona_distribution", `${p}: ${this.personaCounts[p]} users, expected ${quotas[p]}`);
    }
    if (this.totals.cardHolders !== this.expectedCardHolders) {
      this.fail("card_holders", `${this.totals.cardHolders} card holders, rule says ${this.expectedCardHolders}`);
    }
    const expectedGranted = Math.round(n * this.consentRate);
    if (this.granted !== expectedGranted) this.fail("consent", `${this.granted} granted, expected ${expectedGranted}`);
    const checks = [...this.checks.values()];
    return {
      ok: checks.every((c) => c.failures === 0),
      checks,
      totals: { ...this.totals },
      personaCounts: { ...this.personaCounts },
      intentPassed: { ...this.intentPassed },
    };
  }
}
