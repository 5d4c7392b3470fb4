import { describe, expect, it } from "vitest";
import { CATALOG, getTopic, isTopicEligible, renderRationale, selectTopics, topicsForPersona } from "../../src/domain/catalog";
import { checkGrounding } from "../../src/domain/guardrails";
import { assignPersona, PERSONA_TYPES } from "../../src/domain/personas";
import type { Signals } from "../../src/domain/signals";
import { cardHolder, gigWorker, saver, Scenario, steadyEarner, subscriber, wealthy } from "./domain-fixtures";

/** A spread of people covering every persona and both windows. */
function people(): { name: string; signals: Signals }[] {
  const twoCards = steadyEarner("two");
  twoCards.card({ mask: "1357", balance: 4100, limit: 5000, minimum: 55, lastPayment: 55, statementBalance: 4100, overdue: true });
  twoCards.card({ mask: "2468", balance: 640.5, limit: 3000 });
  const empty = new Scenario("empty");
  empty.checking(0);
  const scenarios: [string, Scenario][] = [
    ["high utilization", cardHolder("hu", 3400, 5000, 45.2)],
    ["two cards, overdue, minimum only", twoCards],
    ["variable income", gigWorker("vi", 0.8)],
    ["subscription heavy", subscriber("sh", [9.99, 12.01, 15, 18, 20], 937.5)],
    ["savings builder", saver("sb")],
    ["wealth builder", wealthy()],
    ["general", steadyEarner()],
  ];
  const out = scenarios.flatMap(([name, s]) => [
    { name: `${name} (30d)`, signals: s.signals(30) },
    { name: `${name} (180d)`, signals: s.signals(180) },
  ]);
  out.push({ name: "no activity at all", signals: empty.signals(30) });
  return out;
}

describe("the catalog", () => {
  it("has at least 4 topics for every persona, general included", () => {
    for (const persona of PERSONA_TYPES) expect(topicsForPersona(persona).length, persona).toBeGreaterThanOrEqual(4);
  });

  it("has unique snake_case ids, titles, and 2–4 sentences of content", () => {
    const ids = CATALOG.map((t) => t.topic);
    expect(new Set(ids).size).toBe(ids.length);
    for (const t of CATALOG) {
      expect(t.topic).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(t.title.length).toBeGreaterThan(0);
      const sentences = t.content.split(/(?<=[.!?])\s+/).filter((x) => x.trim() !== "");
      expect(sentences.length, t.topic).toBeGreaterThanOrEqual(2);
      expect(sentences.length, t.topic).toBeLessThanOrEqual(4);
    }
  });

  it.each(people())("every topic's rationale is grounded in the person's own signals: $name", ({ signals }) => {
    for (const topic of CATALOG) {
      const rationale = renderRationale(topic, signals);
      expect(checkGrounding(rationale, signals), `${topic.topic}: ${rationale}`).toEqual({ ok: true, ungrounded: [] });
    }
  });

  it.each(people())("selectTopics returns 3–5 eligible topics, the persona's own first: $name", ({ signals }) => {
    const persona = assignPersona(signals).persona_type;
    const chosen = selectTopics(signals, persona);
    expect(chosen.length).toBeGreaterThanOrEqual(3);
    expect(chosen.length).toBeLessThanOrEqual(5);
    expect(new Set(chosen.map((t) => t.topic)).size).toBe(chosen.length);
    for (const t of chosen) expect(isTopicEligible(t, signals), t.topic).toBe(true);
    const own = chosen.map((t) => t.personas.includes(persona));
    // Once a topic from outside the persona appears, no own topic follows it.
    expect(own.indexOf(false) === -1 || own.lastIndexOf(true) < own.indexOf(false)).toBe(true);
  });
});

describe("rationales cite the person's own numbers", () => {
  it("the high-utilization card rationale names its mask, utilization, balance and limit", () => {
    const sig = cardHolder("a", 3400, 5000, 45.2).signals(30);
    expect(renderRationale("pay_down_highest_utilization_card", sig)).toBe(
      "Because your card ending in 4523 is at 68% utilization ($3,400 of a $5,000 limit), extra payments on it reduce your utilization the most.",
    );
    expect(renderRationale("stop_interest_charges", sig)).toContain("$45.20");
  });

  it("subscription and savings rationales cite counts, monthly spend and emergency-fund months", () => {
    const sub = subscriber("s", [9.99, 12.01, 15, 18, 20], 937.5).signals(30);
    expect(renderRationale("audit_subscriptions", sub)).toBe("You have 5 recurring charges adding up to $75 a month.");
    expect(renderRationale("subscription_share_of_spending", sub)).toContain("8% of your spending");
    const sav = saver("v").signals(30);
    expect(renderRationale("high_yield_savings", sav)).toBe("You hold $10,500 in savings accounts, which grew 5% over the last 30 days.");
    const gig = gigWorker("g", 0.8).signals(30);
    expect(renderRationale("build_cash_flow_buffer", gig)).toBe(
      "Your checking balance is $1,600, about 0.8 months of your $2,000 average monthly spending.",
    );
    expect(renderRationale("budget_for_irregular_income", gig)).toContain("a median of 50 days apart");
  });

  it("a reused rationale is rebuilt from the requester's signals", () => {
    const owner = cardHolder("owner", 3400, 5000, 45.2, "4523").signals(30);
    const requester = cardHolder("requester", 2900, 4000, 20, "8841").signals(30);
    const rebuilt = renderRationale("pay_down_highest_utilization_card", requester);
    expect(rebuilt).toContain("8841");
    expect(rebuilt).toContain("72.5%");
    expect(rebuilt).not.toContain("4523");
    expect(checkGrounding(rebuilt, requester).ok).toBe(true);
    // The owner's rationale served to the requester would not be grounded.
    const ownersText = renderRationale("pay_down_highest_utilization_card", owner);
    expect(checkGrounding(ownersText, requester)).toEqual({ ok: false, ungrounded: ["4523", "68%", "$3,400", "$5,000"] });
  });

  it("unknown topics are rejected for rendering and never eligible", () => {
    const sig = steadyEarner().signals(30);
    expect(() => renderRationale("no_such_topic", sig)).toThrow(/unknown catalog topic/);
    expect(isTopicEligible("no_such_topic", sig)).toBe(false);
    expect(getTopic("audit_subscriptions")?.personas).toEqual(["subscription_heavy"]);
  });
});

describe("eligibility follows the signals", () => {
  const cases: { topic: string; yes: () => Signals; no: () => Signals }[] = [
    {
      topic: "pay_down_highest_utilization_card",
      yes: () => cardHolder("y", 1500, 5000, 0).signals(30), // 30%
      no: () => cardHolder("n", 1450, 5000, 0).signals(30), // 29%
    },
    {
      topic: "audit_subscriptions",
      yes: () => subscriber("y", [10, 10, 10], 500).signals(30),
      no: () => subscriber("n", [10, 10], 500).signals(30),
    },
    { topic: "build_emergency_fund", yes: () => gigWorker("y", 0.8).signals(30), no: () => saver("n").signals(30) },
    {
      topic: "stop_interest_charges",
      yes: () => cardHolder("y", 500, 5000, 3).signals(30),
      no: () => cardHolder("n", 500, 5000, 0).signals(30),
    },
    { topic: "build_cash_flow_buffer", yes: () => gigWorker("y", 1.5).signals(30), no: () => gigWorker("n", 2.5).signals(30) },
    { topic: "automate_savings", yes: () => saver("y").signals(180), no: () => steadyEarner("n").signals(180) },
    { topic: "pay_cards_in_full", yes: () => wealthy("y").signals(30), no: () => cardHolder("n", 3400, 5000, 45.2).signals(30) },
  ];
  it.each(cases)("$topic", ({ topic, yes, no }) => {
    expect(isTopicEligible(topic, yes())).toBe(true);
    expect(isTopicEligible(topic, no())).toBe(false);
  });

  it("a high-utilization person is not offered savings-builder topics when their own suffice", () => {
    const sig = cardHolder("a", 3400, 5000, 45.2).signals(30);
    const chosen = selectTopics(sig, "high_utilization").map((t) => t.topic);
    // Interest charged makes stop_interest_charges urgent: it comes first (src/domain/urgent-topics.ts).
    expect(chosen).toEqual(["stop_interest_charges", "pay_down_highest_utilization_card", "how_utilization_affects_credit"]);
  });

  it("tops up with general topics to reach the minimum, and respects max", () => {
    const sav = saver("v").signals(30);
    const chosen = selectTopics(sav, "savings_builder");
    expect(chosen.slice(0, 2).every((t) => t.personas.includes("savings_builder"))).toBe(true);
    expect(chosen.some((t) => t.personas.includes("general"))).toBe(true);
    expect(selectTopics(wealthy().signals(30), "wealth_builder", { min: 1, max: 2 })).toHaveLength(2);
  });
});
