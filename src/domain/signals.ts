/**
 * Behavioural signals for one person over a 30- or 180-day window.
 * Pure: no I/O, no wall clock. Every window is anchored to an explicit as-of date, by default the
 * latest transaction date in the input, and covers the days (asOf - windowDays, asOf].
 *
 * Sign convention (src/domain/dataset.ts): a NEGATIVE amount is money out on every account.
 *
 * SPEND (the one definition used for subscription share, emergency fund and cash-flow buffer):
 *   the absolute value of negative amounts on depository and credit accounts, excluding the
 *   TRANSFER_OUT and LOAN_PAYMENTS categories. So a card purchase counts once (on the card), and the
 *   checking side of the card payment, a transfer to savings or a loan payment do not; deposits,
 *   refunds and transfers in are never spend. Interest and fees charged are money out and count.
 *   Average monthly expenses = window spend * 30 / windowDays (the data is assumed to cover the
 *   window, as the importer guarantees 180 days).
 *
 * Every number is rounded here, once (src/domain/format.ts): money to cents, ratios to 4 decimals,
 * months and days to 1 decimal. Personas, flags, rationales and the grounding check all read these
 * rounded values, so a rationale cites exactly what the signals hold.
 */
import {
  SAVINGS_LIKE_SUBTYPES,
  type AccountRecord,
  type LiabilityRecord,
  type TransactionRecord,
} from "./dataset";
import { roundDays, roundMoney, roundMonths, roundRatio } from "./format";

export type WindowDays = 30 | 180;
export const WINDOW_DAYS: readonly WindowDays[] = [30, 180];

/** Days in a normalized month (monthly_* figures are per 30 days). */
const DAYS_PER_MONTH = 30;

/**
 * Recurring merchants are detected in the 90 days ending at as-of, for either window (a merchant
 * recurs with ≥3 charges in 90 days). A 30-day window holds one charge of a monthly subscription, too few to
 * see a cadence; a 180-day window would let a subscription cancelled months ago count. What falls
 * inside the window is reported separately (charges_in_window, recurring_spend_in_window).
 */
const RECURRING_LOOKBACK_DAYS = 90;
const RECURRING_MIN_CHARGES = 3;
/** Every gap between consecutive charges must fall in the cadence's range (inclusive, days). */
export const MONTHLY_GAP_DAYS = { min: 27, max: 35 } as const;
export const WEEKLY_GAP_DAYS = { min: 6, max: 8 } as const;
/** Each charge must be within max(10% of the median, $1) of the median charge. */
const RECURRING_AMOUNT_TOLERANCE = { ratio: 0.1, dollars: 1 } as const;
/** Weekly charges happen 52 times a year: 52 / 12 per month. */
export const WEEKS_PER_MONTH = 52 / 12;

/**
 * Income cadence needs more history than 30 days: a median pay gap > 45 days (the
 * variable_income rule) cannot be seen inside a 30-day window, and a monthly payer shows one deposit.
 * So income signals always look back max(windowDays, 180) days from as-of; the caller's data covers
 * 180 days.
 */
export const INCOME_LOOKBACK_DAYS = 180;

/** Utilization flags: a card at ≥30%, ≥50% or ≥80% of its limit. */
const UTILIZATION_FLAG_LEVELS = [
  ["utilization_ge_30", 0.3],
  ["utilization_ge_50", 0.5],
  ["utilization_ge_80", 0.8],
] as const;
export type UtilizationFlag = (typeof UTILIZATION_FLAG_LEVELS)[number][0];

/** A last payment within this of the minimum counts as "the minimum" (cents of float noise). */
const MINIMUM_PAYMENT_EPSILON = 0.01;

/** Categories that are never spend: moving money between own accounts or paying down a debt. */
const NON_SPEND_PRIMARIES: ReadonlySet<string> = new Set(["TRANSFER_OUT", "LOAN_PAYMENTS"]);
/**
 * Spend that is never a subscription candidate: interest and fees, and rent (a housing payment of
 * the same amount every month is not a subscription; counting it would make nearly every renter
 * subscription-heavy).
 */
const NON_SUBSCRIPTION_PRIMARIES: ReadonlySet<string> = new Set(["BANK_FEES", "INCOME", "TRANSFER_IN"]);
const NON_SUBSCRIPTION_DETAILED: ReadonlySet<string> = new Set(["RENT_AND_UTILITIES_RENT"]);
/** Income that is not pay: investment returns and one-off refunds. Everything else under INCOME is. */
const NON_PAY_INCOME_DETAILED: ReadonlySet<string> = new Set([
  "INCOME_DIVIDENDS",
  "INCOME_INTEREST_EARNED",
  "INCOME_TAX_REFUND",
]);
const PAYROLL_DETAILED = "INCOME_WAGES";
const INTEREST_CHARGE_DETAILED = "BANK_FEES_INTEREST_CHARGE";
/** Depository subtypes that are not savings-like and not locked (a CD is neither spendable nor savings flow). */
const NON_LIQUID_DEPOSITORY: ReadonlySet<string> = new Set(["cd"]);
const SAVINGS_LIKE: ReadonlySet<string> = new Set(SAVINGS_LIKE_SUBTYPES);

type Cadence = "monthly" | "weekly";
type PayFrequency = "weekly" | "biweekly" | "semi-monthly" | "monthly" | "irregular" | "none";

interface RecurringMerchant {
  merchant: string;
  cadence: Cadence;
  /** The median charge. */
  amount: number;
  monthly_equivalent: number;
  charges_in_lookback: number;
  charges_in_window: number;
  last_charge_date: string;
}

interface SubscriptionSignals {
  lookback_days: number;
  recurring_merchant_count: number;
  /** Largest monthly equivalent first. */
  recurring_merchants: RecurringMerchant[];
  /** Sum of the monthly equivalents. */
  monthly_recurring_spend: number;
  /** Charges of the recurring merchants that fall inside the window. */
  recurring_spend_in_window: number;
  /** All spend in the window (see SPEND at the top of this file). */
  total_spend_in_window: number;
  /** recurring_spend_in_window / total_spend_in_window; 0 when there is no spend. */
  subscription_share: number;
}

interface SavingsSignals {
  savings_account_count: number;
  /** Savings-like balances at as-of. */
  savings_balance: number;
  /** Sum of amounts on savings-like accounts inside the window (interest and withdrawals included). */
  net_savings_inflow: number;
  /** net_savings_inflow per 30 days. */
  monthly_net_inflow: number;
  /** net_savings_inflow / balance at the window's start; null when that balance is <= 0. */
  growth_rate: number | null;
  /** Spend per 30 days over the window. */
  average_monthly_expenses: number;
  /** savings_balance / average_monthly_expenses; null when there are no expenses. */
  emergency_fund_months: number | null;
  investment_account_count: number;
  investment_balance: number;
}

export interface CardSignal {
  account_id: string;
  mask: string;
  /** Amount owed at as-of. */
  balance: number;
  limit: number;
  utilization: number;
  flags: UtilizationFlag[];
  apr_percentage: number | null;
  minimum_payment_amount: number | null;
  last_payment_amount: number | null;
  last_statement_balance: number | null;
  minimum_payment_only: boolean;
  is_overdue: boolean;
  /** BANK_FEES_INTEREST_CHARGE on this card inside the window. */
  interest_charges: number;
}

interface CreditSignals {
  card_count: number;
  /** Highest utilization first. */
  cards: CardSignal[];
  /** null when the person holds no card. */
  max_utilization: number | null;
  total_balance: number;
  total_limit: number;
  /** total_balance / total_limit; null when the person holds no card. */
  total_utilization: number | null;
  /** Cards at or above 30% utilization. */
  flagged_card_count: number;
  interest_charges: number;
  minimum_payment_only: boolean;
  is_overdue: boolean;
  max_apr_percentage: number | null;
}

interface IncomeSignals {
  /** max(window, INCOME_LOOKBACK_DAYS); see INCOME_LOOKBACK_DAYS. */
  lookback_days: number;
  /** At least one INCOME_WAGES deposit in the lookback. */
  payroll_detected: boolean;
  /** Days with a pay deposit (deposits on one day are one event). */
  pay_event_count: number;
  pay_frequency: PayFrequency;
  /** null with fewer than two pay events. */
  median_pay_gap_days: number | null;
  /** Coefficient of variation of the pay events' amounts; null with fewer than two. */
  pay_variability: number | null;
  /** Pay in the lookback per 30 days. */
  average_monthly_income: number;
  /** Checking and other spendable depository balances at as-of. */
  liquid_balance: number;
  /** liquid_balance / average monthly expenses; null when there are no expenses. */
  cash_flow_buffer_months: number | null;
}

export interface Signals {
  as_of: string;
  window_days: WindowDays;
  subscriptions: SubscriptionSignals;
  savings: SavingsSignals;
  credit: CreditSignals;
  income: IncomeSignals;
}

export interface SignalsInput {
  accounts: readonly AccountRecord[];
  transactions: readonly TransactionRecord[];
  liabilities: readonly LiabilityRecord[];
}

// ---- dates as day numbers (days since 1970-01-01, UTC); Date.UTC reads no clock ----

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: "${iso}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== iso) throw new RangeError(`not a calendar date: "${iso}"`);
  return ms / DAY_MS;
}

function isoFromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// ---- small statistics ----

function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Population standard deviation over the mean; null for fewer than two values or a zero mean. */
function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = sum(values) / values.length;
  if (mean === 0) return null;
  const variance = sum(values.map((v) => (v - mean) ** 2)) / values.length;
  return Math.sqrt(variance) / mean;
}

function gaps(days: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < days.length; i++) out.push((days[i] as number) - (days[i - 1] as number));
  return out;
}

function ratioOrNull(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

// ---- the signals ----

interface Txn {
  t: TransactionRecord;
  day: number;
  account: AccountRecord | undefined;
}

function isSpend(x: Txn): boolean {
  const type = x.account?.type;
  return (
    x.t.amount < 0 &&
    (type === "depository" || type === "credit") &&
    !NON_SPEND_PRIMARIES.has(x.t.category_primary)
  );
}

function isSubscriptionCandidate(x: Txn): boolean {
  return (
    isSpend(x) &&
    x.t.merchant_name !== null &&
    !NON_SUBSCRIPTION_PRIMARIES.has(x.t.category_primary) &&
    !NON_SUBSCRIPTION_DETAILED.has(x.t.category_detailed)
  );
}

function isPay(x: Txn): boolean {
  return (
    x.t.amount > 0 &&
    x.account?.type === "depository" &&
    x.t.category_primary === "INCOME" &&
    !NON_PAY_INCOME_DETAILED.has(x.t.category_detailed)
  );
}

function merchantKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Compute the signals for one person. `asOf` defaults to the latest transaction date in the input;
 * with no transactions an explicit `asOf` is required (there is no clock to fall back on).
 * Balances are reported at as-of: transactions dated after it are backed out of balance_current.
 */
export function computeSignals(input: SignalsInput, windowDays: WindowDays, asOf?: string): Signals {
  if (windowDays !== 30 && windowDays !== 180) throw new RangeError(`window_days must be 30 or 180, got ${String(windowDays)}`);
  const accountsById = new Map(input.accounts.map((a) => [a.account_id, a]));
  const all: Txn[] = input.transactions.map((t) => ({ t, day: dayNumber(t.date), account: accountsById.get(t.account_id) }));

  let asOfDay: number;
  if (asOf !== undefined) asOfDay = dayNumber(asOf);
  else if (all.length > 0) asOfDay = all.reduce((max, x) => Math.max(max, x.day), -Infinity);
  else throw new RangeError("computeSignals: no transactions, so an explicit asOf date is required");

  const seen = all.filter((x) => x.day <= asOfDay);
  const after = all.filter((x) => x.day > asOfDay);
  const within = (days: number) => (x: Txn) => x.day > asOfDay - days;
  const inWindow = seen.filter(within(windowDays));

  const balanceAtAsOf = (account: AccountRecord): number => {
    const later = sum(after.filter((x) => x.t.account_id === account.account_id).map((x) => x.t.amount));
    // depository/investment: balance = opening + sum; credit/loan (owed): balance = opening - sum.
    return account.type === "credit" || account.type === "loan" ? account.balance_current + later : account.balance_current - later;
  };

  const totalSpend = sum(inWindow.filter(isSpend).map((x) => -x.t.amount));
  const monthlyExpenses = (totalSpend * DAYS_PER_MONTH) / windowDays;

  const subscriptions = subscriptionSignals(seen.filter(within(RECURRING_LOOKBACK_DAYS)), inWindow, asOfDay, windowDays, totalSpend);
  const savings = savingsSignals(input.accounts, inWindow, balanceAtAsOf, windowDays, monthlyExpenses);
  const credit = creditSignals(input.accounts, input.liabilities, inWindow, balanceAtAsOf);
  const incomeLookback = Math.max(windowDays, INCOME_LOOKBACK_DAYS);
  const income = incomeSignals(input.accounts, seen.filter(within(incomeLookback)), incomeLookback, balanceAtAsOf, monthlyExpenses);

  return { as_of: isoFromDayNumber(asOfDay), window_days: windowDays, subscriptions, savings, credit, income };
}

function detectCadence(days: readonly number[]): Cadence | null {
  const g = gaps(days);
  if (g.length === 0) return null;
  if (g.every((d) => d >= MONTHLY_GAP_DAYS.min && d <= MONTHLY_GAP_DAYS.max)) return "monthly";
  if (g.every((d) => d >= WEEKLY_GAP_DAYS.min && d <= WEEKLY_GAP_DAYS.max)) return "weekly";
  return null;
}

function nearlyConstant(amounts: readonly number[]): boolean {
  const mid = median(amounts);
  const tolerance = Math.max(mid * RECURRING_AMOUNT_TOLERANCE.ratio, RECURRING_AMOUNT_TOLERANCE.dollars);
  return amounts.every((a) => Math.abs(a - mid) <= tolerance + 1e-9);
}

function subscriptionSignals(
  lookback: readonly Txn[],
  inWindow: readonly Txn[],
  asOfDay: number,
  windowDays: number,
  totalSpend: number,
): SubscriptionSignals {
  const byMerchant = new Map<string, Txn[]>();
  for (const x of lookback.filter(isSubscriptionCandidate)) {
    const key = merchantKey(x.t.merchant_name as string);
    const list = byMerchant.get(key) ?? [];
    list.push(x);
    byMerchant.set(key, list);
  }
  const windowStart = asOfDay - windowDays;
  const merchants: RecurringMerchant[] = [];
  const recurringKeys = new Set<string>();
  for (const [key, charges] of byMerchant) {
    if (charges.length < RECURRING_MIN_CHARGES) continue;
    const sorted = [...charges].sort((a, b) => a.day - b.day);
    const cadence = detectCadence(sorted.map((x) => x.day));
    const amounts = sorted.map((x) => -x.t.amount);
    if (cadence === null || !nearlyConstant(amounts)) continue;
    const amount = roundMoney(median(amounts));
    const last = sorted[sorted.length - 1] as Txn;
    recurringKeys.add(key);
    merchants.push({
      merchant: (last.t.merchant_name as string).trim(),
      cadence,
      amount,
      monthly_equivalent: roundMoney(cadence === "monthly" ? amount : amount * WEEKS_PER_MONTH),
      charges_in_lookback: sorted.length,
      charges_in_window: sorted.filter((x) => x.day > windowStart).length,
      last_charge_date: last.t.date,
    });
  }
  merchants.sort((a, b) => b.monthly_equivalent - a.monthly_equivalent || a.merchant.localeCompare(b.merchant));
  const recurringInWindow = sum(
    inWindow
      .filter((x) => isSubscriptionCandidate(x) && recurringKeys.has(merchantKey(x.t.merchant_name as string)))
      .map((x) => -x.t.amount),
  );
  const share = ratioOrNull(recurringInWindow, totalSpend);
  return {
    lookback_days: RECURRING_LOOKBACK_DAYS,
    recurring_merchant_count: merchants.length,
    recurring_merchants: merchants,
    monthly_recurring_spend: roundMoney(sum(merchants.map((m) => m.monthly_equivalent))),
    recurring_spend_in_window: roundMoney(recurringInWindow),
    total_spend_in_window: roundMoney(totalSpend),
    subscription_share: share === null ? 0 : roundRatio(share),
  };
}

function savingsSignals(
  accounts: readonly AccountRecord[],
  inWindow: readonly Txn[],
  balanceAtAsOf: (a: AccountRecord) => number,
  windowDays: number,
  monthlyExpenses: number,
): SavingsSignals {
  const savingsAccounts = accounts.filter((a) => a.type === "depository" && SAVINGS_LIKE.has(a.subtype));
  const ids = new Set(savingsAccounts.map((a) => a.account_id));
  const balance = sum(savingsAccounts.map(balanceAtAsOf));
  const net = sum(inWindow.filter((x) => ids.has(x.t.account_id)).map((x) => x.t.amount));
  const startBalance = balance - net;
  const growth = startBalance > 0 ? net / startBalance : null;
  const investments = accounts.filter((a) => a.type === "investment");
  const expenses = roundMoney(monthlyExpenses);
  const efm = ratioOrNull(roundMoney(balance), expenses);
  return {
    savings_account_count: savingsAccounts.length,
    savings_balance: roundMoney(balance),
    net_savings_inflow: roundMoney(net),
    monthly_net_inflow: roundMoney((net * DAYS_PER_MONTH) / windowDays),
    growth_rate: growth === null ? null : roundRatio(growth),
    average_monthly_expenses: expenses,
    emergency_fund_months: efm === null ? null : roundMonths(efm),
    investment_account_count: investments.length,
    investment_balance: roundMoney(sum(investments.map(balanceAtAsOf))),
  };
}

function creditSignals(
  accounts: readonly AccountRecord[],
  liabilities: readonly LiabilityRecord[],
  inWindow: readonly Txn[],
  balanceAtAsOf: (a: AccountRecord) => number,
): CreditSignals {
  const liabilityByAccount = new Map(liabilities.map((l) => [l.account_id, l]));
  const cards: CardSignal[] = accounts
    .filter((a) => a.type === "credit")
    .map((a) => {
      const balance = roundMoney(Math.max(0, balanceAtAsOf(a)));
      // The dataset schema requires a card limit > 0; 0 here only guards a malformed record.
      const limit = roundMoney(a.balance_limit ?? 0);
      const utilization = limit > 0 ? roundRatio(balance / limit) : 0;
      const l = liabilityByAccount.get(a.account_id);
      // Minimum-only: the last payment was > 0 and no more than the minimum, while the statement
      // asked for more than the minimum (someone paying a $20 statement in full is not "minimum only").
      const minimumOnly =
        l !== undefined &&
        l.last_payment_amount > 0 &&
        l.last_payment_amount <= l.minimum_payment_amount + MINIMUM_PAYMENT_EPSILON &&
        l.last_statement_balance > l.minimum_payment_amount + MINIMUM_PAYMENT_EPSILON;
      const interest = sum(
        inWindow
          .filter((x) => x.t.account_id === a.account_id && x.t.category_detailed === INTEREST_CHARGE_DETAILED)
          .map((x) => Math.abs(x.t.amount)),
      );
      return {
        account_id: a.account_id,
        mask: a.mask,
        balance,
        limit,
        utilization,
        flags: UTILIZATION_FLAG_LEVELS.filter(([, level]) => utilization >= level).map(([flag]) => flag),
        apr_percentage: l?.apr_percentage ?? null,
        minimum_payment_amount: l?.minimum_payment_amount ?? null,
        last_payment_amount: l?.last_payment_amount ?? null,
        last_statement_balance: l?.last_statement_balance ?? null,
        minimum_payment_only: minimumOnly,
        is_overdue: l?.is_overdue ?? false,
        interest_charges: roundMoney(interest),
      };
    })
    .sort((a, b) => b.utilization - a.utilization || b.balance - a.balance || a.mask.localeCompare(b.mask));
  const totalBalance = roundMoney(sum(cards.map((c) => c.balance)));
  const totalLimit = roundMoney(sum(cards.map((c) => c.limit)));
  const aprs = cards.flatMap((c) => (c.apr_percentage === null ? [] : [c.apr_percentage]));
  const totalUtilization = cards.length > 0 ? ratioOrNull(totalBalance, totalLimit) : null;
  return {
    card_count: cards.length,
    cards,
    max_utilization: cards.length > 0 ? Math.max(...cards.map((c) => c.utilization)) : null,
    total_balance: totalBalance,
    total_limit: totalLimit,
    total_utilization: totalUtilization === null ? (cards.length > 0 ? 0 : null) : roundRatio(totalUtilization),
    flagged_card_count: cards.filter((c) => c.flags.length > 0).length,
    interest_charges: roundMoney(sum(cards.map((c) => c.interest_charges))),
    minimum_payment_only: cards.some((c) => c.minimum_payment_only),
    is_overdue: cards.some((c) => c.is_overdue),
    max_apr_percentage: aprs.length > 0 ? Math.max(...aprs) : null,
  };
}

/**
 * Pay frequency from the gaps between pay days: the band holding the median gap, if at least two
 * thirds of the gaps fall in it; otherwise irregular. In the 12–18 day band, biweekly pay repeats
 * every 14 days exactly while semi-monthly pay (the 1st and 15th, or the 15th and month-end) does not.
 */
function payFrequency(payGaps: readonly number[], eventCount: number): PayFrequency {
  if (eventCount === 0) return "none";
  if (payGaps.length === 0) return "irregular";
  const mid = median(payGaps);
  const share = (lo: number, hi: number) => payGaps.filter((g) => g >= lo && g <= hi).length / payGaps.length;
  const steady = (lo: number, hi: number) => mid >= lo && mid <= hi && share(lo, hi) >= 2 / 3;
  if (steady(5, 9)) return "weekly";
  if (steady(12, 18)) return share(14, 14) >= 0.75 ? "biweekly" : "semi-monthly";
  if (steady(26, 35)) return "monthly";
  return "irregular";
}

function incomeSignals(
  accounts: readonly AccountRecord[],
  lookback: readonly Txn[],
  lookbackDays: number,
  balanceAtAsOf: (a: AccountRecord) => number,
  monthlyExpenses: number,
): IncomeSignals {
  const pay = lookback.filter(isPay);
  const byDay = new Map<number, number>();
  for (const x of pay) byDay.set(x.day, (byDay.get(x.day) ?? 0) + x.t.amount);
  const payDays = [...byDay.keys()].sort((a, b) => a - b);
  const payGaps = gaps(payDays);
  const cv = coefficientOfVariation(payDays.map((d) => byDay.get(d) as number));
  const liquid = sum(
    accounts
      .filter((a) => a.type === "depository" && !SAVINGS_LIKE.has(a.subtype) && !NON_LIQUID_DEPOSITORY.has(a.subtype))
      .map(balanceAtAsOf),
  );
  const buffer = ratioOrNull(roundMoney(liquid), roundMoney(monthlyExpenses));
  return {
    lookback_days: lookbackDays,
    payroll_detected: pay.some((x) => x.t.category_detailed === PAYROLL_DETAILED),
    pay_event_count: payDays.length,
    pay_frequency: payFrequency(payGaps, payDays.length),
    median_pay_gap_days: payGaps.length > 0 ? roundDays(median(payGaps)) : null,
    pay_variability: cv === null ? null : roundRatio(cv),
    average_monthly_income: roundMoney((sum(pay.map((x) => x.t.amount)) * DAYS_PER_MONTH) / lookbackDays),
    liquid_balance: roundMoney(liquid),
    cash_flow_buffer_months: buffer === null ? null : roundMonths(buffer),
  };
}
