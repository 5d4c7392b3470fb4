import { describe, expect, it } from "vitest";
import { getTopic, selectTopics } from "../../src/domain/catalog";
import { assignPersona } from "../../src/domain/personas";
import { authorDigest } from "../../src/domain/reuse-rule";
import { inPriorityOrder, priorityOrder } from "../../src/domain/topic-order";
import { keepUrgentTopics } from "../../src/domain/urgent-completion";
import { urgentTopicIds } from "../../src/domain/urgent-topics";
import { selectFromNeighbours } from "../../src/services/vector-tier";
import type { SimilarRecommendation } from "../../src/services/vector-search";
import { cardHolder, saver, steadyEarner } from "./domain-fixtures";

/** A saver whose one card (10% used) is past due, paid at the minimum, with interest charged. */
function overdueSaver() {
  const s = saver("os");
  const card = s.card({ mask: "7788", balance: 500, limit: 5000, minimum: 40, lastPayment: 40, statementBalance: 500, overdue: true });
  s.txn(card, 12, -25.4, "BANK_FEES_INTEREST_CHARGE");
  const signals = s.signals(30);
  return { signals, persona: assignPersona(signals) };
}

const author = authorDigest({
  userId: "user_n",
  fullName: "Nia Neighbour",
  email: "nia@example.com",
  accountIds: ["acc_n"],
  masks: ["1111"],
  merchants: ["Corner Shop"],
});

/** Neighbours' reusable items on these topics, best first. */
const neighbourItems = (topics: string[], score = 0.95): SimilarRecommendation[] =>
  topics.map((topic, i) => ({
    recommendation: {
      id: `00000000-0000-4000-8000-00000000000${i}`,
      userId: "user_n",
      topic,
      title: getTopic(topic)!.title,
      content: getTopic(topic)!.content,
    },
    similarity_score: score,
    author,
  }));

/** The overdue saver's urgent topics by the catalog's priority for them: overdue 95, minimum-only 88, interest 86.3. */
const URGENT_BY_PRIORITY = ["get_current_on_overdue_payment", "pay_more_than_minimum", "stop_interest_charges"];

describe("urgent topics", () => {
  it("an overdue saver with interest and minimum-only payments has all three urgent, most urgent first", () => {
    const { signals } = overdueSaver();
    expect(urgentTopicIds(signals)).toEqual(["get_current_on_overdue_payment", "stop_interest_charges", "pay_more_than_minimum"]);
  });

  it("nobody without trouble has an urgent topic", () => {
    expect(urgentTopicIds(steadyEarner().signals(30))).toEqual([]);
  });

  it("the catalog generator leads with them, by the catalog's priority, whatever the persona", () => {
    const { signals } = overdueSaver();
    const chosen = selectTopics(signals, "savings_builder").map((t) => t.topic);
    expect(chosen.slice(0, 3)).toEqual(URGENT_BY_PRIORITY);
    expect(chosen.length).toBeLessThanOrEqual(5);
  });
});

describe("priority order", () => {
  it("sorts any set into the person's order, unknown topics last in their own order", () => {
    const signals = cardHolder("hu", 3400, 5000, 45.2).signals(30);
    const order = priorityOrder(signals, "high_utilization");
    const items = ["financial_checkup", "zzz_unknown", "how_utilization_affects_credit", "stop_interest_charges", "aaa_unknown"].map(
      (topic) => ({ topic }),
    );
    const sorted = inPriorityOrder(items, signals, "high_utilization").map((i) => i.topic);
    expect(sorted).toEqual(["stop_interest_charges", "how_utilization_affects_credit", "financial_checkup", "zzz_unknown", "aaa_unknown"]);
    expect(order.indexOf("stop_interest_charges")).toBeLessThan(order.indexOf("financial_checkup"));
  });
});

describe("keeping urgent topics in a set", () => {
  const { signals, persona } = overdueSaver();
  const make = (topic: string) => ({ topic, reused: false });

  it("each missing urgent topic replaces the lowest-ranked replaceable item, and the set comes back in order", () => {
    const items = ["financial_checkup", "set_savings_goal", "check_your_credit_report", "high_yield_savings"].map((topic) => ({
      topic,
      reused: true,
    }));
    const kept = keepUrgentTopics(items, signals, persona, make, { replaceable: (i) => i.reused, max: 5 })!;
    expect(kept.added).toEqual(["get_current_on_overdue_payment", "stop_interest_charges", "pay_more_than_minimum"]);
    // For a high_utilization person the other personas' topics rank below the general ones.
    expect(kept.replaced.map((i) => i.topic)).toEqual(["high_yield_savings", "set_savings_goal", "check_your_credit_report"]);
    expect(kept.items.map((i) => i.topic)).toEqual([...URGENT_BY_PRIORITY, "financial_checkup"]);
  });

  it("no valid set when a full set has nothing that may give way", () => {
    const items = ["a", "b", "c", "d", "e"].map((topic) => ({ topic, reused: false }));
    expect(keepUrgentTopics(items, signals, persona, make, { replaceable: (i) => i.reused, max: 5 })).toBeUndefined();
  });
});

describe("the vector tier keeps the requester's urgent topics", () => {
  const { signals, persona } = overdueSaver();

  it("a neighbour set without them is served with the catalog's items in place of the lowest-ranked reused ones, rationale the requester's", () => {
    const results = neighbourItems([
      "set_savings_goal",
      "high_yield_savings",
      "emergency_fund_basics",
      "financial_checkup",
      "check_your_credit_report",
    ]);
    const decision = selectFromNeighbours(results, { signals, persona }, 0.85, true);
    const topics = decision.items!.map((i) => i.topic);
    expect(topics.slice(0, 3)).toEqual(URGENT_BY_PRIORITY);
    expect(topics).toEqual(
      inPriorityOrder(
        topics.map((topic) => ({ topic })),
        signals,
        persona,
      ).map((i) => i.topic),
    );
    const overdue = decision.items![0]!;
    expect(overdue.reusedFromId).toBeNull();
    expect(overdue.rationale).toContain("7788");
    expect(decision.items!.filter((i) => i.reusedFromId).length).toBe(topics.length - 3);
  });

  it("is a miss when the urgent topics would leave nothing reused", () => {
    const results = neighbourItems(["financial_checkup", "check_your_credit_report", "protect_your_accounts"]);
    expect(selectFromNeighbours(results, { signals, persona }, 0.85, true).items).toBeUndefined();
  });
});
