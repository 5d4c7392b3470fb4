/**
 * Persona assignment: every persona rule is evaluated on the rounded
 * signals; when several match, the first in PERSONA_PRIORITY wins; when none does, `general`.
 *
 * WEALTH_BUILDER, precisely: average monthly income >= $8,000 (over the 180-day income lookback)
 * AND savings-like balances >= $25,000 AND savings-like plus investment balances >= $100,000 AND
 * every card below 10% utilization (holding no card qualifies, as for savings_builder).
 * Why these numbers: the synthetic generator builds wealth builders from >= $120k/yr payroll
 * (~$10k/month), >= $25k savings-like and >= $100k savings plus investments, all cards < 10%. The
 * income bar sits below that floor so a biweekly earner whose lookback holds 12 rather than 13
 * paychecks still qualifies, and above every other archetype's income (<= $7,500/month). A high
 * earner without savings, or with savings but carrying card debt, is not building wealth yet.
 *
 * GENERAL (the fallback) is honest: it claims nothing about the person. It is not savings_builder.
 */
import { formatMoney, formatMonths, formatPercent, formatDays } from "./format";
import type { Signals } from "./signals";

export const PERSONA_TYPES = [
  "high_utilization",
  "variable_income",
  "subscription_heavy",
  "savings_builder",
  "wealth_builder",
  "general",
] as const;
export type PersonaType = (typeof PERSONA_TYPES)[number];
/** The personas with a rule, in priority order (earlier wins). */
export const PERSONA_PRIORITY = PERSONA_TYPES.filter((p): p is Exclude<PersonaType, "general"> => p !== "general");
const FALLBACK_PERSONA = "general" satisfies PersonaType;

// high_utilization
export const HIGH_UTILIZATION_MIN = 0.5;
const HIGH_UTILIZATION_MIN_INTEREST = 0; // interest charges > 0
// variable_income
export const VARIABLE_INCOME_MIN_MEDIAN_GAP_DAYS = 45; // median pay gap > 45 days
export const VARIABLE_INCOME_MAX_BUFFER_MONTHS = 1; // cash-flow buffer < 1 month
// subscription_heavy
export const SUBSCRIPTION_MIN_RECURRING = 3;
export const SUBSCRIPTION_MIN_MONTHLY_SPEND = 50;
export const SUBSCRIPTION_MIN_SHARE = 0.1;
// savings_builder
export const SAVINGS_MIN_GROWTH_RATE = 0.02;
export const SAVINGS_MIN_MONTHLY_INFLOW = 200;
export const SAVINGS_MAX_UTILIZATION = 0.3; // every card < 30%
// wealth_builder (see the top of this file)
export const WEALTH_MIN_MONTHLY_INCOME = 8_000;
export const WEALTH_MIN_SAVINGS_BALANCE = 25_000;
export const WEALTH_MIN_TOTAL_ASSETS = 100_000;
export const WEALTH_MAX_UTILIZATION = 0.1; // every card < 10%

type Operator = ">=" | ">" | "<" | "==";

interface MatchedCriterion {
  /** A signal path, e.g. "credit.max_utilization". */
  criterion: string;
  operator: Operator;
  value: number | boolean | null;
  threshold: number | boolean;
}

export interface PersonaAssignment {
  persona_type: PersonaType;
  /** The criteria that made the assigned persona match (empty for `general`). */
  matched_criteria: MatchedCriterion[];
  /** Every persona whose rule matched, in priority order. */
  all_matches: PersonaType[];
  reasoning: string;
}

interface Evaluation {
  persona: Exclude<PersonaType, "general">;
  matched: boolean;
  criteria: MatchedCriterion[];
}

const c = (criterion: string, operator: Operator, value: number | boolean | null, threshold: number | boolean): MatchedCriterion => ({
  criterion,
  operator,
  value,
  threshold,
});

function holds(k: MatchedCriterion): boolean {
  const { value, threshold, operator } = k;
  if (value === null) return false;
  switch (operator) {
    case "==":
      return value === threshold;
    case ">=":
      return (value as number) >= (threshold as number);
    case ">":
      return (value as number) > (threshold as number);
    case "<":
      return (value as number) < (threshold as number);
  }
}

/** For "every card < x": the max utilization, where holding no card passes. */
function allCardsBelow(s: Signals, limit: number): MatchedCriterion & { passes: boolean } {
  const k = c("credit.max_utilization", "<", s.credit.max_utilization, limit);
  return { ...k, passes: s.credit.max_utilization === null || holds(k) };
}

function evaluate(s: Signals): Evaluation[] {
  const anyOf = (list: MatchedCriterion[]) => list.filter(holds);

  const high = anyOf([
    c("credit.max_utilization", ">=", s.credit.max_utilization, HIGH_UTILIZATION_MIN),
    c("credit.interest_charges", ">", s.credit.interest_charges, HIGH_UTILIZATION_MIN_INTEREST),
    c("credit.minimum_payment_only", "==", s.credit.minimum_payment_only, true),
    c("credit.is_overdue", "==", s.credit.is_overdue, true),
  ]);

  const variable = [
    c("income.median_pay_gap_days", ">", s.income.median_pay_gap_days, VARIABLE_INCOME_MIN_MEDIAN_GAP_DAYS),
    c("income.cash_flow_buffer_months", "<", s.income.cash_flow_buffer_months, VARIABLE_INCOME_MAX_BUFFER_MONTHS),
  ];

  const subsCount = c("subscriptions.recurring_merchant_count", ">=", s.subscriptions.recurring_merchant_count, SUBSCRIPTION_MIN_RECURRING);
  const subsEither = anyOf([
    c("subscriptions.monthly_recurring_spend", ">=", s.subscriptions.monthly_recurring_spend, SUBSCRIPTION_MIN_MONTHLY_SPEND),
    c("subscriptions.subscription_share", ">=", s.subscriptions.subscription_share, SUBSCRIPTION_MIN_SHARE),
  ]);

  const savingsEither = anyOf([
    c("savings.growth_rate", ">=", s.savings.growth_rate, SAVINGS_MIN_GROWTH_RATE),
    c("savings.monthly_net_inflow", ">=", s.savings.monthly_net_inflow, SAVINGS_MIN_MONTHLY_INFLOW),
  ]);
  const savingsCards = allCardsBelow(s, SAVINGS_MAX_UTILIZATION);

  const wealth = [
    c("income.average_monthly_income", ">=", s.income.average_monthly_income, WEALTH_MIN_MONTHLY_INCOME),
    c("savings.savings_balance", ">=", s.savings.savings_balance, WEALTH_MIN_SAVINGS_BALANCE),
    c(
      "savings.savings_balance + savings.investment_balance",
      ">=",
      Math.round((s.savings.savings_balance + s.savings.investment_balance) * 100) / 100,
      WEALTH_MIN_TOTAL_ASSETS,
    ),
  ];
  const wealthCards = allCardsBelow(s, WEALTH_MAX_UTILIZATION);
  const strip = ({ passes: _passes, ...k }: MatchedCriterion & { passes: boolean }): MatchedCriterion => k;

  return [
    { persona: "high_utilization", matched: high.length > 0, criteria: high },
    { persona: "variable_income", matched: variable.every(holds), criteria: variable },
    { persona: "subscription_heavy", matched: holds(subsCount) && subsEither.length > 0, criteria: [subsCount, ...subsEither] },
    {
      persona: "savings_builder",
      matched: savingsEither.length > 0 && savingsCards.passes,
      criteria: [...savingsEither, strip(savingsCards)],
    },
    { persona: "wealth_builder", matched: wealth.every(holds) && wealthCards.passes, criteria: [...wealth, strip(wealthCards)] },
  ];
}

/** A criterion in words, with the same formatting rationales use. */
function describeCriterion(k: MatchedCriterion): string {
  const fmt = (v: number | boolean | null, path: string): string => {
    if (v === null) return "n/a (no cards)";
    if (typeof v === "boolean") return String(v);
    if (/utilization|share|growth_rate/.test(path)) return formatPercent(v);
    if (/_months$/.test(path)) return formatMonths(v);
    if (/_days$/.test(path)) return formatDays(v);
    if (/count$/.test(path)) return String(v);
    return formatMoney(v);
  };
  return `${k.criterion} ${fmt(k.value, k.criterion)} ${k.operator} ${fmt(k.threshold, k.criterion)}`;
}

export function assignPersona(signals: Signals): PersonaAssignment {
  const evaluations = evaluate(signals);
  const matches = evaluations.filter((e) => e.matched);
  const winner = matches[0];
  const all_matches = matches.map((e) => e.persona);
  if (winner === undefined) {
    return {
      persona_type: FALLBACK_PERSONA,
      matched_criteria: [],
      all_matches: [],
      reasoning:
        `No persona rule matched over the ${signals.window_days}-day window, so the fallback persona ` +
        `"general" applies (general education, no claim about the person's behaviour).`,
    };
  }
  const others = all_matches.slice(1);
  const rank = PERSONA_PRIORITY.indexOf(winner.persona) + 1;
  const reasoning =
    `Assigned ${winner.persona} (priority ${rank} of ${PERSONA_PRIORITY.length}) over the ${signals.window_days}-day window: ` +
    `${winner.criteria.map(describeCriterion).join("; ")}. ` +
    `All matches in priority order: ${all_matches.join(", ")}` +
    (others.length > 0 ? ` (${others.join(", ")} outranked by ${winner.persona}).` : ".");
  return { persona_type: winner.persona, matched_criteria: winner.criteria, all_matches, reasoning };
}
