/**
 * The pieces of the OpenAI generator that need no server: the strict-mode response schema, the
 * price table, and the Retry-After parsing every adapter shares (src/resilience.ts).
 */
import { describe, expect, it } from "vitest";
import { computeUsage } from "../../src/adapters/llm/openai";
import { RECOMMENDATIONS_JSON_SCHEMA } from "../../src/adapters/llm/prompt";
import { retryAfterMs } from "../../src/resilience";

describe("pieces", () => {
  it("the response schema is strict-mode compatible", () => {
    const walk = (node: any, path: string) => {
      if (node.type === "object") {
        expect(node.additionalProperties, path).toBe(false);
        expect([...node.required].sort(), path).toEqual(Object.keys(node.properties).sort());
        for (const [k, v] of Object.entries(node.properties)) walk(v, `${path}.${k}`);
      }
      if (node.type === "array") walk(node.items, `${path}[]`);
    };
    walk(RECOMMENDATIONS_JSON_SCHEMA, "$");
  });

  it("prices usage; an unknown model costs 0 and is flagged", () => {
    expect(computeUsage("gpt-4o-mini", { prompt_tokens: 2000, completion_tokens: 500 })).toEqual({
      usage: { prompt_tokens: 2000, completion_tokens: 500, cost_usd: 0.0006 },
      priced: true,
    });
    expect(computeUsage("gpt-4o-mini-2024-07-18", { prompt_tokens: 1_000_000, completion_tokens: 0 }).usage.cost_usd).toBeCloseTo(0.15, 10);
    expect(computeUsage("some-new-model", { prompt_tokens: 2000, completion_tokens: 500 })).toEqual({
      usage: { prompt_tokens: 2000, completion_tokens: 500, cost_usd: 0 },
      priced: false,
    });
  });

  it("reads retry-after-ms, retry-after seconds and dates", () => {
    expect(retryAfterMs(new Headers({ "retry-after-ms": "1500", "retry-after": "9" }))).toBe(1500);
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(10_000).toUTCString() }), 7_000)).toBe(3000);
    expect(retryAfterMs(new Headers({}))).toBeUndefined();
  });
});
