/**
 * The OpenAI generator against the one OpenAI simulator (scripts/lib/openai-simulator.ts) served
 * over loopback HTTP: POST /v1/chat/completions with OpenAI's response and error shapes, scripted
 * per test with a queue of replies. The real SDK talks to it through `baseURL`. Time is a virtual
 * clock: waits are recorded, never slept, and a hanging request lets the clock run to the
 * attempt's time limit.
 */
import { describe, expect, it } from "vitest";
import { chatCompletion, openAIError as apiError, type Received, type Reply } from "../../scripts/lib/openai-simulator";
import { CatalogGenerator } from "../../src/adapters/llm/catalog";
import { GeneratorError, type GenerationInput } from "../../src/adapters/llm/interface";
import { OpenAIGenerator, type OpenAIGeneratorOptions } from "../../src/adapters/llm/openai";
import { RECOMMENDATIONS_JSON_SCHEMA } from "../../src/adapters/llm/prompt";
import { getTopic, isTopicEligible, renderRationale } from "../../src/domain/catalog";
import { checkGrounding } from "../../src/domain/guardrails";
import { assignPersona } from "../../src/domain/personas";
import { buildUserContext } from "../../src/domain/profile";
import { FallbackGenerator } from "../../src/services/fallback-generator";
import { createGenerator } from "../../src/services/services";
import { capturingLogger } from "../support/capturing-logger";
import { cardHolder, type Scenario, subscriber } from "./domain-fixtures";
import { useServedOpenAISimulator } from "./served-openai";

// ---- the simulator ----

const API_KEY = "test-openai-key-SECRET-0123456789abcdef";
const served = useServedOpenAISimulator({ apiKey: API_KEY });
const sim = () => served.sim();
/** Replies for the next chat requests, in order. */
const queue = {
  push: (...replies: Reply[]) => sim().queue.chat.push(...replies),
  clear: () => void (sim().queue.chat.length = 0),
};
const received = () => sim().received;

function completion(
  content: string,
  usage = { prompt_tokens: 1200, completion_tokens: 350 },
  extra: { finish_reason?: string; model?: string } = {},
) {
  return chatCompletion(content, { usage, ...extra });
}

const ok = (answer: unknown, usage?: { prompt_tokens: number; completion_tokens: number }): Reply => ({
  kind: "json",
  status: 200,
  body: completion(typeof answer === "string" ? answer : JSON.stringify(answer), usage),
});
// ---- people and generators ----

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

/** Card ending 4523 at 68% ($3,400 of $5,000), $45.20 interest: high_utilization. */
const HU = inputFor(cardHolder("hu", 3400, 5000, 45.2));

function makeGenerator(options: Partial<OpenAIGeneratorOptions> = {}) {
  const clock = served.clock();
  const generator = new OpenAIGenerator({
    apiKey: API_KEY,
    baseURL: sim().baseURL,
    model: "gpt-4o-mini",
    timeoutMs: 2_000,
    budgetMs: 4_000,
    minAttemptMs: 50,
    random: () => 0.5,
    clock,
    ...options,
  });
  return { generator, sleeps: clock.sleeps, clock };
}

const goodAnswer = {
  recommendations: [
    {
      topic: "pay_down_highest_utilization_card",
      title: "Pay down your highest-utilization card first",
      content:
        "Utilization is the share of available credit in use. It weighs heavily in credit scores. Extra payments on the most-used card lower it fastest.",
      rationale: "Your card ending in 4523 is at 68% utilization, with $3,400 owed on a $5,000 limit.",
    },
    {
      topic: "stop_interest_charges",
      title: "How card interest works",
      content:
        "Interest is charged when a statement balance is not paid in full. Paying in full keeps purchases interest-free during the grace period.",
      rationale: "You were charged $45.20 in card interest over the last 30 days, at an APR of 24.99%.",
    },
    {
      topic: "how_utilization_affects_credit",
      title: "How utilization affects your credit",
      content: "Scoring models look at utilization per card and overall. Lower utilization generally signals lower risk.",
      rationale: "You owe $3,400 on your card's $5,000 limit, a utilization of 68%.",
    },
    {
      topic: "financial_checkup",
      title: "A regular financial check-up",
      content:
        "A short monthly look at balances and upcoming bills keeps surprises small. It is also a chance to spot charges you don't recognize.",
      rationale: "Your spending over the last 30 days gives a starting point for a monthly check-up.",
    },
  ],
};

// ---- the tests ----

describe("OpenAIGenerator against the OpenAI simulator", () => {
  it("serves a valid answer: 3–5 grounded recommendations, usage and cost, the right request", async () => {
    queue.push(ok(goodAnswer, { prompt_tokens: 1_000_000, completion_tokens: 500_000 }));
    const { logger, lines } = capturingLogger();
    const { generator, sleeps } = makeGenerator({ logger });
    expect(generator.name).toBe("openai:gpt-4o-mini");

    const result = await generator.generate(HU);

    expect(result.source).toBe("openai_4o_mini");
    expect(result.model).toBe("gpt-4o-mini-2024-07-18");
    expect(result.fallback_reason).toBeUndefined();
    expect(result.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(result.recommendations.length).toBeLessThanOrEqual(5);
    expect(result.recommendations).toEqual(goodAnswer.recommendations);
    for (const rec of result.recommendations) {
      expect(isTopicEligible(rec.topic, HU.signals)).toBe(true);
      expect(checkGrounding(rec.rationale, HU.signals), rec.rationale).toEqual({ ok: true, ungrounded: [] });
    }
    // 1M input at $0.15 + 0.5M output at $0.60 per 1M.
    expect(result.usage).toEqual({ prompt_tokens: 1_000_000, completion_tokens: 500_000, cost_usd: 0.45 });
    expect(sleeps).toEqual([]);
    expect(lines.find((l) => l.event === "generator.openai.ok")?.fields).toMatchObject({ regrounded: 0, dropped: 0, priced: true });

    // What OpenAI received.
    expect(received()).toHaveLength(1);
    const req = received()[0] as Received;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
    expect(req.body.model).toBe("gpt-4o-mini");
    expect(req.body.stream).toBeFalsy();
    expect(req.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "spendsense_recommendations", strict: true, schema: JSON.parse(JSON.stringify(RECOMMENDATIONS_JSON_SCHEMA)) },
    });
    const [system, user] = req.body.messages as { role: string; content: string }[];
    expect(system?.role).toBe("system");
    expect(system?.content).toContain("high_utilization");
    expect(system?.content).toMatch(/cite only numbers that appear in the context/i);
    expect(system?.content).toMatch(/choose topics only from this list/i);
    // Every eligible topic is offered, and no ineligible one.
    for (const id of [
      "pay_down_highest_utilization_card",
      "stop_interest_charges",
      "how_utilization_affects_credit",
      "financial_checkup",
    ]) {
      expect(system?.content).toContain(`- ${id}: `);
    }
    expect(system?.content).not.toContain("- pay_more_than_minimum: "); // last payment $200 > minimum $68
    expect(system?.content).not.toContain("- invest_beyond_emergency_fund: ");
    expect(user?.role).toBe("user");
    const context = JSON.parse(user?.content ?? "null");
    expect(context.persona_type).toBe("high_utilization");
    expect(context.signals.credit.cards[0].mask).toBe("4523");
    expect(context.signals.credit.cards[0].utilization).toBe(0.68);
    // Internal ids stay home.
    expect(context.user_id).toBeUndefined();
    expect(user?.content).not.toContain("acc_hu_");
  });

  it("writes a persona-specific system prompt", async () => {
    const sub = inputFor(subscriber("sh", [9.99, 12.01, 15, 18, 20], 937.5));
    expect(sub.persona.persona_type).toBe("subscription_heavy");
    queue.push(
      ok({
        recommendations: ["audit_subscriptions", "subscription_share_of_spending", "set_renewal_reminders"].map((topic) => ({
          topic,
          title: getTopic(topic)?.title,
          content: getTopic(topic)?.content,
          rationale: renderRationale(topic, sub.signals),
        })),
      }),
    );
    const result = await makeGenerator().generator.generate(sub);
    expect(result.recommendations.map((r) => r.topic)).toEqual([
      "audit_subscriptions",
      "subscription_share_of_spending",
      "set_renewal_reminders",
    ]);
    const system = (received()[0]?.body.messages[0].content ?? "") as string;
    expect(system).toContain("subscription_heavy");
    expect(system).not.toContain("persona is high_utilization");
    expect(system).toContain("- audit_subscriptions: ");
    expect(system).not.toContain("- pay_down_highest_utilization_card: ");
  });

  it("re-grounds a rationale that cites a number that is not the person's", async () => {
    const answer = structuredClone(goodAnswer);
    const foreign = "Your card ending in 9911 is at 91% utilization, with $7,250 owed.";
    (answer.recommendations[0] as { rationale: string }).rationale = foreign;
    expect(checkGrounding(foreign, HU.signals).ok).toBe(false);
    queue.push(ok(answer));
    const { logger, lines } = capturingLogger();
    const result = await makeGenerator({ logger }).generator.generate(HU);

    const rec = result.recommendations[0];
    expect(rec?.topic).toBe("pay_down_highest_utilization_card");
    expect(rec?.rationale).not.toBe(foreign);
    expect(rec?.rationale).toBe(renderRationale("pay_down_highest_utilization_card", HU.signals));
    expect(rec?.title).toBe(goodAnswer.recommendations[0]?.title);
    // The others were grounded and are kept as written.
    expect(result.recommendations.slice(1)).toEqual(goodAnswer.recommendations.slice(1));
    for (const r of result.recommendations) expect(checkGrounding(r.rationale, HU.signals).ok, r.rationale).toBe(true);
    expect(lines.find((l) => l.event === "generator.openai.repaired")?.fields).toMatchObject({ regrounded: 1, dropped: 0 });
  });

  it("drops ineligible and duplicate items, and takes the catalog's content when the model's shames", async () => {
    const answer = structuredClone(goodAnswer);
    answer.recommendations.push({ ...(answer.recommendations[1] as (typeof answer.recommendations)[number]) }); // duplicate topic
    (answer.recommendations[3] as { topic: string }).topic = "invest_beyond_emergency_fund"; // not eligible
    (answer.recommendations[2] as { content: string }).content = "Carrying this balance is irresponsible and wasteful.";
    queue.push(ok(answer));
    const { logger, lines } = capturingLogger();
    const result = await makeGenerator({ logger }).generator.generate(HU);
    expect(result.recommendations.map((r) => r.topic)).toEqual([
      "pay_down_highest_utilization_card",
      "stop_interest_charges",
      "how_utilization_affects_credit",
    ]);
    expect(result.recommendations[2]?.content).toBe(getTopic("how_utilization_affects_credit")?.content);
    expect(lines.find((l) => l.event === "generator.openai.repaired")?.fields).toMatchObject({ dropped: 2, depersonalized: 1 });
  });

  describe("a malformed answer falls back to the catalog (malformed_output, no retry)", () => {
    const fallbackOf = (generator: OpenAIGenerator) => new FallbackGenerator(generator, new CatalogGenerator());
    const cases: [string, Reply][] = [
      ["not JSON", ok("Sure! Here are some recommendations: 1. Pay down your card.")],
      ["the wrong shape", ok({ recs: [{ topic: "stop_interest_charges" }] })],
      ["too few items", ok({ recommendations: goodAnswer.recommendations.slice(0, 2) })],
      [
        "ineligible topics",
        ok({
          recommendations: ["invest_beyond_emergency_fund", "diversify_investments", "buy_crypto", "pay_more_than_minimum"].map(
            (topic) => ({
              topic,
              title: "A title",
              content: "Some content.",
              rationale: "A rationale.",
            }),
          ),
        }),
      ],
      [
        "a truncated answer",
        { kind: "json", status: 200, body: completion('{"recommendations":[{"topic":"stop_', undefined, { finish_reason: "length" }) },
      ],
    ];
    it.each(cases)("%s", async (_name, reply) => {
      queue.push(reply);
      const { generator, sleeps } = makeGenerator();
      const result = await fallbackOf(generator).generate(HU);
      expect(result.source).toBe("catalog_fallback");
      expect(result.fallback_reason).toBe("malformed_output");
      expect(result.model).toBeNull();
      expect(result.recommendations).toEqual((await new CatalogGenerator().generate(HU)).recommendations);
      expect(received()).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it("the bare generator throws GeneratorError(malformed_output)", async () => {
      queue.push(cases[0]?.[1] as Reply);
      const error = await makeGenerator()
        .generator.generate(HU)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GeneratorError);
      expect((error as GeneratorError).reason).toBe("malformed_output");
    });
  });

  it("retries a 429 once and then succeeds, after a backoff", async () => {
    queue.push(
      apiError(429, "Rate limit reached for gpt-4o-mini on requests per min (RPM).", "requests", "rate_limit_exceeded"),
      ok(goodAnswer),
    );
    const { generator, sleeps } = makeGenerator({ baseDelayMs: 400 });
    const result = await generator.generate(HU);
    expect(result.source).toBe("openai_4o_mini");
    expect(result.recommendations).toHaveLength(4);
    expect(received()).toHaveLength(2);
    // base 400 ms, jitter in [50%, 100%]; random() = 0.5 gives 300.
    expect(sleeps).toEqual([300]);
  });

  it("honours retry-after-ms, and backs off exponentially on repeated 5xx", async () => {
    queue.push(
      apiError(429, "Rate limit reached", "requests", "rate_limit_exceeded", { "retry-after-ms": "250" }),
      apiError(500, "The server had an error while processing your request.", "server_error", null),
      apiError(503, "The engine is currently overloaded.", "server_error", null),
      ok(goodAnswer),
    );
    const { generator, sleeps } = makeGenerator({ baseDelayMs: 100, random: () => 0 });
    const result = await generator.generate(HU);
    expect(result.source).toBe("openai_4o_mini");
    expect(received()).toHaveLength(4);
    expect(sleeps).toEqual([250, 100, 200]); // retry-after-ms, then 200/2 and 400/2 (jitter 0)
  });

  it("gives up after maxRetries with upstream_error", async () => {
    for (let i = 0; i < 5; i++) queue.push(apiError(500, "The server had an error.", "server_error", null));
    const { generator, sleeps } = makeGenerator({ maxRetries: 2, baseDelayMs: 10 });
    const error = (await generator.generate(HU).catch((e: unknown) => e)) as GeneratorError;
    expect(error).toBeInstanceOf(GeneratorError);
    expect(error.reason).toBe("upstream_error");
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(3);
    expect(received()).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
  });

  it("does not wait beyond the budget: a retry-after longer than what is left ends the attempts", async () => {
    queue.push(apiError(429, "Rate limit reached", "requests", "rate_limit_exceeded", { "retry-after": "30" }), ok(goodAnswer));
    const { generator, sleeps } = makeGenerator({ budgetMs: 4_000 });
    const result = await new FallbackGenerator(generator, new CatalogGenerator()).generate(HU);
    expect(result.source).toBe("catalog_fallback");
    expect(result.fallback_reason).toBe("rate_limited");
    expect(received()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("does not retry a 429 insufficient_quota", async () => {
    queue.push(apiError(429, "You exceeded your current quota.", "insufficient_quota", "insufficient_quota"), ok(goodAnswer));
    const error = (await makeGenerator()
      .generator.generate(HU)
      .catch((e: unknown) => e)) as GeneratorError;
    expect(error.reason).toBe("rate_limited");
    expect(received()).toHaveLength(1);
  });

  it("falls back on a timeout, within the total budget", async () => {
    for (let i = 0; i < 5; i++) queue.push({ kind: "hang" });
    const { generator, sleeps, clock } = makeGenerator({ timeoutMs: 200, budgetMs: 600, baseDelayMs: 20 });
    const result = await new FallbackGenerator(generator, new CatalogGenerator()).generate(HU);
    expect(result.source).toBe("catalog_fallback");
    expect(result.fallback_reason).toBe("timeout");
    // Timeouts are retried while the budget lasts: 200 ms, a 15 ms wait, 200 ms, a 30 ms wait, and
    // the 155 ms left; then no time is left for another.
    expect(received()).toHaveLength(3);
    expect(sleeps).toEqual([15, 30]);
    // The budget, not the per-attempt limit, ends it: exactly at 600 ms.
    expect(clock.elapsed()).toBe(600);
  });

  it("does not retry a 401, reports auth, never leaks the key, and falls back", async () => {
    queue.push(
      apiError(
        401,
        `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        "invalid_request_error",
        "invalid_api_key",
      ),
      ok(goodAnswer),
    );
    const { logger, lines } = capturingLogger();
    const { generator, sleeps } = makeGenerator({ logger });
    const error = (await generator.generate(HU).catch((e: unknown) => e)) as GeneratorError;
    expect(error).toBeInstanceOf(GeneratorError);
    expect(error.reason).toBe("auth");
    expect(error.status).toBe(401);
    expect(received()).toHaveLength(1);
    expect(sleeps).toEqual([]);
    const everything = JSON.stringify({ message: error.message, stack: error.stack, error, lines });
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain("SECRET");

    received().length = 0;
    queue.clear();
    queue.push(apiError(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"), ok(goodAnswer));
    const result = await new FallbackGenerator(makeGenerator().generator, new CatalogGenerator()).generate(HU);
    expect(result.source).toBe("catalog_fallback");
    expect(result.fallback_reason).toBe("auth");
    expect(received()).toHaveLength(1);
  });

  it("does not retry a 400 (bad_request)", async () => {
    queue.push(
      apiError(400, "Invalid schema for response_format 'spendsense_recommendations'.", "invalid_request_error", null),
      ok(goodAnswer),
    );
    const error = (await makeGenerator()
      .generator.generate(HU)
      .catch((e: unknown) => e)) as GeneratorError;
    expect(error.reason).toBe("bad_request");
    expect(received()).toHaveLength(1);
  });

  it("retries a refused connection as upstream_error", async () => {
    const { generator, sleeps } = makeGenerator({ baseURL: "http://127.0.0.1:1/v1", maxRetries: 1, baseDelayMs: 10 });
    const error = (await generator.generate(HU).catch((e: unknown) => e)) as GeneratorError;
    expect(error.reason).toBe("upstream_error");
    expect(error.attempts).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it("its source names the configured model, not always gpt-4o-mini", async () => {
    queue.push(ok(goodAnswer));
    const { generator } = makeGenerator({ model: "gpt-4.1-mini" });
    expect((await generator.generate(HU)).source).toBe("openai_gpt-4.1-mini");
  });

  it("createGenerator with a key talks to OpenAI and falls back to the catalog", async () => {
    queue.push(ok(goodAnswer));
    const generator = createGenerator({ openaiApiKey: API_KEY, chatModel: "gpt-4o-mini", baseURL: sim().baseURL, maxRetries: 0 });
    const first = await generator.generate(HU);
    expect(first.source).toBe("openai_4o_mini");
    queue.push(apiError(403, "Country, region, or territory not supported", "request_forbidden", "unsupported_country_region_territory"));
    const second = await generator.generate(HU);
    expect(second.source).toBe("catalog_fallback");
    expect(second.fallback_reason).toBe("auth");
    expect(received()).toHaveLength(2);
  });
});
