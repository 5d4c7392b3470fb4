/** Topics for everyone (the general persona), three of them always eligible. */
import { formatMoney, formatPercent, plural } from "../format";
import type { CatalogTopic } from "./topic";
import { windowPhrase, efm, savingsCoverage, yourCards, paySchedule } from "./phrases";

export const GENERAL: CatalogTopic[] = [
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
