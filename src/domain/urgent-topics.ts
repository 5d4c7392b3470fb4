/**
 * Urgent topics: the catalog topics a person needs before any other when their own data shows the
 * trouble each one addresses (a missed payment, interest being charged, minimum-only payments, a
 * card nearly at its limit). An answer from any tier must carry every urgent topic of its
 * requester (docs/URGENT_TOPICS.md lists them and why).
 */
import type { Signals } from "./signals";

/** A card at or above this share of its limit is one purchase away from over-limit fees and declines. */
export const URGENT_UTILIZATION = 0.9;

export interface UrgentRule {
  topic: string;
  /** What in the person's data makes it urgent, for people reading logs and docs. */
  when: string;
  applies(signals: Signals): boolean;
}

/** In the order a person should read them: the costliest trouble first. */
export const URGENT_RULES: readonly UrgentRule[] = [
  { topic: "get_current_on_overdue_payment", when: "a card payment is past due", applies: (s) => s.credit.is_overdue },
  { topic: "stop_interest_charges", when: "card interest was charged in the window", applies: (s) => s.credit.interest_charges > 0 },
  { topic: "pay_more_than_minimum", when: "the last card payment was the minimum only", applies: (s) => s.credit.minimum_payment_only },
  {
    topic: "pay_down_highest_utilization_card",
    when: `a card is at or above ${URGENT_UTILIZATION * 100}% of its limit`,
    applies: (s) => (s.credit.max_utilization ?? 0) >= URGENT_UTILIZATION,
  },
];

/** The urgent topic ids for these signals, most urgent first. */
export function urgentTopicIds(signals: Signals): string[] {
  return URGENT_RULES.filter((r) => r.applies(signals)).map((r) => r.topic);
}
