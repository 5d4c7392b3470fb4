/**
 * A persona's matched criteria in words for operators: "Average monthly income $12,514.00 — at
 * least $8,000.00", not "income.average_monthly_income >= 8000 (value 12514)".
 */
import { money } from "./format";

export interface Criterion {
  criterion: string;
  operator: ">=" | ">" | "<" | "==";
  value: number | boolean | null;
  threshold: number | boolean;
}

const NAMES: Record<string, string> = {
  "credit.max_utilization": "Highest card utilization",
  "credit.interest_charges": "Card interest charged",
  "credit.minimum_payment_only": "Pays only the minimum",
  "credit.is_overdue": "A card payment is overdue",
  "income.median_pay_gap_days": "Typical gap between paydays",
  "income.cash_flow_buffer_months": "Cash-flow buffer",
  "income.average_monthly_income": "Average monthly income",
  "subscriptions.recurring_merchant_count": "Recurring merchants",
  "subscriptions.monthly_recurring_spend": "Monthly recurring spend",
  "subscriptions.subscription_share": "Share of spending on subscriptions",
  "savings.growth_rate": "Savings growth rate",
  "savings.monthly_net_inflow": "Monthly net inflow to savings",
  "savings.savings_balance": "Savings balance",
  "savings.savings_balance + savings.investment_balance": "Savings and investments together",
};

const OPERATORS: Record<Criterion["operator"], string> = { ">=": "at least", ">": "more than", "<": "below", "==": "is" };

function valueOf(path: string, v: number | boolean | null): string {
  if (v === null) return "no card";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (/utilization|share|growth_rate/.test(path)) return `${(v * 100).toFixed(1)}%`;
  if (/_months$/.test(path)) return `${v.toFixed(1)} months`;
  if (/_days$/.test(path)) return `${Math.round(v)} days`;
  if (/count$/.test(path)) return String(v);
  return money(v);
}

/** "Average monthly income: $12,514.00 (at least $8,000.00)"; a yes/no criterion: "Pays only the minimum: yes". */
export function criterionInWords(k: Criterion): string {
  const name = NAMES[k.criterion] ?? k.criterion.replace(/^[a-z]+\./, "").replace(/_/g, " ");
  if (typeof k.threshold === "boolean") return `${name}: ${valueOf(k.criterion, k.value)}`;
  return `${name}: ${valueOf(k.criterion, k.value)} (${OPERATORS[k.operator]} ${valueOf(k.criterion, k.threshold)})`;
}
