/**
 * Behavioural signals for one person over a 30- or 180-day window: what they hold and the rules'
 * numbers. Computed by computeSignals (src/domain/compute-signals.ts). Every window is anchored to
 * an as-of date and covers the days (asOf - windowDays, asOf]. Every figure is rounded once, when
 * computed (src/domain/format.ts): money to cents, ratios to 4 decimals, months and days to 1
 * decimal; personas, flags, rationales and the grounding check all read these rounded values.
 */
import type { AccountRecord, LiabilityRecord, TransactionRecord } from "./dataset";

/** The windows, and their type; their zod schema is in ./window-days (scripts read these without loading zod). */
export const WINDOW_DAYS = [30, 180] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

/** Days in a normalized month (monthly_* figures are per 30 days). */
export const DAYS_PER_MONTH = 30;

/**
 * Recurring merchants are detected in the 90 days ending at as-of, for either window (a merchant
 * recurs with ≥3 charges in 90 days). A 30-day window holds one charge of a monthly subscription, too few to
 * see a cadence; a 180-day window would let a subscription cancelled months ago count. What falls
 * inside the window is reported separately (charges_in_window, recurring_spend_in_window).
 */
export const RECURRING_LOOKBACK_DAYS = 90;
export const RECURRING_MIN_CHARGES = 3;
/** Every gap between consecutive charges must fall in the cadence's range (inclusive, days). */
export const MONTHLY_GAP_DAYS = { min: 27, max: 35 } as const;
export const WEEKLY_GAP_DAYS = { min: 6, max: 8 } as const;
/** Each charge must be within max(10% of the median, $1) of the median charge. */
export const RECURRING_AMOUNT_TOLERANCE = { ratio: 0.1, dollars: 1 } as const;
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
export const UTILIZATION_FLAG_LEVELS = [
  ["utilization_ge_30", 0.3],
  ["utilization_ge_50", 0.5],
  ["utilization_ge_80", 0.8],
] as const;
export type UtilizationFlag = (typeof UTILIZATION_FLAG_LEVELS)[number][0];

/** A last payment within this of the minimum counts as "the minimum" (cents of float noise). */
export const MINIMUM_PAYMENT_EPSILON = 0.01;

export type Cadence = "monthly" | "weekly";
export type PayFrequency = "weekly" | "biweekly" | "semi-monthly" | "monthly" | "irregular" | "none";

export interface RecurringMerchant {
  merchant: string;
  cadence: Cadence;
  /** The median charge. */
  amount: number;
  monthly_equivalent: number;
  charges_in_lookback: number;
  charges_in_window: number;
  last_charge_date: string;
}

export interface SubscriptionSignals {
  lookback_days: number;
  recurring_merchant_count: number;
  /** Largest monthly equivalent first. */
  recurring_merchants: RecurringMerchant[];
  /** Sum of the monthly equivalents. */
  monthly_recurring_spend: number;
  /** Charges of the recurring merchants that fall inside the window. */
  recurring_spend_in_window: number;
  /** All spend in the window (see SPEND in src/domain/compute-signals.ts). */
  total_spend_in_window: number;
  /** recurring_spend_in_window / total_spend_in_window; 0 when there is no spend. */
  subscription_share: number;
}

export interface SavingsSignals {
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
  /** null: the institution sent none. */
  mask: string | null;
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

export interface CreditSignals {
  /** Cards with a known limit (see coverage.cards_without_limit for the others). */
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

export interface IncomeSignals {
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

/**
 * What the figures above leave out, so the profile says so (see USD ONLY in
 * src/domain/compute-signals.ts). Profiles stored before it existed lack it.
 */
export interface CoverageSignals {
  /** Every figure is in this currency. */
  currency: "USD";
  /** Accounts in another (or an unofficial) currency, and transactions in one or on such an account. */
  other_currency_accounts: number;
  other_currency_transactions: number;
  /** Accounts whose current balance the institution did not send: they add nothing to a balance. */
  accounts_without_balance: number;
  /** Credit cards without a limit: not in `credit.cards`, so in no utilization figure. */
  cards_without_limit: number;
  /** Transactions dated after as-of (e.g. scheduled): in no window until their date. */
  transactions_after_as_of: number;
}

export interface Signals {
  as_of: string;
  window_days: WindowDays;
  subscriptions: SubscriptionSignals;
  savings: SavingsSignals;
  credit: CreditSignals;
  income: IncomeSignals;
  coverage?: CoverageSignals;
}

export interface SignalsInput {
  accounts: readonly AccountRecord[];
  transactions: readonly TransactionRecord[];
  liabilities: readonly LiabilityRecord[];
}
