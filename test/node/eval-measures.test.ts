import { describe, expect, it } from "vitest";
import { renderRationale } from "../../src/domain/catalog";
import { passesGate, recommendThreshold, scoreItem, summarize, type Identity, type ServedRequest, type Summary } from "../../scripts/lib/eval/measures";
import { calibrationTable } from "../../scripts/lib/eval/report";
import { cardHolder, steadyEarner } from "./domain-fixtures";

// A tiny fixed population: Ann holds a card at 68% ($3,400 of $5,000, mask 4523), Bob is a
// steady earner without a card, and Cy is the neighbour whose advice gets reused.
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
const cy = identity("user_00777", { fullName: "Cy Vance", masks: ["9911"], merchants: ["Olive Garden", "Gym Plus"] });

const item = (topic: string, rationale: string, extra: { title?: string; content?: string } = {}) => ({
  topic,
  title: extra.title ?? "Understanding credit utilization",
  content: extra.content ?? "Utilization is the share of a credit limit in use.",
  rationale,
});

describe("eval measures on a tiny fixed population", () => {
  it("scores a clean, eligible, grounded item as relevant and grounded with no leak", () => {
    const s = scoreItem(item("pay_down_highest_utilization_card", renderRationale("pay_down_highest_utilization_card", ann)), { identity: annId, signals: ann }, [cy]);
    expect(s).toEqual({ relevant: true, grounded: true, leaks: [] });
  });

  it("counts a planted leak of each kind, and not what the requester shares with the neighbour", () => {
    const planted = item("pay_down_highest_utilization_card", renderRationale("pay_down_highest_utilization_card", ann), {
      content: "People like Cy Vance (user_00777, cy@example.com? no: user_00777@example.com) with card 9911 at Gym Plus, via acc_user_00777_1.",
    });
    const s = scoreItem(planted, { identity: annId, signals: ann }, [cy]);
    expect(s.leaks.sort()).toEqual(
      ["9911 (card digits)", "Cy Vance (name)", "Gym Plus (merchant)", "acc_user_00777_1 (account id)", "user_00777 (user id)", "user_00777@example.com (email)"].sort(),
    );
    // Olive Garden is Ann's merchant too, and 4523 is her own card: neither identifies Cy.
    const shared = item("pay_down_highest_utilization_card", renderRationale("pay_down_highest_utilization_card", ann), { content: "Card 4523 was used at Olive Garden." });
    expect(scoreItem(shared, { identity: annId, signals: ann }, [cy]).leaks).toEqual([]);
    // A word that merely contains an id is not that id.
    const near = item("pay_down_highest_utilization_card", renderRationale("pay_down_highest_utilization_card", ann), { content: "ref xuser_00777x" });
    expect(scoreItem(near, { identity: annId, signals: ann }, [cy]).leaks).toEqual([]);
  });

  it("counts an ungrounded number (the neighbour's balance) and an ineligible topic", () => {
    const borrowed = item("pay_down_highest_utilization_card", "Your card carries $7,250 of its limit.");
    expect(scoreItem(borrowed, { identity: annId, signals: ann }, [cy]).grounded).toBe(false);
    // Bob has no card: utilization advice is not relevant to him.
    const s = scoreItem(item("pay_down_highest_utilization_card", "A topic for card holders."), { identity: identity("bob"), signals: bob }, [cy]);
    expect(s.relevant).toBe(false);
    expect(scoreItem(item("pay_down_highest_utilization_card", "A topic for card holders."), { identity: annId, signals: ann }, [cy]).relevant).toBe(true);
  });

  it("summarizes hit rate, relevance, agreement, grounding and leaks with the right arithmetic", () => {
    const ok = { relevant: true, grounded: true, leaks: [] };
    const requests: ServedRequest[] = [
      // Hit: 3 items, 2 of 3 topics agree with the generator, which chose 4.
      { hit: true, items: [ok, ok, ok], topics: ["a", "b", "c"], generatorTopics: ["a", "b", "x", "y"] },
      // Hit: 4 items, one ungrounded, one leaking twice; all 4 topics agree.
      { hit: true, items: [ok, { ...ok, grounded: false }, { ...ok, leaks: ["u (user id)", "n (name)"] }, ok], topics: ["a", "b", "c", "d"], generatorTopics: ["a", "b", "c", "d"] },
      // Miss, served by the generator: 3 items, one not relevant.
      { hit: false, items: [ok, ok, { ...ok, relevant: false }], topics: [], generatorTopics: ["a", "b", "c"] },
      // Miss.
      { hit: false, items: [ok, ok, ok], topics: [], generatorTopics: ["a", "b", "c"] },
    ];
    const s = summarize(requests);
    expect(s).toEqual({
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
    });
    expect(passesGate(s)).toBe(false);
  });

  it("recommends the highest hit rate that passes the gate, the higher threshold on a tie, none when nothing passes", () => {
    const good = (hitRate: number): Summary => ({ requests: 100, hits: hitRate * 100, hitRate, served: 400, relevance: 1, hitRelevance: 1, agreement: 0.95, coverage: 0.9, grounding: 1, ungrounded: 0, leaks: 0 });
    const rows = [
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
    expect(table).toMatch(/\| 0\.70 \| 100\.0% \(100\/100\) .*\| 1 \| no \|/);
  });
});
