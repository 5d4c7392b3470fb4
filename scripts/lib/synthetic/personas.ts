/**
 * Persona plans: how many users of each persona a dataset of N users gets, which index gets which
 * persona, and the archetype each persona is generated from.
 *
 * PERSONA RATIOS. high_utilization 40%, subscription_heavy 30%, savings_builder 15%,
 * variable_income 10%, wealth_builder 5%, rounded to whole users by largest remainder (ties go to the
 * persona listed first). The personas are then shuffled over the indices with the seed.
 *
 * CREDIT-CARD HOLDERS (the rule, deterministic for a given N):
 *   - high_utilization: 100% (the persona is about cards; every one has >= 1 card),
 *   - wealth_builder:   100% (its "utilization < 10%" must be measurable, not vacuous),
 *   - subscription_heavy, savings_builder, variable_income: exactly ceil(k / 4) of the k users of
 *     each (those whose rank within their persona is a multiple of 4), so that every persona also
 *     has people who hold a card and use it lightly, which proves a card alone never makes someone
 *     high_utilization.
 * Overall that is 45% + 55% / 4 ~= 58.75% of users (588 of 1,000; 295 of 500; 45 of 75). A target of
 * "~30% have credit cards" cannot hold together with 40% high_utilization, which needs a card
 * each; 40% is the floor, and the rule above stays as close to it as the coverage goals allow.
 * Every credit-card account has exactly one liability record.
 *
 * WEALTH_BUILDER (the generator's precise definition, checked by quality-checks.ts): annualized
 * INCOME_WAGES deposits >= $120,000, savings-like balances (savings, money market, HSA) >= $25,000,
 * savings-like plus investment balances >= $100,000, at least one card and every card < 10%
 * utilization, and none of the higher-priority personas.
 */
import {
  HIGH_UTILIZATION_MIN,
  SAVINGS_MAX_UTILIZATION,
  SAVINGS_MIN_GROWTH_RATE,
  SAVINGS_MIN_MONTHLY_INFLOW,
  SUBSCRIPTION_MIN_MONTHLY_SPEND,
  SUBSCRIPTION_MIN_RECURRING,
  SUBSCRIPTION_MIN_SHARE,
  VARIABLE_INCOME_MAX_BUFFER_MONTHS,
  VARIABLE_INCOME_MIN_MEDIAN_GAP_DAYS,
  WEALTH_MAX_UTILIZATION,
  WEALTH_MIN_MONTHLY_INCOME,
  WEALTH_MIN_SAVINGS_BALANCE,
  WEALTH_MIN_TOTAL_ASSETS,
} from "../../../src/domain/personas";

/** The personas with a rule, in the engine's priority order: earlier wins when several match. */
export const PERSONAS = ["high_utilization", "variable_income", "subscription_heavy", "savings_builder", "wealth_builder"] as const;
export type Persona = (typeof PERSONAS)[number];

/** Target shares in percent, largest first (this order is also the tie-break order). */
export const PERSONA_WEIGHTS: readonly (readonly [Persona, number])[] = [
  ["high_utilization", 40],
  ["subscription_heavy", 30],
  ["savings_builder", 15],
  ["variable_income", 10],
  ["wealth_builder", 5],
];

/** Exact persona counts for n users by largest-remainder (Hamilton) rounding, in integers. */
export function personaQuotas(n: number): Record<Persona, number> {
  const quotas = Object.fromEntries(PERSONAS.map((p) => [p, 0])) as Record<Persona, number>;
  const rows = PERSONA_WEIGHTS.map(([persona, weight], order) => ({
    persona,
    order,
    floor: Math.floor((n * weight) / 100),
    remainder: (n * weight) % 100,
  }));
  let left = n - rows.reduce((s, r) => s + r.floor, 0);
  for (const r of rows) quotas[r.persona] = r.floor;
  const byRemainder = rows.slice().sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (const r of byRemainder) {
    if (left === 0) break;
    quotas[r.persona] += 1;
    left -= 1;
  }
  return quotas;
}

/** Card-holder rule (see the top of this file) for a user of `persona` ranked `rank` within it. */
export function holdsCreditCard(persona: Persona, rankInPersona: number): boolean {
  if (persona === "high_utilization" || persona === "wealth_builder") return true;
  return rankInPersona % 4 === 0;
}

/** Account roles a generated user can have; each maps to one Plaid type/subtype. */
export type AccountRole =
  | "checking"
  | "savings"
  | "money_market"
  | "hsa"
  | "card"
  | "student_loan"
  | "auto_loan"
  | "brokerage"
  | "ira"
  | "401k";

export const ROLE_TYPES: Record<AccountRole, { type: "depository" | "credit" | "investment" | "loan"; subtype: string }> = {
  checking: { type: "depository", subtype: "checking" },
  savings: { type: "depository", subtype: "savings" },
  money_market: { type: "depository", subtype: "money market" },
  hsa: { type: "depository", subtype: "hsa" },
  card: { type: "credit", subtype: "credit card" },
  student_loan: { type: "loan", subtype: "student" },
  auto_loan: { type: "loan", subtype: "auto" },
  brokerage: { type: "investment", subtype: "brokerage" },
  ira: { type: "investment", subtype: "ira" },
  "401k": { type: "investment", subtype: "401k" },
};

type Range = readonly [number, number];

/**
 * The archetype of each persona. Money is in dollars per month unless named otherwise; ranges are
 * drawn uniformly per user.
 */
export interface Archetype {
  /** Monthly take-home pay (regular earners) or monthly spending level (variable earners). */
  monthlyIncome: Range;
  /** Share of paydays that are biweekly (the rest are monthly); ignored for gig income. */
  biweeklyShare: number;
  gigIncome: boolean;
  /**
   * Regular pay is resized (0.7x..1.4x) so checking ends at this many months of the drawn pay;
   * null keeps the drawn pay (wealth_builder: its income is part of the definition).
   */
  balancedPay: Range | null;
  rentShare: Range;
  groceryShare: Range;
  discretionaryShare: Range;
  /** Subscriptions drawn per user (inclusive). */
  subscriptions: Range;
  /**
   * Cap on merchants charged on a monthly cadence (subscriptions, electricity, internet, phone) so a
   * lower-priority persona cannot look subscription_heavy; null = uncapped.
   */
  recurringMerchantCap: number | null;
  /** Share of card-eligible purchases put on a card, when the user holds one. */
  cardShare: Range;
}

export const ARCHETYPES: Record<Persona, Archetype> = {
  high_utilization: {
    monthlyIncome: [2800, 5500],
    biweeklyShare: 0.65,
    gigIncome: false,
    balancedPay: [0.1, 0.6],
    rentShare: [0.28, 0.36],
    groceryShare: [0.07, 0.11],
    discretionaryShare: [0.3, 0.4],
    subscriptions: [0, 3],
    recurringMerchantCap: null,
    cardShare: [0.55, 0.75],
  },
  subscription_heavy: {
    monthlyIncome: [3200, 6500],
    biweeklyShare: 0.65,
    gigIncome: false,
    balancedPay: [0.3, 1.0],
    rentShare: [0.25, 0.33],
    groceryShare: [0.07, 0.1],
    discretionaryShare: [0.22, 0.32],
    subscriptions: [3, 6],
    recurringMerchantCap: null,
    cardShare: [0.3, 0.5],
  },
  savings_builder: {
    monthlyIncome: [3600, 7500],
    biweeklyShare: 0.65,
    gigIncome: false,
    balancedPay: [0.5, 1.5],
    rentShare: [0.2, 0.28],
    groceryShare: [0.06, 0.09],
    discretionaryShare: [0.14, 0.22],
    subscriptions: [0, 1],
    recurringMerchantCap: 2,
    cardShare: [0.3, 0.5],
  },
  variable_income: {
    monthlyIncome: [2000, 4000],
    biweeklyShare: 0,
    gigIncome: true,
    balancedPay: null,
    rentShare: [0.3, 0.38],
    groceryShare: [0.09, 0.13],
    discretionaryShare: [0.25, 0.35],
    subscriptions: [0, 2],
    recurringMerchantCap: null,
    cardShare: [0.25, 0.4],
  },
  wealth_builder: {
    monthlyIncome: [11000, 19000],
    biweeklyShare: 1,
    gigIncome: false,
    balancedPay: null,
    rentShare: [0.12, 0.2],
    groceryShare: [0.04, 0.06],
    discretionaryShare: [0.12, 0.2],
    subscriptions: [0, 1],
    recurringMerchantCap: 2,
    cardShare: [0.4, 0.6],
  },
};

/**
 * The persona rules' thresholds, as the product defines them (src/domain/personas.ts): the one
 * source of truth, read here by the generator's quality checks.
 */
export const THRESHOLDS = {
  highUtilization: HIGH_UTILIZATION_MIN,
  savingsBuilderMaxUtilization: SAVINGS_MAX_UTILIZATION,
  wealthMaxUtilization: WEALTH_MAX_UTILIZATION,
  variableIncomeMinMedianGapDays: VARIABLE_INCOME_MIN_MEDIAN_GAP_DAYS,
  variableIncomeMaxBufferMonths: VARIABLE_INCOME_MAX_BUFFER_MONTHS,
  subscriptionMinMerchants: SUBSCRIPTION_MIN_RECURRING,
  subscriptionMinMonthlySpend: SUBSCRIPTION_MIN_MONTHLY_SPEND,
  subscriptionMinShare: SUBSCRIPTION_MIN_SHARE,
  savingsMinGrowth: SAVINGS_MIN_GROWTH_RATE,
  savingsMinMonthlyInflow: SAVINGS_MIN_MONTHLY_INFLOW,
  wealthMinMonthlyIncome: WEALTH_MIN_MONTHLY_INCOME,
  wealthMinSavings: WEALTH_MIN_SAVINGS_BALANCE,
  wealthMinAssets: WEALTH_MIN_TOTAL_ASSETS,
} as const;
