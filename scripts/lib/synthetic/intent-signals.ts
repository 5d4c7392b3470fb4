/**
 * The generator's own reading of one generated user: just enough signal arithmetic to check that a
 * user looks like the persona it was generated for, and like no higher-priority one. This is a
 * conservative test harness for the data, not the product's signal code (src/domain); where a rule
 * could be read two ways it takes the reading that is harder for the data to pass.
 */
import { SAVINGS_LIKE_SUBTYPES } from "../../../src/domain/dataset";
import { MONTHLY_GAP_DAYS, WEEKLY_GAP_DAYS } from "../../../src/domain/signals";
import { parseIsoDate, WINDOW_DAYS } from "./dates";
import { PERSONAS, THRESHOLDS, type Persona } from "./personas";
import { median } from "../../../src/domain/stats";
import type { UserBundle } from "./user-generator";

/**
 * Cadence bands in days for "recurring", from the product's (src/domain/signals.ts). The monthly
 * band starts one day earlier here, the harder reading for the data: a merchant the product would
 * almost call recurring counts as recurring in these checks.
 */
const WEEKLY_GAP: readonly [number, number] = [WEEKLY_GAP_DAYS.min, WEEKLY_GAP_DAYS.max];
const MONTHLY_GAP: readonly [number, number] = [MONTHLY_GAP_DAYS.min - 1, MONTHLY_GAP_DAYS.max];
export const RECURRING_LOOKBACK_DAYS = 90;

export interface UserSignals {
  cardCount: number;
  maxUtilization: number;
  interestCharges: number;
  minimumPaymentOnly: boolean;
  overdue: boolean;
  /** Median days between INCOME_WAGES deposits; null with fewer than two. */
  medianPayGapDays: number | null;
  /** Depository balances / average monthly spending. */
  bufferMonths: number;
  monthlySpending: number;
  /** Merchants charged >= 3 times in 90 days on a weekly or monthly cadence, whatever the amounts. */
  cadenceMerchants: string[];
  /** Of those, the ones charging the same amount every time (subscriptions). */
  subscriptionMerchants: string[];
  /** Monthly-equivalent spend of the subscription merchants. */
  monthlyRecurringSpend: number;
  subscriptionShare: number;
  savingsNetInflowPerMonth: number;
  savingsGrowth: number;
  savingsBalance: number;
  investmentBalance: number;
  annualizedIncome: number;
}

const inBand = (gap: number, [lo, hi]: readonly [number, number]) => gap >= lo && gap <= hi;

/** Is this run of charge days (ascending) on a weekly or monthly cadence? Returns the band or null. */
export function cadenceOf(days: readonly number[]): "weekly" | "monthly" | null {
  if (days.length < 3) return null;
  const gaps = days.slice(1).map((d, i) => d - (days[i] as number));
  if (gaps.every((g) => inBand(g, WEEKLY_GAP))) return "weekly";
  if (gaps.every((g) => inBand(g, MONTHLY_GAP))) return "monthly";
  return null;
}

const isSpending = (detailed: string) => !detailed.startsWith("TRANSFER_") && detailed !== "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT";

export function evaluateUser(bundle: UserBundle, asOfDay: number): UserSignals {
  const months = WINDOW_DAYS / 30;
  const accountsById = new Map(bundle.accounts.map((a) => [a.account_id, a]));
  const savingsLike = new Set<string>(SAVINGS_LIKE_SUBTYPES);
  const cards = bundle.accounts.filter((a) => a.type === "credit");
  const utilizations = cards.map((a) => a.balance_current / (a.balance_limit as number));

  let interestCharges = 0;
  let spending = 0;
  let savingsFlow = 0;
  let income = 0;
  const payDays = new Set<number>();
  const recent = new Map<string, { days: number[]; amounts: number[] }>();
  const recentFrom = asOfDay - (RECURRING_LOOKBACK_DAYS - 1);
  for (const t of bundle.transactions) {
    const account = accountsById.get(t.account_id);
    if (!account) continue;
    const day = parseIsoDate(t.date) as number;
    if (t.category_detailed === "BANK_FEES_INTEREST_CHARGE" && account.type === "credit") interestCharges += 1;
    if (t.amount < 0 && isSpending(t.category_detailed)) spending += -t.amount;
    if (account.type === "depository" && savingsLike.has(account.subtype)) savingsFlow += t.amount;
    if (t.amount > 0 && t.category_detailed === "INCOME_WAGES" && account.type === "depository") {
      income += t.amount;
      payDays.add(day);
    }
    if (t.amount < 0 && t.merchant_name !== null && day >= recentFrom) {
      const r = recent.get(t.merchant_name) ?? { days: [], amounts: [] };
      r.days.push(day);
      r.amounts.push(-t.amount);
      recent.set(t.merchant_name, r);
    }
  }

  const cadenceMerchants: string[] = [];
  const subscriptionMerchants: string[] = [];
  let monthlyRecurringSpend = 0;
  for (const [merchant, r] of recent) {
    const cadence = cadenceOf(r.days);
    if (cadence === null) continue;
    cadenceMerchants.push(merchant);
    if (r.amounts.every((a) => a === r.amounts[0])) {
      subscriptionMerchants.push(merchant);
      monthlyRecurringSpend += (r.amounts[0] as number) * (cadence === "weekly" ? 52 / 12 : 1);
    }
  }

  const sortedPayDays = [...payDays].sort((a, b) => a - b);
  const payGaps = sortedPayDays.slice(1).map((d, i) => d - (sortedPayDays[i] as number));
  const depository = bundle.accounts.filter((a) => a.type === "depository");
  const savingsBalance = depository.filter((a) => savingsLike.has(a.subtype)).reduce((s, a) => s + a.balance_current, 0);
  const savingsStart = savingsBalance - savingsFlow;
  const monthlySpending = spending / months;

  return {
    cardCount: cards.length,
    maxUtilization: utilizations.length ? Math.max(...utilizations) : 0,
    interestCharges,
    minimumPaymentOnly: bundle.liabilities.some((l) => l.last_payment_amount > 0 && l.last_payment_amount <= l.minimum_payment_amount),
    overdue: bundle.liabilities.some((l) => l.is_overdue),
    medianPayGapDays: payGaps.length > 0 ? median(payGaps) : null,
    bufferMonths: depository.reduce((s, a) => s + a.balance_current, 0) / Math.max(1, monthlySpending),
    monthlySpending,
    cadenceMerchants,
    subscriptionMerchants,
    monthlyRecurringSpend,
    subscriptionShare: monthlyRecurringSpend / Math.max(1, monthlySpending),
    savingsNetInflowPerMonth: savingsFlow / months,
    savingsGrowth: savingsStart > 0 ? savingsFlow / savingsStart : savingsFlow > 0 ? Number.POSITIVE_INFINITY : 0,
    savingsBalance,
    investmentBalance: bundle.accounts.filter((a) => a.type === "investment").reduce((s, a) => s + a.balance_current, 0),
    annualizedIncome: (income * 365) / WINDOW_DAYS,
  };
}

/**
 * Does the user match a persona? `strict` picks the reading used when the user must NOT match it:
 * for subscription_heavy that is any 3 cadence merchants, whatever their amounts or spend.
 */
function matchesPersona(persona: Persona, s: UserSignals, strict = false): boolean {
  switch (persona) {
    case "high_utilization":
      return s.maxUtilization >= THRESHOLDS.highUtilization || s.interestCharges > 0 || s.minimumPaymentOnly || s.overdue;
    case "variable_income":
      return (
        s.medianPayGapDays !== null &&
        s.medianPayGapDays > THRESHOLDS.variableIncomeMinMedianGapDays &&
        s.bufferMonths < THRESHOLDS.variableIncomeMaxBufferMonths
      );
    case "subscription_heavy":
      if (strict) return s.cadenceMerchants.length >= THRESHOLDS.subscriptionMinMerchants;
      return (
        s.subscriptionMerchants.length >= THRESHOLDS.subscriptionMinMerchants &&
        (s.monthlyRecurringSpend >= THRESHOLDS.subscriptionMinMonthlySpend || s.subscriptionShare >= THRESHOLDS.subscriptionMinShare)
      );
    case "savings_builder":
      return (
        (s.savingsGrowth >= THRESHOLDS.savingsMinGrowth || s.savingsNetInflowPerMonth >= THRESHOLDS.savingsMinMonthlyInflow) &&
        s.maxUtilization < THRESHOLDS.savingsBuilderMaxUtilization
      );
    case "wealth_builder":
      return (
        s.annualizedIncome / 12 >= THRESHOLDS.wealthMinMonthlyIncome &&
        s.savingsBalance >= THRESHOLDS.wealthMinSavings &&
        s.savingsBalance + s.investmentBalance >= THRESHOLDS.wealthMinAssets &&
        s.cardCount > 0 &&
        s.maxUtilization < THRESHOLDS.wealthMaxUtilization
      );
  }
}

/** Why a user does not look like `persona` and only like it or lower ones; [] when it does. */
export function intentProblems(persona: Persona, s: UserSignals): string[] {
  const problems: string[] = [];
  if (!matchesPersona(persona, s)) problems.push(`does not match ${persona}`);
  for (const higher of PERSONAS.slice(0, PERSONAS.indexOf(persona))) {
    if (matchesPersona(higher, s, true)) problems.push(`also matches higher-priority ${higher}`);
  }
  return problems;
}
