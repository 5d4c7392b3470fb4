import { describe, expect, it } from "vitest";
import { renderRationale } from "../../src/domain/catalog";
import {
  passesGate,
  recommendThreshold,
  scoreItem,
  summarize,
  type Identity,
  type ServedRequest,
  type Summary,
} from "../../scripts/lib/eval/measures";
import { calibrationTable } from "../../scripts/lib/eval/report";
import { cardHolder, steadyEarner, subscriber } from "./domain-fixtures";

// A tiny fixed population: Ann holds a card at 68% ($3,400 of $5,000, mask 4523), Bob is a
// steady earner without a card, and Cy (91% of $8,000, card 9911, 4 subscriptions) is the neighbour
// whose advice gets reused: the author of every reused item below.
const ann = cardHolder("ann", 3400, 5000, 45.2, "4523").signals(30);
const bob = steadyEarner("bob").signals(30);
const identity = (userId: string, extra: Partial<Identity> = {}): Identity => ({
  userId,
  fullName: `${userId} Person`,
  email: `${userId}@example.com`,
  accountIds: [`acc_${userId}_1`],
  masks: [],
  merchants: [],
  ...extra,
});
const annId = identity("user_00001", { masks: ["4523"], merchants: ["Olive Garden"] });
const cy = {
  identity: identity("user_00777", { fullName: "Cy Vance", masks: ["9911"], merchants: ["Olive Garden", "Gym Plus"] }),
  signals: subscriber("cy", [15.49, 10.99, 7.99, 12.99], 2400).signals(30),
};
const cyCard = cardHolder("cy", 7280, 8000, 61.3, "9911").signals(30);
const cyWithCard = { identity: cy.identity, signals: { ...cy.signals, credit: cyCard.credit } };
const requester = { identity: annId, signals: ann };

const item = (topic: string, rationale: string, extra: { title?: string; content?: string } = {}) => ({
  topic,
  title: extra.title ?? "Understanding credit utilization",
  content: extra.content ?? "Utilization is the share of a credit limit in use.",
  rationale,
});
const reused = (content: string, title?: string) =>
  item("pay_down_highest_utilization_card", renderRationale("pay_down_highest_utilization_card", ann), {
    content,
    ...(title ? { title } : {}),
  });

describe("eval measures on a tiny fixed population", () => {
  it("scores a clean, eligible, grounded item as relevant and grounded with no leak", () => {
    expect(scoreItem(reused("Utilization is the share of a credit limit in use."), requester, cyWithCard)).toEqual({
      relevant: true,
      grounded: true,
      leaks: [],
    });
  });

  it("counts the author's figures in every written form, from their record", () => {
    expect(cyWithCard.signals.credit.max_utilization).toBe(0.91);
    for (const content of [
      "At 91% utilization this matters.",
      "A utilization of 0.91 shows.",
      "You use 91 percent of it.",
      "A balance of $7,280 is high.",
      "You owe 7,280 dollars.",
      "Your card ending in 9911.",
      "Your four subscriptions renew.",
    ]) {
      expect(scoreItem(reused(content), requester, cyWithCard).leaks, content).not.toEqual([]);
    }
    // Not a longer number that merely contains a figure, and not the catalog's own generic figures.
    expect(scoreItem(reused("Card 1991 and 191% and 0.915."), requester, cyWithCard).leaks).toEqual([]);
    expect(
      scoreItem(reused("Many people aim to keep each card below 30% of its limit."), requester, {
        ...cyWithCard,
        signals: { ...cyWithCard.signals, credit: { ...cyWithCard.signals.credit, max_utilization: 0.3 } },
      }).leaks,
    ).toEqual([]);
  });

  it("counts the author's merchants, name, email and ids anywhere, and a first name written as a name", () => {
    const planted = reused("People like Cy Vance (user_00777@example.com) at Gym Plus, via acc_user_00777_1, user_00777.", "Vance, a plan");
    expect(scoreItem(planted, requester, cy).leaks.sort()).toEqual(
      [
        "Cy (name)",
        "Cy Vance (name)",
        "Gym Plus (merchant)",
        "Vance (name)",
        "acc_user_00777_1 (account id)",
        "user_00777 (user id)",
        "user_00777@example.com (email)",
      ].sort(),
    );
    // A merchant the requester shares is still the author's; a word containing an id is not the id.
    expect(scoreItem(reused("Olive Garden and xuser_00777x."), requester, cy).leaks).toEqual(["Olive Garden (merchant)"]);
  });

  it("does not count the requester's own figures in the rebuilt rationale, nor anything of a generated (own) set", () => {
    const own = item("pay_down_highest_utilization_card", renderRationale("pay_down_highest_utilization_card", ann));
    expect(scoreItem(own, requester, { identity: cy.identity, signals: ann }).leaks).toEqual([]);
    expect(scoreItem(reused("At 68% utilization."), requester).leaks).toEqual([]);
  });

  it("counts an ungrounded number (the neighbour's balance) and an ineligible topic", () => {
    const borrowed = item("pay_down_highest_utilization_card", "Your card carries $7,250 of its limit.");
    expect(scoreItem(borrowed, requester, cy).grounded).toBe(false);
    // Bob has no card: utilization advice is not relevant to him.
    const s = scoreItem(
      item("pay_down_highest_utilization_card", "A topic for card holders."),
      { identity: identity("bob"), signals: bob },
      cy,
    );
    expect(s.relevant).toBe(false);
    expect(scoreItem(item("pay_down_highest_utilization_card", "A topic for card holders."), requester, cy).relevant).toBe(true);
  });

  it("summarizes hit rate, relevance, agreement, grounding and leaks with the right arithmetic", () => {
    const ok = { relevant: true, grounded: true, leaks: [] };
    const requests: ServedRequest[] = [
      // Hit: 3 items, 2 of 3 topics agree with the generator, which chose 4.
      // An urgent need ("a"), and the hit held it.
      {
        hit: true,
        items: [ok, ok, ok],
        topics: ["a", "b", "c"],
        generatorTopics: ["a", "b", "x", "y"],
        urgent: ["a"],
        answered: ["a", "b", "c"],
      },
      // Hit: 4 items, one ungrounded, one leaking twice; all 4 topics agree.
      {
        hit: true,
        items: [ok, { ...ok, grounded: false }, { ...ok, leaks: ["u (user id)", "n (name)"] }, ok],
        topics: ["a", "b", "c", "d"],
        generatorTopics: ["a", "b", "c", "d"],
        urgent: [],
        answered: ["a", "b", "c", "d"],
      },
      // Miss, served by the generator: 3 items, one not relevant.
      // Two urgent needs, one of them answered.
      {
        hit: false,
        items: [ok, ok, { ...ok, relevant: false }],
        topics: [],
        generatorTopics: ["a", "b", "c"],
        urgent: ["b", "z"],
        answered: ["a", "b", "c"],
      },
      // Miss.
      { hit: false, items: [ok, ok, ok], topics: [], generatorTopics: ["a", "b", "c"], urgent: [], answered: ["a", "b", "c"] },
    ];
    const s = summarize(requests);
    expect(s).toEqual({
      reusedItems: 7,
      leaksPer1000: 2000 / 7,
      dropped: 0,
      requests: 4,
      hits: 2,
      hitRate: 0.5,
      served: 13,
      relevance: 12 / 13,
      hitRelevance: 1,
      agreement: 6 / 7,
      coverage: 6 / 8,
      grounding: 12 / 13,
      ungrounded: 1,
      leaks: 2,
      urgentCoverage: 1 / 2,
      urgentRequests: 2,
    });
    expect(passesGate(s)).toBe(false);
  });

  it("recommends the highest hit rate that passes the gate, the higher threshold on a tie, none when nothing passes", () => {
    const good = (hitRate: number): Summary => ({
      requests: 100,
      hits: hitRate * 100,
      hitRate,
      served: 400,
      relevance: 1,
      hitRelevance: 1,
      agreement: 0.95,
      coverage: 0.9,
      grounding: 1,
      ungrounded: 0,
      leaks: 0,
      reusedItems: 300,
      leaksPer1000: 0,
      dropped: 0,
      urgentCoverage: 1,
      urgentRequests: 20,
    });
    const rows = [
      { threshold: 0.6, summary: { ...good(1), urgentCoverage: 0.95 } }, // an urgent topic left out disqualifies it too
      { threshold: 0.7, summary: { ...good(1), leaks: 1 } }, // a leak disqualifies the best hit rate
      { threshold: 0.8, summary: { ...good(0.9), relevance: 0.97 } }, // relevance under 98%
      { threshold: 0.85, summary: good(0.88) },
      { threshold: 0.9, summary: good(0.88) }, // same hit rate, higher threshold wins
      { threshold: 0.95, summary: good(0.5) },
      { threshold: 0.97, summary: { ...good(0.3), agreement: 0.8 } },
    ];
    expect(recommendThreshold(rows)).toBe(0.9);
    expect(recommendThreshold(rows.map((r) => ({ ...r, summary: { ...r.summary, ungrounded: 1 } })))).toBeUndefined();
    const table = calibrationTable(rows, 0.9);
    expect(table.split("\n")).toHaveLength(2 + rows.length);
    expect(table).toMatch(/\| 0\.90 \*\*←\*\* \| 88\.0% \(88\/100\)/);
    expect(table).toMatch(/\| 0\.70 \| 100\.0% \(100\/100\) .*\| 1 \| 0\.0 \(300 reused\) \| 0 \| 100\.0% \(20\) \| no \|/);
    expect(table).toMatch(/\| 0\.60 \| .*\| 95\.0% \(20\) \| no \|/);
  });
});
