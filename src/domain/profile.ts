/**
 * Two views of a person for the recommendation engine:
 *   - buildUserContext: the structured context (the original system's build_user_context),
 *     given to a generator. It is the person's own data.
 *   - canonicalProfileText: the text that is embedded to find similar people. Persona, window and
 *     every signal put into a coarse bucket; no names, ids, merchants, masks, dates or raw amounts.
 *     Near-identical people get identical text, so the embedding (and its cache key) is stable.
 */
import type { AccountRecord } from "./dataset";
import { roundMoney } from "./format";
import type { PersonaAssignment, PersonaType } from "./personas";
import type { CardSignal, Signals, UtilizationFlag, WindowDays } from "./signals";

interface TopAccount {
  type: AccountRecord["type"];
  subtype: string | null;
  /** Last 4 characters only; null when the institution sent none. */
  mask: string | null;
  /** null: the institution sent no current balance. */
  balance: number | null;
}

interface FlaggedCard {
  mask: string | null;
  utilization: number;
  flags: UtilizationFlag[];
}

export interface UserContext {
  user_id?: string;
  window_days: WindowDays;
  persona_type: PersonaType;
  signals: Pick<Signals, "subscriptions" | "savings" | "credit" | "income">;
  top_accounts: TopAccount[];
  flagged_cards: FlaggedCard[];
}

/** How many accounts the context lists, largest balance first. */
const TOP_ACCOUNTS_LIMIT = 5;

const personaTypeOf = (persona: PersonaType | PersonaAssignment): PersonaType =>
  typeof persona === "string" ? persona : persona.persona_type;

/** What the generator's context needs of one account: its person's serving state keeps only these, for the largest few. */
export type AccountSummary = Pick<AccountRecord, "account_id" | "type" | "subtype" | "mask" | "balance_current"> & { user_id?: string };

/** The accounts the generator's context lists (largest balance first), reduced to what it shows. */
export function summarizeAccounts(accounts: readonly AccountSummary[]): AccountSummary[] {
  return (
    [...accounts]
      // A balance Plaid did not report (null) sorts last.
      .sort((a, b) => Math.abs(b.balance_current ?? 0) - Math.abs(a.balance_current ?? 0) || a.account_id.localeCompare(b.account_id))
      .slice(0, TOP_ACCOUNTS_LIMIT)
      .map((a) => ({ account_id: a.account_id, type: a.type, subtype: a.subtype, mask: a.mask, balance_current: a.balance_current }))
  );
}

export function buildUserContext(
  signals: Signals,
  persona: PersonaType | PersonaAssignment,
  accounts: readonly AccountSummary[],
  userId?: string,
): UserContext {
  const id = userId ?? accounts[0]?.user_id;
  const top_accounts = [...accounts]
    .sort((a, b) => Math.abs(b.balance_current ?? 0) - Math.abs(a.balance_current ?? 0) || a.account_id.localeCompare(b.account_id))
    .slice(0, TOP_ACCOUNTS_LIMIT)
    .map((a) => ({
      type: a.type,
      subtype: a.subtype,
      mask: a.mask?.slice(-4) ?? null,
      balance: a.balance_current === null ? null : roundMoney(a.balance_current),
    }));
  const flagged_cards = signals.credit.cards
    .filter((c: CardSignal) => c.flags.length > 0)
    .map((c) => ({ mask: c.mask, utilization: c.utilization, flags: [...c.flags] }));
  return {
    ...(id === undefined ? {} : { user_id: id }),
    window_days: signals.window_days,
    persona_type: personaTypeOf(persona),
    signals: {
      subscriptions: signals.subscriptions,
      savings: signals.savings,
      credit: signals.credit,
      income: signals.income,
    },
    top_accounts,
    flagged_cards,
  };
}

// ---- buckets of the canonical profile ----

/** Ratio edges; labels are percent ranges ("50-70%"). */
export const UTILIZATION_BUCKETS = [0.1, 0.3, 0.5, 0.7, 0.9] as const;
const SUBSCRIPTION_SHARE_BUCKETS = [0.05, 0.1, 0.2, 0.35] as const;
const SAVINGS_GROWTH_BUCKETS = [0, 0.02, 0.05, 0.1] as const;
const PAY_VARIABILITY_BUCKETS = [0.1, 0.25, 0.5] as const;
/** Count edges; labels are ranges of whole numbers ("3-4", "8+"). */
const RECURRING_COUNT_BUCKETS = [1, 3, 5, 8] as const;
const ACCOUNT_COUNT_BUCKETS = [1, 2, 3] as const;
/** Dollar edges (per month); labels carry no "$" and are not any person's amount. */
const MONTHLY_RECURRING_SPEND_BUCKETS = [25, 50, 100, 200, 400] as const;
const MONTHLY_SAVINGS_INFLOW_BUCKETS = [0, 200, 500, 1000, 2500] as const;
const MONTHLY_INCOME_BUCKETS = [2000, 4000, 6000, 8000, 12000, 20000] as const;
const INTEREST_CHARGE_BUCKETS = [25, 100] as const;
/** Months edges. */
const EMERGENCY_FUND_MONTHS_BUCKETS = [1, 3, 6, 12] as const;
const CASH_FLOW_BUFFER_MONTHS_BUCKETS = [0.5, 1, 2, 3, 6] as const;
/** Day edges of the median pay gap. */
const PAY_GAP_DAYS_BUCKETS = [10, 20, 30, 45, 60] as const;

type Formatter = (edge: number) => string;
const pct: Formatter = (e) => `${Math.round(e * 100)}%`;
const plain: Formatter = (e) => String(e);
const kilo: Formatter = (e) => (e >= 1000 && e % 1000 === 0 ? `${e / 1000}k` : String(e));

/**
 * The bucket of a value between sorted edges, as "<first", "lo-hi" or "last+" ([lo, hi) ranges).
 * Percent labels keep the unit at the end only: "50-70%". null is "none".
 */
function bucketLabel(value: number | null, edges: readonly number[], format: Formatter, unit = ""): string {
  if (value === null) return "none";
  const first = edges[0];
  if (first === undefined) return "any";
  const strip = (s: string) => (unit && s.endsWith(unit) ? s.slice(0, -unit.length) : s);
  if (value < first) return `<${format(first)}`;
  for (let i = 1; i < edges.length; i++) {
    const hi = edges[i] as number;
    if (value < hi) return `${strip(format(edges[i - 1] as number))}-${format(hi)}`;
  }
  return `${format(edges[edges.length - 1] as number)}+`;
}

/** Integer counts: "0", "1-2", "3-4", "8+". */
function countBucket(value: number, edges: readonly number[]): string {
  const first = edges[0];
  if (first === undefined) return String(value);
  if (value < first) return first === 1 ? "0" : `<${first}`;
  for (let i = 1; i < edges.length; i++) {
    const lo = edges[i - 1] as number;
    const hi = edges[i] as number;
    if (value < hi) return hi - lo === 1 ? String(lo) : `${lo}-${hi - 1}`;
  }
  return `${edges[edges.length - 1] as number}+`;
}

const yesNo = (b: boolean) => (b ? "yes" : "no");

/** The bucketed lines, in a fixed order. */
export function canonicalProfileLines(signals: Signals, persona: PersonaType | PersonaAssignment): string[] {
  const { subscriptions: sub, savings: sav, credit: cr, income: inc } = signals;
  return [
    `persona: ${personaTypeOf(persona)}`,
    `window_days: ${signals.window_days}`,
    `accounts.credit_cards: ${countBucket(cr.card_count, ACCOUNT_COUNT_BUCKETS)}`,
    `accounts.savings_like: ${countBucket(sav.savings_account_count, ACCOUNT_COUNT_BUCKETS)}`,
    `accounts.investment: ${countBucket(sav.investment_account_count, ACCOUNT_COUNT_BUCKETS)}`,
    `subscriptions.recurring_count: ${countBucket(sub.recurring_merchant_count, RECURRING_COUNT_BUCKETS)}`,
    `subscriptions.monthly_recurring_spend: ${sub.monthly_recurring_spend === 0 ? "0" : bucketLabel(sub.monthly_recurring_spend, MONTHLY_RECURRING_SPEND_BUCKETS, plain)}`,
    `subscriptions.share: ${bucketLabel(sub.subscription_share, SUBSCRIPTION_SHARE_BUCKETS, pct, "%")}`,
    `savings.monthly_net_inflow: ${sav.savings_account_count === 0 ? "none" : bucketLabel(sav.monthly_net_inflow, MONTHLY_SAVINGS_INFLOW_BUCKETS, kilo)}`,
    `savings.growth_rate: ${bucketLabel(sav.growth_rate, SAVINGS_GROWTH_BUCKETS, pct, "%")}`,
    `savings.emergency_fund_months: ${bucketLabel(sav.emergency_fund_months, EMERGENCY_FUND_MONTHS_BUCKETS, plain)}`,
    `credit.max_utilization: ${bucketLabel(cr.max_utilization, UTILIZATION_BUCKETS, pct, "%")}`,
    `credit.interest_charges: ${cr.card_count === 0 ? "none" : cr.interest_charges === 0 ? "0" : bucketLabel(cr.interest_charges, INTEREST_CHARGE_BUCKETS, plain)}`,
    `credit.minimum_payment_only: ${yesNo(cr.minimum_payment_only)}`,
    `credit.overdue: ${yesNo(cr.is_overdue)}`,
    `income.pay_frequency: ${inc.pay_frequency}`,
    `income.median_pay_gap_days: ${bucketLabel(inc.median_pay_gap_days, PAY_GAP_DAYS_BUCKETS, plain)}`,
    `income.pay_variability: ${bucketLabel(inc.pay_variability, PAY_VARIABILITY_BUCKETS, pct, "%")}`,
    `income.average_monthly_income: ${bucketLabel(inc.average_monthly_income, MONTHLY_INCOME_BUCKETS, kilo)}`,
    `income.cash_flow_buffer_months: ${bucketLabel(inc.cash_flow_buffer_months, CASH_FLOW_BUFFER_MONTHS_BUCKETS, plain)}`,
  ];
}

/** The canonical profile text: one "key: bucket" line each, joined with newlines. */
export function canonicalProfileText(signals: Signals, persona: PersonaType | PersonaAssignment): string {
  return canonicalProfileLines(signals, persona).join("\n");
}
