import { describe, expect, it } from "vitest";
import { getTopic, isTopicEligible, selectTopics } from "../../src/domain/catalog";
import { checkGrounding, runGuardrails, DISCLOSURE } from "../../src/domain/guardrails";
import { assignPersona } from "../../src/domain/personas";
import { buildUserContext } from "../../src/domain/profile";
import { CatalogGenerator } from "../../src/adapters/llm/catalog";
import {
  GeneratorError,
  type GenerationInput,
  type GenerationResult,
  type RecommendationGenerator,
} from "../../src/adapters/llm/interface";
import { FallbackGenerator } from "../../src/services/fallback-generator";
import { createGenerator } from "../../src/services/services";
import { cardHolder, gigWorker, saver, type Scenario, steadyEarner, subscriber, wealthy } from "./domain-fixtures";

function inputFor(scenario: Scenario, windowDays: 30 | 180 = 30): GenerationInput {
  const signals = scenario.signals(windowDays);
  const persona = assignPersona(signals);
  return {
    userId: scenario.userId,
    windowDays,
    signals,
    persona,
    context: buildUserContext(signals, persona, scenario.accounts, scenario.userId),
  };
}

const PEOPLE: [string, Scenario][] = [
  ["high_utilization", cardHolder("hu", 3400, 5000, 45.2)],
  ["variable_income", gigWorker("vi", 0.8)],
  ["subscription_heavy", subscriber("sh", [9.99, 12.01, 15, 18, 20], 937.5)],
  ["savings_builder", saver("sb")],
  ["wealth_builder", wealthy()],
  ["general", steadyEarner()],
];

describe("CatalogGenerator", () => {
  const generator = new CatalogGenerator();

  it("reports the time it took, by its clock", async () => {
    const ticks = [1_000, 1_007];
    const timed = new CatalogGenerator({ now: () => ticks.shift() ?? 1_007 });
    const result = await timed.generate(inputFor(PEOPLE[0]![1], 30));
    expect(result.ms).toBe(7);
  });

  it("names itself and its source", () => {
    expect(generator.name).toBe("catalog");
    expect(generator.source).toBe("catalog");
  });

  it.each(PEOPLE)("serves 3–5 eligible, grounded catalog recommendations: %s", async (expectedPersona, scenario) => {
    for (const windowDays of [30, 180] as const) {
      const input = inputFor(scenario, windowDays);
      if (windowDays === 30) expect(input.persona.persona_type).toBe(expectedPersona);
      const result = await generator.generate(input);
      expect(result.source).toBe("catalog");
      expect(result.model).toBeNull();
      expect(result.usage).toBeNull();
      expect(result.fallback_reason).toBeUndefined();
      expect(result.recommendations.length).toBeGreaterThanOrEqual(3);
      expect(result.recommendations.length).toBeLessThanOrEqual(5);
      const topics = result.recommendations.map((r) => r.topic);
      expect(new Set(topics).size).toBe(topics.length);
      // Exactly selectTopics' choice, in its order.
      expect(topics).toEqual(selectTopics(input.signals, input.persona).map((t) => t.topic));
      for (const rec of result.recommendations) {
        const topic = getTopic(rec.topic);
        expect(topic, rec.topic).toBeDefined();
        expect(isTopicEligible(rec.topic, input.signals), rec.topic).toBe(true);
        expect(rec.title).toBe(topic?.title);
        expect(rec.content).toBe(topic?.content);
        expect(checkGrounding(rec.rationale, input.signals), rec.rationale).toEqual({ ok: true, ungrounded: [] });
        // With the disclosure the engine adds, every guardrail passes.
        expect(runGuardrails({ ...rec, disclosure: DISCLOSURE }, input.signals).violations).toEqual([]);
      }
    }
  });

  it("renders the rationale from the person's own numbers", async () => {
    const result = await generator.generate(inputFor(cardHolder("hu", 3400, 5000, 45.2)));
    const payDown = result.recommendations.find((r) => r.topic === "pay_down_highest_utilization_card");
    expect(payDown?.rationale).toContain("ending in 4523");
    expect(payDown?.rationale).toContain("68%");
    expect(payDown?.rationale).toContain("$3,400");
    const other = await generator.generate(inputFor(cardHolder("hu2", 4100, 5000, 45.2, "8765")));
    const payDown2 = other.recommendations.find((r) => r.topic === "pay_down_highest_utilization_card");
    expect(payDown2?.rationale).toContain("ending in 8765");
    expect(payDown2?.rationale).toContain("82%");
    expect(payDown2?.rationale).not.toContain("4523");
  });

  it("is deterministic for the same input", async () => {
    const input = inputFor(subscriber("sh", [9.99, 12.01, 15, 18, 20], 937.5));
    const a = await generator.generate(input);
    const b = await generator.generate(structuredClone(input));
    expect(b.recommendations).toEqual(a.recommendations);
  });

  it("gives different personas different topic sets", async () => {
    const sets = new Map<string, string>();
    for (const [persona, scenario] of PEOPLE) {
      const result = await generator.generate(inputFor(scenario));
      sets.set(persona, [...result.recommendations.map((r) => r.topic)].sort().join(","));
    }
    expect(new Set(sets.values()).size).toBe(PEOPLE.length);
    // Each persona's first recommendation is one of its own topics (general's included).
    for (const [persona, scenario] of PEOPLE) {
      const result = await generator.generate(inputFor(scenario));
      expect(getTopic(result.recommendations[0]?.topic ?? "")?.personas, persona).toContain(persona);
    }
  });
});

describe("FallbackGenerator and createGenerator", () => {
  class Failing implements RecommendationGenerator {
    readonly name = "failing";
    calls = 0;
    constructor(private readonly error: unknown) {}
    async generate(): Promise<GenerationResult> {
      this.calls += 1;
      await new Promise((r) => setTimeout(r, 20));
      throw this.error;
    }
  }

  it("serves the catalog as catalog_fallback with the primary's reason, timed over both", async () => {
    const primary = new Failing(new GeneratorError("rate_limited", "OpenAI rate limit (429)"));
    const warnings: [string, Record<string, unknown> | undefined][] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (e: string, f?: Record<string, unknown>) => void warnings.push([e, f]) };
    const generator = new FallbackGenerator(primary, new CatalogGenerator(), logger);
    const input = inputFor(saver("sb"));
    const result = await generator.generate(input);
    expect(primary.calls).toBe(1);
    expect(result.source).toBe("catalog_fallback");
    expect(result.fallback_reason).toBe("rate_limited");
    expect(result.ms).toBeGreaterThanOrEqual(15);
    expect(result.recommendations).toEqual((await new CatalogGenerator().generate(input)).recommendations);
    expect(warnings.map(([e, f]) => [e, f?.reason])).toEqual([["generator.fallback", "rate_limited"]]);
  });

  it("reports internal_error for an error that is not a GeneratorError", async () => {
    const generator = new FallbackGenerator(new Failing(new TypeError("boom")), new CatalogGenerator());
    const result = await generator.generate(inputFor(steadyEarner()));
    expect(result.fallback_reason).toBe("internal_error");
    expect(result.source).toBe("catalog_fallback");
  });

  it("returns the primary's result untouched when it succeeds", async () => {
    const ok: RecommendationGenerator = {
      name: "ok",
      generate: async () => ({ recommendations: [], source: "openai_4o_mini", model: "m", usage: null, ms: 1 }),
    };
    const result = await new FallbackGenerator(ok, new CatalogGenerator()).generate(inputFor(steadyEarner()));
    expect(result).toEqual({ recommendations: [], source: "openai_4o_mini", model: "m", usage: null, ms: 1 });
  });

  it("createGenerator picks the catalog without a key and OpenAI-with-fallback with one", () => {
    expect(createGenerator({ chatModel: "gpt-4o-mini" })).toBeInstanceOf(CatalogGenerator);
    expect(createGenerator({ chatModel: "gpt-4o-mini", openaiApiKey: "  " })).toBeInstanceOf(CatalogGenerator);
    const withKey = createGenerator({ chatModel: "gpt-4o-mini", openaiApiKey: "sk-test-123456" });
    expect(withKey).toBeInstanceOf(FallbackGenerator);
    expect(withKey.name).toBe("openai:gpt-4o-mini+fallback:catalog");
    expect(withKey.name).not.toContain("sk-test");
  });
});
