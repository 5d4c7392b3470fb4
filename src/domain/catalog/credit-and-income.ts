/** Topics for high_utilization and variable_income people. */
import { formatApr, formatMoney, formatPercent, plural } from "../format";
import type { CatalogTopic } from "./topic";
import {
  windowPhrase,
  incomePhrase,
  topCard,
  firstCard,
  maxUtil,
  buffer,
  cardPhrase,
  cardName,
  spendingCoverage,
  yourCards,
  paySchedule,
} from "./phrases";

export const HIGH: CatalogTopic[] = [
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
      return `Your last payment on the ${cardName(card)} was ${formatMoney(card.last_payment_amount)}, against a minimum due of ${formatMoney(card.minimum_payment_amount)} on a ${formatMoney(card.last_statement_balance)} statement balance.`;
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
      return `Your ${cardName(card)} shows a past-due payment${due}.`;
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

export const VARIABLE: CatalogTopic[] = [
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
