/** Phrases over a person's signals that the catalog's rationales share (src/domain/catalog.ts has the rules). */
import { formatDays, formatMoney, formatMonths, formatPercent, plural } from "../format";
import type { CardSignal, Signals } from "../signals";

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
export const windowPhrase = (s: Signals) => `the last ${formatDays(s.window_days)}`;
export const incomePhrase = (s: Signals) => `the last ${formatDays(s.income.lookback_days)}`;
export const topCard = (s: Signals): CardSignal | undefined => s.credit.cards[0];
export const firstCard = (s: Signals, pick: (c: CardSignal) => boolean): CardSignal | undefined => s.credit.cards.find(pick);
export const maxUtil = (s: Signals) => s.credit.max_utilization ?? 0;
export const efm = (s: Signals) => s.savings.emergency_fund_months;
export const buffer = (s: Signals) => s.income.cash_flow_buffer_months;

/** "card ending in 1234", or "card" when the institution sent no mask. */
export const cardName = (card: CardSignal) => (card.mask === null ? "card" : `card ending in ${card.mask}`);

export function cardPhrase(card: CardSignal): string {
  return `your ${cardName(card)} is at ${formatPercent(card.utilization)} utilization (${formatMoney(card.balance)} of a ${formatMoney(card.limit)} limit)`;
}

export function spendingCoverage(amount: number, months: number | null, s: Signals, what: string): string {
  if (months === null) return `${what} ${formatMoney(amount)}; we found no spending in ${windowPhrase(s)} to measure it against.`;
  return `${what} ${formatMoney(amount)}, about ${formatMonths(months)} of your ${formatMoney(s.savings.average_monthly_expenses)} average monthly spending.`;
}

/** Savings against spending, for people with and without a savings account. */
export function savingsCoverage(s: Signals): string {
  if (s.savings.savings_account_count === 0) {
    return `You don't have a savings account yet; your spending averaged ${formatMoney(s.savings.average_monthly_expenses)} a month over ${windowPhrase(s)}.`;
  }
  return spendingCoverage(s.savings.savings_balance, efm(s), s, "Your savings come to");
}

/** "your card" / "your 3 cards". */
export function yourCards(s: Signals): string {
  return s.credit.card_count === 1 ? "your card" : `your ${plural(s.credit.card_count, "card")}`;
}

export function paySchedule(s: Signals): string {
  const i = s.income;
  if (i.median_pay_gap_days === null) {
    return `We found ${plural(i.pay_event_count, "income deposit")} over ${incomePhrase(s)}, averaging ${formatMoney(i.average_monthly_income)} a month.`;
  }
  return `Over ${incomePhrase(s)} your income deposits arrived a median of ${formatDays(i.median_pay_gap_days)} apart (${i.pay_frequency}), averaging ${formatMoney(i.average_monthly_income)} a month.`;
}
