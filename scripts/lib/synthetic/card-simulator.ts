/**
 * Month-by-month life of one credit card over the window: purchases, statements, interest, payments.
 * It produces the card's interest and payment transactions (and the paying checking side), moves a
 * purchase to checking when the card is at its ceiling, and returns what the liability record needs,
 * so the liability always agrees with the transactions.
 *
 * Minimum payment on a statement balance S with interest I charged on it:
 *   min = S if S <= $25, else max($25, 1% of S + I)   (all in cents, 1% rounded to the nearest cent).
 */
import { CATEGORIES } from "./catalog";
import { sameDayMonthsBack } from "./dates";
import type { DraftTxn } from "./draft";
import type { Rng } from "./rng";
import { LAST_DAY, PAYMENT_DUE_AFTER_STATEMENT } from "./schedules";

export type PaymentPolicy = "full" | "partial" | "minimum";

export interface CardPlan {
  acct: number;
  limit: number;
  /** Amount owed at the start of the window, in cents. */
  opening: number;
  /** A purchase that would take the balance owed above this goes to checking instead. */
  ceiling: number;
  aprPct: number;
  chargesInterest: boolean;
  policy: PaymentPolicy;
  /** The last statement's payment is missed. */
  overdue: boolean;
  /** From statementDays(): ascending, the first one before the window. */
  statements: number[];
}

export interface CardOutcome {
  txns: DraftTxn[];
  owedAtEnd: number;
  lastStatementBalance: number;
  minimumPayment: number;
  lastPayment: number;
  /** Day offset of the due date the liability reports (may be after the window). */
  nextDueDay: number;
  maxOwed: number;
}

/**
 * A paid-in-full card's last statement is at least this much (cents), so its payment is clearly more
 * than the $25 minimum and the card never looks minimum-payment-only.
 */
const MIN_LAST_STATEMENT = 12_000;

/**
 * Move checking purchases made since the card was last paid (so the balance owed only grew in that
 * time) onto the card, smallest first, until `wanted` cents or `room` cents. Returns cents moved.
 */
function pullPurchases(
  purchases: DraftTxn[],
  checkingAcct: number,
  plan: CardPlan,
  afterDay: number,
  upToDay: number,
  wanted: number,
  room: number,
): number {
  const candidates = purchases
    .filter((t) => t.acct === checkingAcct && t.kind !== "subscription" && t.day > afterDay && t.day <= upToDay)
    .sort((a, b) => b.cents - a.cents);
  let moved = 0;
  for (const t of candidates) {
    if (moved >= wanted) break;
    if (moved - t.cents > room) continue;
    t.acct = plan.acct;
    moved -= t.cents;
  }
  return moved;
}

function minimumPayment(statementBalance: number, interest: number): number {
  if (statementBalance <= 2500) return statementBalance;
  return Math.min(statementBalance, Math.max(2500, Math.round(statementBalance / 100) + interest));
}

function paymentFor(policy: PaymentPolicy, statement: number, minimum: number, interest: number, cyclePurchases: number): number {
  if (policy === "full") return statement;
  if (policy === "minimum") return minimum;
  const wanted = Math.max(minimum + 2000, interest + Math.round(cyclePurchases / 2));
  return Math.min(statement, Math.ceil(wanted / 500) * 500);
}

/**
 * Run the card. `purchases` is every card-eligible purchase of the user (sorted by day); those whose
 * acct is this card are charged to it, or moved to `checkingAcct` when they do not fit.
 */
export function simulateCard(rng: Rng, plan: CardPlan, purchases: DraftTxn[], checkingAcct: number, windowStart: number): CardOutcome {
  const txns: DraftTxn[] = [];
  const statements = plan.statements;
  const lastStatement = statements[statements.length - 1] as number;
  const payments = new Map<number, number>(); // day -> cents
  let owed = plan.opening;
  let maxOwed = owed;
  let cyclePurchases = 0;
  let lastStatementBalance = 0;
  let lastMinimum = 0;
  let lastPayment = 0;
  let lastPaymentDay = -1;

  const schedulePayment = (statementDay: number, amount: number) => {
    if (amount <= 0) return;
    const day =
      statementDay +
      PAYMENT_DUE_AFTER_STATEMENT -
      rng.weighted([
        [0, 6],
        [1, 2],
        [2, 1],
        [3, 1],
      ] as const);
    if (day >= 0 && day <= LAST_DAY) payments.set(day, (payments.get(day) ?? 0) + amount);
  };

  // The statement before the window: its balance is the opening balance, its payment may fall inside.
  const first = statements[0] as number;
  const firstInterest = plan.chargesInterest ? Math.round((plan.opening * plan.aprPct) / 1200) : 0;
  schedulePayment(first, paymentFor(plan.policy, plan.opening, minimumPayment(plan.opening, firstInterest), firstInterest, 0));

  const statementSet = new Set(statements);
  let p = 0;
  const mine = purchases.filter((t) => t.acct === plan.acct);
  for (let day = 0; day <= LAST_DAY; day++) {
    const pay = payments.get(day);
    if (pay !== undefined) {
      const amount = Math.min(pay, owed);
      if (amount > 0) {
        owed -= amount;
        lastPayment = amount;
        lastPaymentDay = day;
        txns.push(payment(plan.acct, day, amount), payment(checkingAcct, day, -amount));
      }
    }
    for (; p < mine.length && (mine[p] as DraftTxn).day === day; p++) {
      const t = mine[p] as DraftTxn;
      if (owed - t.cents > plan.ceiling) {
        t.acct = checkingAcct;
        continue;
      }
      owed -= t.cents;
      cyclePurchases -= t.cents;
      maxOwed = Math.max(maxOwed, owed);
    }
    if (statementSet.has(day)) {
      const interest = plan.chargesInterest && owed > 0 ? Math.round((owed * plan.aprPct) / 1200) : 0;
      if (interest > 0) {
        owed += interest;
        maxOwed = Math.max(maxOwed, owed);
        txns.push({
          acct: plan.acct,
          day,
          cents: -interest,
          merchant: null,
          channel: "other",
          category: CATEGORIES.interestCharge,
          pending: false,
          cardEligible: false,
          kind: "interest",
        });
      }
      const isLast = day === lastStatement;
      if (isLast && plan.policy === "full" && cyclePurchases < MIN_LAST_STATEMENT) {
        const moved = pullPurchases(
          purchases,
          checkingAcct,
          plan,
          lastPaymentDay,
          day,
          MIN_LAST_STATEMENT - cyclePurchases,
          plan.ceiling - owed,
        );
        owed += moved;
        cyclePurchases += moved;
        maxOwed = Math.max(maxOwed, owed);
      }
      const minimum = minimumPayment(owed, interest);
      if (!(isLast && plan.overdue)) schedulePayment(day, paymentFor(plan.policy, owed, minimum, interest, cyclePurchases));
      if (isLast) {
        lastStatementBalance = owed;
        lastMinimum = minimum;
      }
      cyclePurchases = 0;
    }
  }

  const nextDueDay = plan.overdue
    ? lastStatement + PAYMENT_DUE_AFTER_STATEMENT
    : sameDayMonthsBack(windowStart + lastStatement, -1) - windowStart + PAYMENT_DUE_AFTER_STATEMENT;
  return {
    txns,
    owedAtEnd: owed,
    lastStatementBalance,
    minimumPayment: lastMinimum,
    lastPayment,
    nextDueDay,
    maxOwed,
  };
}

function payment(acct: number, day: number, cents: number): DraftTxn {
  return {
    acct,
    day,
    cents,
    merchant: null,
    channel: "other",
    category: CATEGORIES.cardPayment,
    pending: false,
    cardEligible: false,
    kind: "card",
  };
}
