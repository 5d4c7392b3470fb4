/** Topics for subscription_heavy, savings_builder and wealth_builder people. */
import { formatMoney, formatPercent, plural } from "../format";
import type { CatalogTopic } from "./topic";
import { capitalize, windowPhrase, incomePhrase, maxUtil, efm, savingsCoverage, yourCards } from "./phrases";

export const SUBSCRIPTIONS: CatalogTopic[] = [
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

export const SAVINGS: CatalogTopic[] = [
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

export const WEALTH: CatalogTopic[] = [
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
