import { describe, expect, it } from "vitest";
import {
  assignPersona,
  PERSONA_PRIORITY,
  PERSONA_TYPES,
  WEALTH_MAX_UTILIZATION,
  WEALTH_MIN_MONTHLY_INCOME,
  WEALTH_MIN_SAVINGS_BALANCE,
  WEALTH_MIN_TOTAL_ASSETS,
  type PersonaType,
} from "../../src/domain/personas";
import { buildUserContext, canonicalProfileText, UTILIZATION_BUCKETS } from "../../src/domain/profile";
import type { Signals } from "../../src/domain/signals";
import { cardHolder, gigWorker, saver, Scenario, steadyEarner, subscriber, wealthy } from "./domain-fixtures";

describe("assignPersona: boundary cases", () => {
  const cases: { name: string; signals: () => Signals; persona: PersonaType; notIn?: PersonaType[] }[] = [
    { name: "68% utilization with interest", signals: () => cardHolder("a", 3400, 5000, 45.2).signals(30), persona: "high_utilization" },
    {
      name: "interest alone at 25% utilization",
      signals: () => cardHolder("b", 1250, 5000, 12.5).signals(30),
      persona: "high_utilization",
    },
    {
      name: "50% utilization exactly, no interest",
      signals: () => cardHolder("c", 2500, 5000, 0).signals(30),
      persona: "high_utilization",
    },
    { name: "49% utilization, no interest", signals: () => cardHolder("d", 2450, 5000, 0).signals(30), persona: "general" },
    { name: "a 50-day pay gap with a 0.8-month buffer", signals: () => gigWorker("e", 0.8).signals(30), persona: "variable_income" },
    {
      name: "a 50-day pay gap with a 2.5-month buffer",
      signals: () => gigWorker("f", 2.5).signals(30),
      persona: "general",
      notIn: ["variable_income"],
    },
    {
      name: "5 subscriptions at $75/month total (8% share)",
      signals: () => subscriber("g", [9.99, 12.01, 15, 18, 20], 937.5).signals(30),
      persona: "subscription_heavy",
    },
    {
      name: "2 subscriptions at $100/month",
      signals: () => subscriber("h", [50, 50], 900).signals(30),
      persona: "general",
      notIn: ["subscription_heavy"],
    },
    {
      name: "3 subscriptions at $30/month but a 12% share",
      signals: () => subscriber("i", [10, 10, 10], 250).signals(30),
      persona: "subscription_heavy",
    },
    {
      name: "5% savings growth at 75% utilization",
      signals: () => saver("j", { balance: 3750, limit: 5000 }).signals(30),
      persona: "high_utilization",
      notIn: ["savings_builder"],
    },
    { name: "5% savings growth, no card", signals: () => saver("k").signals(30), persona: "savings_builder" },
    {
      name: "5% savings growth at 29% utilization",
      signals: () => saver("l", { balance: 1450, limit: 5000 }).signals(30),
      persona: "savings_builder",
    },
    {
      name: "5% savings growth at 30% utilization",
      signals: () => saver("m", { balance: 1500, limit: 5000 }).signals(30),
      persona: "general",
    },
    { name: "high income, large savings, 3% utilization", signals: () => wealthy().signals(180), persona: "wealth_builder" },
    { name: "steady earner, nothing notable", signals: () => steadyEarner().signals(30), persona: "general" },
  ];
  it.each(cases)("$name → $persona", ({ signals, persona, notIn }) => {
    const result = assignPersona(signals());
    expect(result.persona_type).toBe(persona);
    if (persona !== "general") expect(result.all_matches[0]).toBe(persona);
    for (const p of notIn ?? []) expect(result.all_matches).not.toContain(p);
  });
});

describe("assignPersona: criteria, priority and reasoning", () => {
  it("lists the criteria that matched, with values and thresholds", () => {
    const r = assignPersona(cardHolder("a", 3400, 5000, 45.2).signals(30));
    expect(r.matched_criteria).toEqual([
      { criterion: "credit.max_utilization", operator: ">=", value: 0.68, threshold: 0.5 },
      { criterion: "credit.interest_charges", operator: ">", value: 45.2, threshold: 0 },
    ]);
    expect(r.reasoning).toContain("68% >= 50%");
  });

  it("interest alone is the only matched criterion at 25% utilization", () => {
    const r = assignPersona(cardHolder("b", 1250, 5000, 12.5).signals(30));
    expect(r.matched_criteria.map((c) => c.criterion)).toEqual(["credit.interest_charges"]);
  });

  it("minimum-payment-only and overdue each make high_utilization", () => {
    const minOnly = steadyEarner("mo");
    minOnly.card({ mask: "1010", balance: 900, limit: 5000, minimum: 35, lastPayment: 35, statementBalance: 900 });
    expect(assignPersona(minOnly.signals(30)).matched_criteria.map((c) => c.criterion)).toEqual(["credit.minimum_payment_only"]);
    const overdue = steadyEarner("od");
    overdue.card({ mask: "2020", balance: 900, limit: 5000, overdue: true });
    expect(assignPersona(overdue.signals(30)).matched_criteria.map((c) => c.criterion)).toEqual(["credit.is_overdue"]);
  });

  it("the higher priority wins and the reasoning lists every match", () => {
    const s = subscriber("both", [9.99, 12.01, 15, 18, 20], 937.5);
    s.card({ mask: "3131", balance: 4000, limit: 5000 });
    const r = assignPersona(s.signals(30));
    expect(r.persona_type).toBe("high_utilization");
    expect(r.all_matches).toEqual(["high_utilization", "subscription_heavy"]);
    expect(r.reasoning).toContain("subscription_heavy");
    expect(r.reasoning).toContain("high_utilization");
  });

  it("falls back to general, honestly, when nothing matches", () => {
    const r = assignPersona(steadyEarner().signals(30));
    expect(r).toMatchObject({ persona_type: "general", matched_criteria: [], all_matches: [] });
    expect(r.reasoning).toMatch(/No persona rule matched/);
    expect(r.persona_type).not.toBe("savings_builder");
  });

  it("the priority order is high_utilization, variable_income, subscription_heavy, savings_builder, wealth_builder and general is last", () => {
    expect(PERSONA_PRIORITY).toEqual(["high_utilization", "variable_income", "subscription_heavy", "savings_builder", "wealth_builder"]);
    expect(PERSONA_TYPES.at(-1)).toBe("general");
  });

  it.each([
    { name: "income below the bar", paycheck: 3500, savings: 40_000, persona: "general" },
    { name: "savings below the bar", paycheck: 5000, savings: 20_000, persona: "general" },
  ])("wealth_builder needs every criterion: $name → $persona", ({ paycheck, savings, persona }) => {
    const s = wealthy("w", paycheck);
    const mm = s.accounts.find((a) => a.subtype === "money market");
    if (mm) mm.balance_current = savings;
    expect(assignPersona(s.signals(180)).persona_type).toBe(persona);
  });

  it("wealth_builder thresholds are named and documented", () => {
    expect({ WEALTH_MIN_MONTHLY_INCOME, WEALTH_MIN_SAVINGS_BALANCE, WEALTH_MIN_TOTAL_ASSETS, WEALTH_MAX_UTILIZATION }).toEqual({
      WEALTH_MIN_MONTHLY_INCOME: 8000,
      WEALTH_MIN_SAVINGS_BALANCE: 25_000,
      WEALTH_MIN_TOTAL_ASSETS: 100_000,
      WEALTH_MAX_UTILIZATION: 0.1,
    });
    const s = wealthy("w2");
    s.card({ mask: "6060", balance: 1500, limit: 10_000 });
    expect(assignPersona(s.signals(180)).all_matches).not.toContain("wealth_builder");
  });
});

describe("buildUserContext", () => {
  it("has the original system's keys, last-4 masks and flagged cards", () => {
    const s = cardHolder("ctx", 3400, 5000, 45.2);
    const sig = s.signals(30);
    const ctx = buildUserContext(sig, assignPersona(sig), s.accounts);
    expect(Object.keys(ctx).sort()).toEqual(["flagged_cards", "persona_type", "signals", "top_accounts", "user_id", "window_days"]);
    expect(ctx).toMatchObject({ user_id: "ctx", window_days: 30, persona_type: "high_utilization" });
    expect(Object.keys(ctx.signals).sort()).toEqual(["credit", "income", "savings", "subscriptions"]);
    expect(ctx.top_accounts).toEqual([
      { type: "depository", subtype: "checking", mask: "1111", balance: 6000 },
      { type: "credit", subtype: "credit card", mask: "4523", balance: 3400 },
    ]);
    expect(ctx.flagged_cards).toEqual([{ mask: "4523", utilization: 0.68, flags: ["utilization_ge_30", "utilization_ge_50"] }]);
  });
});

describe("canonicalProfileText", () => {
  const textFor = (s: Scenario, window: 30 | 180 = 30) => {
    const sig = s.signals(window);
    return canonicalProfileText(sig, assignPersona(sig));
  };

  it("is identical for two near-identical people", () => {
    const a = cardHolder("alice", 3400, 5000, 45.2, "4523");
    const b = cardHolder("bob", 3310, 5000, 38.75, "8841");
    expect(textFor(a)).toBe(textFor(b));
  });

  it("differs when a signal crosses a bucket edge, or the window differs", () => {
    const base = textFor(cardHolder("x", 3400, 5000, 45.2));
    const higher = textFor(cardHolder("y", 3900, 5000, 45.2));
    expect(base).toContain("credit.max_utilization: 50-70%");
    expect(higher).toContain("credit.max_utilization: 70-90%");
    expect(base).not.toBe(higher);
    expect(textFor(cardHolder("x", 3400, 5000, 45.2), 180)).not.toBe(base);
    expect(UTILIZATION_BUCKETS).toContain(0.7);
  });

  it("carries persona, window and buckets, and no names, ids, merchants, masks or amounts", () => {
    const s = subscriber("user_secret_42", [9.99, 12.01, 15, 18, 20], 937.5);
    s.card({ mask: "4523", balance: 1234.56, limit: 5000 });
    const sig = s.signals(30);
    const text = canonicalProfileText(sig, assignPersona(sig));
    expect(text).toContain("persona: subscription_heavy");
    expect(text).toContain("window_days: 30");
    expect(text).toContain("subscriptions.recurring_count: 5-7");
    expect(text).toContain("subscriptions.monthly_recurring_spend: 50-100");
    for (const forbidden of [
      "user_secret_42",
      "acc_",
      "Netflix",
      "Spotify",
      "Hulu",
      "Parkside",
      "4523",
      "1111",
      "$",
      "1234",
      "937",
      "862",
      "8000",
      "75",
    ]) {
      expect(text).not.toContain(forbidden);
    }
  });
});
