/**
 * Computes the behavioural signals (src/domain/signals.ts) for one person over a 30- or 180-day window.
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
 * USD ONLY, AND ONLY WHAT IS KNOWN (data from Plaid may lack what the dataset always has):
 *   - an account or transaction in another currency (or an unofficial one) counts in no figure;
 *   - an account whose current balance is null adds nothing to a balance;
 *   - a card with no limit is left out of utilization (its debt, overdue flag and APR still count);
 *   - a transaction dated after as-of counts in no window.
 *   Each is counted in `coverage`, so the profile says what it left out.
 *
 * Every number is rounded here, once (src/domain/format.ts): money to cents, ratios to 4 decimals,
 * months and days to 1 decimal. Personas, flags, rationales and the grounding check all read these
 * rounded values, so a rationale cites exactly what the signals hold.
 */
import { SAVINGS_LIKE_SUBTYPES, type AccountRecord, type LiabilityRecord, type TransactionRecord } from "./dataset";
import { roundDays, roundMoney, roundMonths, roundRatio } from "./format";
import { coefficientOfVariation, gaps, median, ratioOrNull, sum } from "./stats";
import {
  DAYS_PER_MONTH,
  INCOME_LOOKBACK_DAYS,
  MINIMUM_PAYMENT_EPSILON,
  MONTHLY_GAP_DAYS,
  RECURRING_AMOUNT_TOLERANCE,
  RECURRING_LOOKBACK_DAYS,
  RECURRING_MIN_CHARGES,
  UTILIZATION_FLAG_LEVELS,
  WEEKLY_GAP_DAYS,
  WEEKS_PER_MONTH,
  type Cadence,
  type CardSignal,
  type CoverageSignals,
  type CreditSignals,
  type IncomeSignals,
  type PayFrequency,
  type RecurringMerchant,
  type SavingsSignals,
  type Signals,
  type SignalsInput,
  type SubscriptionSignals,
  type WindowDays,
} from "./signals";

/** The currency the signals are in: a record without a currency (a dataset file's) is in it. */
const SIGNAL_CURRENCY = "USD";
const inSignalCurrency = (r: { iso_currency_code?: string | null | undefined }) =>
  r.iso_currency_code === undefined || r.iso_currency_code === SIGNAL_CURRENCY;

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
const NON_PAY_INCOME_DETAILED: ReadonlySet<string> = new Set(["INCOME_DIVIDENDS", "INCOME_INTEREST_EARNED", "INCOME_TAX_REFUND"]);
const PAYROLL_DETAILED = "INCOME_WAGES";
const INTEREST_CHARGE_DETAILED = "BANK_FEES_INTEREST_CHARGE";
/** Depository subtypes that are not savings-like and not locked (a CD is neither spendable nor savings flow). */
const NON_LIQUID_DEPOSITORY: ReadonlySet<string> = new Set(["cd"]);
const SAVINGS_LIKE: ReadonlySet<string> = new Set(SAVINGS_LIKE_SUBTYPES);

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

/**
 * The as-of date for data read on `today`: the latest transaction date, but never past today, so a
 * transaction dated in the future (Plaid sends scheduled ones) counts in no window until its date.
 */
export function asOfOn(transactions: readonly { date: string }[], today: string): string {
  const latest = transactions.reduce((max, t) => (t.date > max ? t.date : max), "");
  return latest === "" || latest > today ? today : latest;
}

// ---- the signals ----

interface Txn {
  t: TransactionRecord;
  day: number;
  account: AccountRecord | undefined;
}

function isSpend(x: Txn): boolean {
  const type = x.account?.type;
  return x.t.amount < 0 && (type === "depository" || type === "credit") && !NON_SPEND_PRIMARIES.has(x.t.category_primary ?? "");
}

function isSubscriptionCandidate(x: Txn): boolean {
  return (
    isSpend(x) &&
    x.t.merchant_name !== null &&
    !NON_SUBSCRIPTION_PRIMARIES.has(x.t.category_primary ?? "") &&
    !NON_SUBSCRIPTION_DETAILED.has(x.t.category_detailed ?? "")
  );
}

function isPay(x: Txn): boolean {
  return (
    x.t.amount > 0 &&
    x.account?.type === "depository" &&
    x.t.category_primary === "INCOME" &&
    !NON_PAY_INCOME_DETAILED.has(x.t.category_detailed ?? "")
  );
}

function merchantKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Compute the signals for one person. `asOf` defaults to the latest transaction date in the input;
 * with no transactions an explicit `asOf` is required (there is no clock to fall back on).
 * Balances are reported at as-of: transactions dated after it are backed out of balance_current,
 * except those dated after `today` (when given): a balance the bank reports does not hold them yet.
 */
export function computeSignals(input: SignalsInput, windowDays: WindowDays, asOf?: string, today?: string): Signals {
  if (windowDays !== 30 && windowDays !== 180) throw new RangeError(`window_days must be 30 or 180, got ${String(windowDays)}`);
  const usdAccounts = input.accounts.filter(inSignalCurrency);
  const accountsById = new Map(usdAccounts.map((a) => [a.account_id, a]));
  const usd = input.transactions.filter((t) => inSignalCurrency(t) && accountsById.has(t.account_id));
  const all: Txn[] = usd.map((t) => ({ t, day: dayNumber(t.date), account: accountsById.get(t.account_id) }));

  let asOfDay: number;
  if (asOf !== undefined) asOfDay = dayNumber(asOf);
  else if (all.length > 0) asOfDay = all.reduce((max, x) => Math.max(max, x.day), -Infinity);
  else throw new RangeError("computeSignals: no transactions, so an explicit asOf date is required");

  const seen = all.filter((x) => x.day <= asOfDay);
  const after = all.filter((x) => x.day > asOfDay);
  const todayDay = today === undefined ? Infinity : dayNumber(today);
  const postedAfter = after.filter((x) => x.day <= todayDay);
  const within = (days: number) => (x: Txn) => x.day > asOfDay - days;
  const inWindow = seen.filter(within(windowDays));

  const balanceAtAsOf = (account: AccountRecord): number => {
    if (account.balance_current === null) return 0;
    const later = sum(postedAfter.filter((x) => x.t.account_id === account.account_id).map((x) => x.t.amount));
    // depository/investment: balance = opening + sum; credit/loan (owed): balance = opening - sum.
    return account.type === "credit" || account.type === "loan" ? account.balance_current + later : account.balance_current - later;
  };

  const totalSpend = sum(inWindow.filter(isSpend).map((x) => -x.t.amount));
  const monthlyExpenses = (totalSpend * DAYS_PER_MONTH) / windowDays;

  const subscriptions = subscriptionSignals(seen.filter(within(RECURRING_LOOKBACK_DAYS)), inWindow, asOfDay, windowDays, totalSpend);
  const savings = savingsSignals(usdAccounts, inWindow, balanceAtAsOf, windowDays, monthlyExpenses);
  const credit = creditSignals(usdAccounts, input.liabilities, inWindow, balanceAtAsOf);
  const incomeLookback = Math.max(windowDays, INCOME_LOOKBACK_DAYS);
  const income = incomeSignals(usdAccounts, seen.filter(within(incomeLookback)), incomeLookback, balanceAtAsOf, monthlyExpenses);

  const coverage: CoverageSignals = {
    currency: SIGNAL_CURRENCY,
    other_currency_accounts: input.accounts.length - usdAccounts.length,
    other_currency_transactions: input.transactions.filter((t) => !inSignalCurrency(t) || !accountsById.has(t.account_id)).length,
    accounts_without_balance: usdAccounts.filter((a) => a.balance_current === null).length,
    cards_without_limit: usdAccounts.filter((a) => a.type === "credit" && !hasLimit(a)).length,
    transactions_after_as_of: after.length,
  };
  return { as_of: isoFromDayNumber(asOfDay), window_days: windowDays, subscriptions, savings, credit, income, coverage };
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
  const savingsAccounts = accounts.filter((a) => a.type === "depository" && SAVINGS_LIKE.has(a.subtype ?? ""));
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

/** A card's limit is known: Plaid sends null for some cards (charge cards, some issuers). */
const hasLimit = (a: AccountRecord) => a.balance_limit !== null && a.balance_limit > 0;

function creditSignals(
  accounts: readonly AccountRecord[],
  liabilities: readonly LiabilityRecord[],
  inWindow: readonly Txn[],
  balanceAtAsOf: (a: AccountRecord) => number,
): CreditSignals {
  const liabilityByAccount = new Map(liabilities.map((l) => [l.account_id, l]));
  const all = accounts
    .filter((a) => a.type === "credit")
    .map((a) => {
      const balance = roundMoney(Math.max(0, balanceAtAsOf(a)));
      const limit = roundMoney(a.balance_limit ?? 0);
      const utilization = hasLimit(a) ? roundRatio(balance / limit) : 0;
      const l = liabilityByAccount.get(a.account_id);
      // Minimum-only: the last payment was > 0 and no more than the minimum, while the statement
      // asked for more than the minimum (someone paying a $20 statement in full is not "minimum only").
      // A figure the issuer did not report (null) never makes a card minimum-only.
      const paid = l?.last_payment_amount ?? null;
      const minimum = l?.minimum_payment_amount ?? null;
      const statement = l?.last_statement_balance ?? null;
      const minimumOnly =
        paid !== null &&
        minimum !== null &&
        statement !== null &&
        paid > 0 &&
        paid <= minimum + MINIMUM_PAYMENT_EPSILON &&
        statement > minimum + MINIMUM_PAYMENT_EPSILON;
      const interest = sum(
        inWindow
          .filter((x) => x.t.account_id === a.account_id && x.t.category_detailed === INTEREST_CHARGE_DETAILED)
          .map((x) => Math.abs(x.t.amount)),
      );
      const card: CardSignal = {
        account_id: a.account_id,
        mask: a.mask,
        balance,
        limit,
        utilization,
        flags: UTILIZATION_FLAG_LEVELS.filter(([, level]) => utilization >= level).map(([flag]) => flag),
        apr_percentage: l?.apr_percentage ?? null,
        minimum_payment_amount: minimum,
        last_payment_amount: paid,
        last_statement_balance: statement,
        minimum_payment_only: minimumOnly,
        is_overdue: l?.is_overdue ?? false,
        interest_charges: roundMoney(interest),
      };
      return { card, limited: hasLimit(a) };
    });
  // Cards without a known limit are left out of `cards` (and so of every utilization figure).
  const cards = all
    .filter((x) => x.limited)
    .map((x) => x.card)
    .sort((a, b) => b.utilization - a.utilization || b.balance - a.balance || (a.mask ?? "").localeCompare(b.mask ?? ""));
  const every = all.map((x) => x.card);
  const totalBalance = roundMoney(sum(cards.map((c) => c.balance)));
  const totalLimit = roundMoney(sum(cards.map((c) => c.limit)));
  const aprs = every.flatMap((c) => (c.apr_percentage === null ? [] : [c.apr_percentage]));
  const totalUtilization = cards.length > 0 ? ratioOrNull(totalBalance, totalLimit) : null;
  return {
    card_count: cards.length,
    cards,
    max_utilization: cards.length > 0 ? Math.max(...cards.map((c) => c.utilization)) : null,
    total_balance: totalBalance,
    total_limit: totalLimit,
    total_utilization: totalUtilization === null ? (cards.length > 0 ? 0 : null) : roundRatio(totalUtilization),
    flagged_card_count: cards.filter((c) => c.flags.length > 0).length,
    interest_charges: roundMoney(sum(every.map((c) => c.interest_charges))),
    minimum_payment_only: every.some((c) => c.minimum_payment_only),
    is_overdue: every.some((c) => c.is_overdue),
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
      .filter((a) => a.type === "depository" && !SAVINGS_LIKE.has(a.subtype ?? "") && !NON_LIQUID_DEPOSITORY.has(a.subtype ?? ""))
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
