/**
 * The education catalog: topics per persona, who each is for (eligibility), and a "because"
 * rationale rendered from the person's own signals.
 *
 * Rules for rationale templates (the grounding check in guardrails.ts enforces them):
 *   - cite only numbers held in the Signals object, formatted with src/domain/format.ts;
 *   - no thresholds, targets or projections as digits (those belong to `content`, which is the same
 *     for everyone), no dates, no merchant names;
 *   - every template is total: it renders for any signals (a reused recommendation's rationale is
 *     rebuilt from the requester's signals even when its topic fits them less well).
 */
import {
  formatApr,
  formatDays,
  formatMoney,
  formatMonths,
  formatPercent,
  plural,
} from "./format";
import type { PersonaAssignment, PersonaType } from "./personas";
import type { CardSignal, Signals } from "./signals";

export interface CatalogTopic {
  /** Stable snake_case id. */
  topic: string;
  personas: PersonaType[];
  title: string;
  /** 2–4 sentences of neutral education, the same for everyone. */
  content: string;
  eligible(signals: Signals): boolean;
  rationale(signals: Signals): string;
  /** Higher first. */
  priority(signals: Signals): number;
}

// ---- helpers over signals ----

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const windowPhrase = (s: Signals) => `the last ${formatDays(s.window_days)}`;
const incomePhrase = (s: Signals) => `the last ${formatDays(s.income.lookback_days)}`;
const topCard = (s: Signals): CardSignal | undefined => s.credit.cards[0];
const firstCard = (s: Signals, pick: (c: CardSignal) => boolean): CardSignal | undefined => s.credit.cards.find(pick);
const maxUtil = (s: Signals) => s.credit.max_utilization ?? 0;
const efm = (s: Signals) => s.savings.emergency_fund_months;
const buffer = (s: Signals) => s.income.cash_flow_buffer_months;

function cardPhrase(card: CardSignal): string {
  return `your card ending in ${card.mask} is at ${formatPercent(card.utilization)} utilization (${formatMoney(card.balance)} of a ${formatMoney(card.limit)} limit)`;
}

function spendingCoverage(amount: number, months: number | null, s: Signals, what: string): string {
  if (months === null) return `${what} ${formatMoney(amount)}; we found no spending in ${windowPhrase(s)} to measure it against.`;
  return `${what} ${formatMoney(amount)}, about ${formatMonths(months)} of your ${formatMoney(s.savings.average_monthly_expenses)} average monthly spending.`;
}

/** Savings against spending, for people with and without a savings account. */
function savingsCoverage(s: Signals): string {
  if (s.savings.savings_account_count === 0) {
    return `You don't have a savings account yet; your spending averaged ${formatMoney(s.savings.average_monthly_expenses)} a month over ${windowPhrase(s)}.`;
  }
  return spendingCoverage(s.savings.savings_balance, efm(s), s, "Your savings come to");
}

/** "your card" / "your 3 cards". */
function yourCards(s: Signals): string {
  return s.credit.card_count === 1 ? "your card" : `your ${plural(s.credit.card_count, "card")}`;
}

function paySchedule(s: Signals): string {
  const i = s.income;
  if (i.median_pay_gap_days === null) {
    return `We found ${plural(i.pay_event_count, "income deposit")} over ${incomePhrase(s)}, averaging ${formatMoney(i.average_monthly_income)} a month.`;
  }
  return `Over ${incomePhrase(s)} your income deposits arrived a median of ${formatDays(i.median_pay_gap_days)} apart (${i.pay_frequency}), averaging ${formatMoney(i.average_monthly_income)} a month.`;
}

// ---- the topics ----

const HIGH: CatalogTopic[] = [
  {
    topic: "pay_down_highest_utilization_card",
    personas: ["high_utilization"],
    title: "Pay down your highest-utilization card first",
    content:
      "Credit utilization is the share of your available credit you are using, and it is one of the largest factors in credit scores. Many people aim to keep each card below 30% of its limit. Directing extra payments to the card with the highest utilization usually lowers it fastest.",
    eligible: (s) => maxUtil(s) >= 0.3,
    priority: (s) => 90 + maxUtil(s) * 10,
    rationale: (s) => {
      const card = topCard(s);
      if (!card) return "You don't have a credit card balance to pay down right now.";
      const others = s.credit.card_count > 1 ? ` It has the highest utilization of your ${plural(s.credit.card_count, "card")}.` : "";
      return `Because ${cardPhrase(card)}, extra payments on it reduce your utilization the most.${others}`;
    },
  },
  {
    topic: "stop_interest_charges",
    personas: ["high_utilization"],
    title: "Understand and stop credit card interest",
    content:
      "Card interest is charged when a statement balance is not paid in full by the due date. Paying the full statement balance each month keeps purchases interest-free during the grace period. If that is not possible yet, paying more than the minimum reduces how much interest accrues.",
    eligible: (s) => s.credit.interest_charges > 0,
    priority: (s) => 85 + Math.min(s.credit.interest_charges, 100) / 20,
    rationale: (s) => {
      if (s.credit.interest_charges <= 0) return `We found no card interest charged over ${windowPhrase(s)}.`;
      const apr = s.credit.max_apr_percentage === null ? "" : ` Your highest card APR is ${formatApr(s.credit.max_apr_percentage)}.`;
      return `You were charged ${formatMoney(s.credit.interest_charges)} in card interest over ${windowPhrase(s)}.${apr}`;
    },
  },
  {
    topic: "pay_more_than_minimum",
    personas: ["high_utilization"],
    title: "Paying more than the minimum",
    content:
      "The minimum payment is set so the account stays current, not so the balance is paid off quickly. Paying only the minimum can stretch repayment over years and add a lot of interest. Even a small fixed amount above the minimum shortens the payoff time.",
    eligible: (s) => s.credit.minimum_payment_only,
    priority: () => 88,
    rationale: (s) => {
      const card = firstCard(s, (c) => c.minimum_payment_only);
      if (!card || card.last_payment_amount === null || card.minimum_payment_amount === null || card.last_statement_balance === null) {
        return "Your recent card payments have covered more than the minimum due.";
      }
      return `Your last payment on the card ending in ${card.mask} was ${formatMoney(card.last_payment_amount)}, against a minimum due of ${formatMoney(card.minimum_payment_amount)} on a ${formatMoney(card.last_statement_balance)} statement balance.`;
    },
  },
  {
    topic: "get_current_on_overdue_payment",
    personas: ["high_utilization"],
    title: "Getting a past-due card back on track",
    content:
      "A payment that is past due can bring late fees and, after 30 days, a mark on your credit report. Paying at least the minimum due brings the account current. Setting up automatic payments for the minimum helps prevent a missed due date in the future.",
    eligible: (s) => s.credit.is_overdue,
    priority: () => 95,
    rationale: (s) => {
      const card = firstCard(s, (c) => c.is_overdue);
      if (!card) return "None of your cards shows a past-due payment.";
      const due = card.minimum_payment_amount === null ? "" : `, with a minimum due of ${formatMoney(card.minimum_payment_amount)}`;
      return `Your card ending in ${card.mask} shows a past-due payment${due}.`;
    },
  },
  {
    topic: "how_utilization_affects_credit",
    personas: ["high_utilization"],
    title: "How utilization affects your credit",
    content:
      "Scoring models look at utilization on each card and across all of your cards. Lower utilization generally signals lower risk to lenders. Utilization is measured from reported balances, so paying before the statement date can lower what is reported.",
    eligible: (s) => s.credit.card_count > 0 && maxUtil(s) >= 0.3,
    priority: (s) => 70 + (s.credit.total_utilization ?? 0) * 10,
    rationale: (s) => {
      if (s.credit.card_count === 0 || s.credit.total_utilization === null) return "You don't currently hold a credit card.";
      const owed = formatMoney(s.credit.total_balance);
      const limit = formatMoney(s.credit.total_limit);
      const util = formatPercent(s.credit.total_utilization);
      if (s.credit.card_count === 1) return `You owe ${owed} on your card's ${limit} limit, a utilization of ${util}.`;
      return `Across ${yourCards(s)} you owe ${owed} of ${limit} in combined limits, an overall utilization of ${util}.`;
    },
  },
];

const VARIABLE: CatalogTopic[] = [
  {
    topic: "budget_for_irregular_income",
    personas: ["variable_income"],
    title: "Budgeting when income is irregular",
    content:
      "When pay arrives at uneven intervals, a budget built on your lowest typical month is easier to keep. Essentials are covered first, and extra income in good months goes to savings or a buffer. Reviewing the plan after each deposit keeps it matched to what actually arrived.",
    eligible: (s) => s.income.pay_frequency === "irregular" || (s.income.median_pay_gap_days ?? 0) > 30,
    priority: (s) => 80 + Math.min(s.income.median_pay_gap_days ?? 0, 90) / 10,
    rationale: paySchedule,
  },
  {
    topic: "build_cash_flow_buffer",
    personas: ["variable_income"],
    title: "Build a cash-flow buffer",
    content:
      "A cash-flow buffer is money in checking that carries you from one deposit to the next. Many people with variable income aim for at least one month of expenses. Topping it up from larger deposits smooths out the gaps between them.",
    eligible: (s) => buffer(s) !== null && (buffer(s) as number) < 2,
    priority: (s) => 90 - (buffer(s) ?? 0) * 5,
    rationale: (s) => spendingCoverage(s.income.liquid_balance, buffer(s), s, "Your checking balance is"),
  },
  {
    topic: "smooth_income_with_holding_account",
    personas: ["variable_income"],
    title: "Pay yourself a steady amount",
    content:
      "One approach to uneven income is to deposit everything into a holding account and move a fixed amount to checking each month. The fixed amount is based on what you typically earn, not your best month. This turns irregular deposits into a predictable paycheck.",
    eligible: (s) => s.income.pay_frequency === "irregular" || (s.income.pay_variability ?? 0) >= 0.15,
    priority: (s) => 70 + Math.min(s.income.pay_variability ?? 0, 1) * 10,
    rationale: (s) => {
      const cv = s.income.pay_variability;
      if (cv === null) return paySchedule(s);
      return `Your income deposits over ${incomePhrase(s)} varied by ${formatPercent(cv)} around their average (coefficient of variation), averaging ${formatMoney(s.income.average_monthly_income)} a month.`;
    },
  },
  {
    topic: "plan_for_taxes_on_irregular_income",
    personas: ["variable_income"],
    title: "Setting aside for taxes on self-employment income",
    content:
      "Income from contract or gig work usually has no tax withheld. Setting aside a share of each payment in a separate account avoids a large bill at tax time. Self-employed people in the US may also owe quarterly estimated tax payments.",
    eligible: (s) => s.income.pay_event_count > 0 && !s.income.payroll_detected,
    priority: () => 65,
    rationale: (s) =>
      `We found ${plural(s.income.pay_event_count, "income deposit")} over ${incomePhrase(s)} and no regular payroll deposits, averaging ${formatMoney(s.income.average_monthly_income)} a month.`,
  },
  {
    topic: "prioritize_essential_bills",
    personas: ["variable_income"],
    title: "Prioritizing essentials between deposits",
    content:
      "When money is tight before the next deposit, listing bills by due date and importance helps decide what to pay first. Housing, utilities and minimum debt payments usually come first. Many billers will move a due date closer to when your income arrives if asked.",
    eligible: (s) => buffer(s) !== null && (buffer(s) as number) < 1,
    priority: () => 75,
    rationale: (s) => spendingCoverage(s.income.liquid_balance, buffer(s), s, "Between deposits you have a checking balance of"),
  },
];

const SUBSCRIPTIONS: CatalogTopic[] = [
  {
    topic: "audit_subscriptions",
    personas: ["subscription_heavy"],
    title: "Audit your recurring subscriptions",
    content:
      "Subscriptions are easy to start and easy to forget. Listing every recurring charge and asking whether you used it last month shows which ones still earn their place. Cancelling or pausing the rest frees up money every month.",
    eligible: (s) => s.subscriptions.recurring_merchant_count >= 3,
    priority: (s) => 85 + Math.min(s.subscriptions.recurring_merchant_count, 10),
    rationale: (s) =>
      `You have ${plural(s.subscriptions.recurring_merchant_count, "recurring charge")} adding up to ${formatMoney(s.subscriptions.monthly_recurring_spend)} a month.`,
  },
  {
    topic: "subscription_share_of_spending",
    personas: ["subscription_heavy"],
    title: "How much of your spending is recurring",
    content:
      "Recurring charges are committed before the month begins, which leaves less room for everything else. Comparing them with your total spending shows how much of your budget is on autopilot. A smaller committed share makes it easier to adjust when income or prices change.",
    eligible: (s) => s.subscriptions.recurring_merchant_count >= 1 && s.subscriptions.subscription_share >= 0.05,
    priority: (s) => 70 + s.subscriptions.subscription_share * 50,
    rationale: (s) =>
      `Recurring charges were ${formatPercent(s.subscriptions.subscription_share)} of your spending over ${windowPhrase(s)} (${formatMoney(s.subscriptions.recurring_spend_in_window)} of ${formatMoney(s.subscriptions.total_spend_in_window)}).`,
  },
  {
    topic: "review_largest_recurring_charge",
    personas: ["subscription_heavy"],
    title: "Start with your largest recurring charge",
    content:
      "The biggest recurring charge is often the one with the most room to save. Many services offer cheaper tiers, annual plans or promotional rates if you ask. Reviewing it once a year keeps the price in line with how much you use it.",
    eligible: (s) => s.subscriptions.recurring_merchant_count >= 2,
    priority: (s) => 60 + Math.min(s.subscriptions.recurring_merchants[0]?.monthly_equivalent ?? 0, 100) / 10,
    rationale: (s) => {
      const top = s.subscriptions.recurring_merchants[0];
      if (!top) return "We found no recurring charges in your recent activity.";
      return `Your largest recurring charge is about ${formatMoney(top.monthly_equivalent)} a month, out of ${formatMoney(s.subscriptions.monthly_recurring_spend)} in recurring charges.`;
    },
  },
  {
    topic: "set_renewal_reminders",
    personas: ["subscription_heavy"],
    title: "Keep track of renewals",
    content:
      "Free trials and annual plans renew automatically unless cancelled in time. A calendar reminder a few days before each renewal gives you the chance to decide. Some banks and card issuers can also list or block recurring merchants for you.",
    eligible: (s) => s.subscriptions.recurring_merchant_count >= 3,
    priority: () => 55,
    rationale: (s) =>
      `With ${plural(s.subscriptions.recurring_merchant_count, "recurring charge")} renewing automatically, renewal reminders help you decide before each one bills.`,
  },
];

const SAVINGS: CatalogTopic[] = [
  {
    topic: "build_emergency_fund",
    personas: ["savings_builder"],
    title: "Grow your emergency fund",
    content:
      "An emergency fund covers unexpected costs without new debt. A common goal is three to six months of essential expenses, built up in steps. Keeping it in a separate savings account makes it less tempting to spend.",
    eligible: (s) => efm(s) !== null && (efm(s) as number) < 3,
    priority: (s) => 85 - (efm(s) ?? 0) * 5,
    rationale: savingsCoverage,
  },
  {
    topic: "automate_savings",
    personas: ["savings_builder"],
    title: "Automate your savings",
    content:
      "An automatic transfer to savings scheduled right after payday makes saving the default. Starting small and raising the amount with each raise keeps it comfortable. Automation removes the monthly decision, which is often where saving stalls.",
    eligible: (s) => s.savings.savings_account_count > 0 && s.savings.monthly_net_inflow < 500,
    priority: (s) => 75 - Math.max(s.savings.monthly_net_inflow, 0) / 50,
    rationale: (s) => {
      if (s.savings.savings_account_count === 0) return "Opening a savings account is the first step toward automatic saving.";
      const net = s.savings.net_savings_inflow;
      const flow =
        net >= 0
          ? `took in a net ${formatMoney(net)}, about ${formatMoney(s.savings.monthly_net_inflow)} a month`
          : `had net withdrawals of ${formatMoney(-net)}`;
      return `Over ${windowPhrase(s)} your savings accounts ${flow}.`;
    },
  },
  {
    topic: "high_yield_savings",
    personas: ["savings_builder"],
    title: "Make your savings earn more",
    content:
      "Savings accounts pay very different interest rates, and high-yield accounts at insured banks often pay several times more than traditional ones. Moving savings there keeps the money safe and accessible while it earns more. Checking the rate once a year makes sure it stays competitive.",
    eligible: (s) => s.savings.savings_balance >= 1000,
    priority: (s) => 60 + Math.min(s.savings.savings_balance, 50_000) / 5_000,
    rationale: (s) => {
      const g = s.savings.growth_rate;
      const growth =
        g === null || g === 0 ? "" : `, which ${g > 0 ? "grew" : "fell"} ${formatPercent(Math.abs(g))} over ${windowPhrase(s)}`;
      return `You hold ${formatMoney(s.savings.savings_balance)} in savings accounts${growth}.`;
    },
  },
  {
    topic: "set_savings_goal",
    personas: ["savings_builder"],
    title: "Give your savings a goal",
    content:
      "Savings with a named purpose, such as a move, a car or an emergency fund, are easier to keep growing. Splitting a goal into a monthly amount shows whether the current pace gets you there. Separate accounts or labelled sub-accounts make progress visible.",
    eligible: (s) => s.savings.monthly_net_inflow > 0,
    priority: () => 65,
    rationale: (s) =>
      s.savings.monthly_net_inflow > 0
        ? `You're adding about ${formatMoney(s.savings.monthly_net_inflow)} a month to savings, ${formatMoney(s.savings.net_savings_inflow)} over ${windowPhrase(s)}.`
        : "A regular amount added to savings is the starting point for any savings goal.",
  },
];

const WEALTH: CatalogTopic[] = [
  {
    topic: "tax_advantaged_retirement",
    personas: ["wealth_builder"],
    title: "Use tax-advantaged retirement accounts",
    content:
      "Workplace retirement plans and IRAs let investments grow with tax advantages, up to annual contribution limits. An employer match, where offered, is part of your pay. Checking your contribution rate once a year keeps it in step with your income.",
    eligible: (s) => s.income.average_monthly_income >= 5000,
    priority: (s) => 70 + Math.min(s.income.average_monthly_income, 20_000) / 2_000,
    rationale: (s) =>
      `Your income averaged ${formatMoney(s.income.average_monthly_income)} a month over ${incomePhrase(s)}, and you hold ${formatMoney(s.savings.investment_balance)} in investment accounts.`,
  },
  {
    topic: "invest_beyond_emergency_fund",
    personas: ["wealth_builder"],
    title: "Put cash beyond your emergency fund to work",
    content:
      "Once an emergency fund covers several months of expenses, additional cash may do more in longer-term investments. Cash is still useful for goals within a few years. Deciding how much to keep liquid is a personal choice that depends on job stability and plans.",
    eligible: (s) => efm(s) !== null && (efm(s) as number) >= 6,
    priority: (s) => 75 + Math.min(efm(s) ?? 0, 24) / 4,
    rationale: savingsCoverage,
  },
  {
    topic: "diversify_investments",
    personas: ["wealth_builder"],
    title: "Diversification basics",
    content:
      "Diversification spreads money across different kinds of investments so that no single one dominates the outcome. Broad index funds are one common way to diversify at low cost. Rebalancing periodically keeps the mix close to what you intended.",
    eligible: (s) => s.savings.investment_balance > 0,
    priority: () => 68,
    rationale: (s) =>
      `You hold ${formatMoney(s.savings.investment_balance)} in investment accounts alongside ${formatMoney(s.savings.savings_balance)} in savings accounts.`,
  },
  {
    topic: "pay_cards_in_full",
    personas: ["wealth_builder"],
    title: "Keep paying cards in full",
    content:
      "Paying each card's statement balance in full avoids interest entirely and keeps utilization low. Low utilization and on-time payments are the core of a strong credit history. Card rewards are only worth it when no interest is paid.",
    eligible: (s) => s.credit.card_count > 0 && maxUtil(s) < 0.1 && s.credit.interest_charges === 0,
    priority: () => 55,
    rationale: (s) => {
      if (s.credit.card_count === 0 || s.credit.total_utilization === null) return "You don't currently hold a credit card.";
      const interest =
        s.credit.interest_charges === 0
          ? ` and you paid no card interest over ${windowPhrase(s)}`
          : `; you paid ${formatMoney(s.credit.interest_charges)} in card interest over ${windowPhrase(s)}`;
      const using = s.credit.card_count === 1 ? "is using" : "are using";
      return `${capitalize(yourCards(s))} ${using} ${formatPercent(s.credit.total_utilization)} of ${formatMoney(s.credit.total_limit)} in available credit${interest}.`;
    },
  },
  {
    topic: "review_insurance_and_beneficiaries",
    personas: ["wealth_builder"],
    title: "Protect what you've built",
    content:
      "As savings and investments grow, it is worth checking that beneficiaries on each account are current. Adequate insurance protects assets from a single large loss. A periodic review also covers whether a will or other estate documents are needed.",
    eligible: (s) => s.savings.savings_balance + s.savings.investment_balance >= 100_000,
    priority: () => 50,
    rationale: (s) =>
      `Your savings accounts hold ${formatMoney(s.savings.savings_balance)} and your investment accounts ${formatMoney(s.savings.investment_balance)}.`,
  },
];

const GENERAL: CatalogTopic[] = [
  {
    topic: "track_spending",
    personas: ["general"],
    title: "Know where your money goes",
    content:
      "Tracking spending by category for a month or two shows patterns that are hard to see day to day. Most banking apps can group transactions automatically. Knowing the pattern is the first step to deciding what, if anything, to change.",
    eligible: (s) => s.subscriptions.total_spend_in_window > 0,
    priority: () => 50,
    rationale: (s) => {
      const perMonth = s.window_days === 30 ? "" : `, about ${formatMoney(s.savings.average_monthly_expenses)} a month`;
      return `You spent ${formatMoney(s.subscriptions.total_spend_in_window)} over ${windowPhrase(s)}${perMonth}.`;
    },
  },
  {
    topic: "emergency_fund_basics",
    personas: ["general"],
    title: "Emergency fund basics",
    content:
      "An emergency fund is money set aside for unexpected costs such as a car repair or a gap in income. Even a small fund reduces the need to borrow when something comes up. A separate savings account keeps it apart from everyday spending.",
    eligible: (s) => efm(s) !== null && (efm(s) as number) < 6,
    priority: (s) => 45 - (efm(s) ?? 0),
    rationale: savingsCoverage,
  },
  {
    topic: "credit_basics",
    personas: ["general"],
    title: "Credit card basics",
    content:
      "A credit card's statement balance can be paid in full each month to avoid interest. Utilization, the share of your limit in use, and on-time payments shape your credit score. Autopay for at least the minimum protects against a missed payment.",
    eligible: (s) => s.credit.card_count > 0,
    priority: () => 40,
    rationale: (s) => {
      if (s.credit.card_count === 0 || s.credit.total_utilization === null) return "You don't currently hold a credit card.";
      return `You have ${plural(s.credit.card_count, "card")} with ${formatMoney(s.credit.total_balance)} owed on ${formatMoney(s.credit.total_limit)} of combined limits (${formatPercent(s.credit.total_utilization)} utilization).`;
    },
  },
  {
    topic: "know_your_pay_schedule",
    personas: ["general"],
    title: "Plan bills around your pay schedule",
    content:
      "Lining up bill due dates with when pay arrives reduces the chance of a short balance. Many billers let you choose a due date. A simple calendar of paydays and bills makes the month easier to see at a glance.",
    eligible: (s) => s.income.pay_event_count >= 2,
    priority: () => 35,
    rationale: paySchedule,
  },
  {
    topic: "review_recurring_charges",
    personas: ["general"],
    title: "Review your recurring charges",
    content:
      "Recurring charges such as streaming, apps and memberships add up quietly. Looking over them a couple of times a year helps catch ones you no longer use. Cancelling even one frees money every month.",
    eligible: (s) => s.subscriptions.recurring_merchant_count >= 1,
    priority: () => 38,
    rationale: (s) =>
      `You have ${plural(s.subscriptions.recurring_merchant_count, "recurring charge")} totaling ${formatMoney(s.subscriptions.monthly_recurring_spend)} a month.`,
  },
  {
    topic: "financial_checkup",
    personas: ["general"],
    title: "A regular financial check-up",
    content:
      "A short monthly check-up of balances, upcoming bills and savings keeps surprises small. It is also a good moment to check accounts for charges you don't recognize. Small adjustments made regularly tend to stick better than big changes made rarely.",
    eligible: () => true,
    priority: () => 10,
    rationale: (s) => `This overview is based on your account activity over ${windowPhrase(s)}.`,
  },
  {
    topic: "check_your_credit_report",
    personas: ["general"],
    title: "Check your credit report",
    content:
      "In the US you can get your credit reports from the three bureaus for free at AnnualCreditReport.com. Reviewing them helps catch errors or accounts you don't recognize. Disputing a mistake with the bureau is free.",
    eligible: () => true,
    priority: () => 8,
    rationale: (s) =>
      s.credit.card_count === 0
        ? "Your credit report matters even without a credit card: loans, some bills and identity checks rely on it."
        : `Your report lists ${yourCards(s)}, and lenders see how each one is used.`,
  },
  {
    topic: "protect_your_accounts",
    personas: ["general"],
    title: "Protect your accounts from fraud",
    content:
      "Turning on transaction alerts and two-factor sign-in makes unauthorized activity easier to catch early. Banks never ask for your password or one-time codes by phone or text. Reporting a suspicious charge quickly limits what you can be held responsible for.",
    eligible: () => true,
    priority: () => 6,
    rationale: () => "Alerts and two-factor sign-in protect every account you have linked, whatever its balance.",
  },
];

export const CATALOG: readonly CatalogTopic[] = [...HIGH, ...VARIABLE, ...SUBSCRIPTIONS, ...SAVINGS, ...WEALTH, ...GENERAL];

const BY_ID = new Map(CATALOG.map((t) => [t.topic, t]));

export function getTopic(topic: string): CatalogTopic | undefined {
  return BY_ID.get(topic);
}

export function topicsForPersona(persona: PersonaType): CatalogTopic[] {
  return CATALOG.filter((t) => t.personas.includes(persona));
}

function resolve(topic: string | CatalogTopic): CatalogTopic {
  if (typeof topic !== "string") return topic;
  const found = BY_ID.get(topic);
  if (!found) throw new RangeError(`unknown catalog topic "${topic}"`);
  return found;
}

/** False for an unknown topic id. */
export function isTopicEligible(topic: string | CatalogTopic, signals: Signals): boolean {
  const t = typeof topic === "string" ? BY_ID.get(topic) : topic;
  return t !== undefined && t.eligible(signals);
}

/** The rationale for a topic, rendered from these signals (used to rebuild a reused recommendation's). */
export function renderRationale(topic: string | CatalogTopic, signals: Signals): string {
  return resolve(topic).rationale(signals);
}

export interface SelectOptions {
  min: number;
  max: number;
}

/**
 * The best eligible topics for a persona: its own eligible topics by priority (highest first, then
 * catalog order), then eligible `general` topics, then any other eligible topic, until `min` is
 * reached; never more than `max`. Three general topics are always eligible (financial_checkup,
 * check_your_credit_report, protect_your_accounts), so the default minimum of 3 is always met.
 */
export function selectTopics(
  signals: Signals,
  persona: PersonaType | PersonaAssignment,
  options: SelectOptions = { min: 3, max: 5 },
): CatalogTopic[] {
  const personaType = typeof persona === "string" ? persona : persona.persona_type;
  const ranked = (list: readonly CatalogTopic[]) =>
    list
      .filter((t) => t.eligible(signals))
      .map((t, order) => ({ t, order, p: t.priority(signals) }))
      .sort((a, b) => b.p - a.p || a.order - b.order)
      .map((x) => x.t);
  const chosen: CatalogTopic[] = ranked(topicsForPersona(personaType)).slice(0, options.max);
  const topUp = (list: readonly CatalogTopic[]) => {
    for (const t of ranked(list)) {
      if (chosen.length >= options.min) return;
      if (!chosen.includes(t)) chosen.push(t);
    }
  };
  topUp(topicsForPersona("general"));
  topUp(CATALOG);
  return chosen;
}
