import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RATE_LIMIT_PERIOD_SECONDS } from "../../src/http/rate-limit";

describe("wrangler.toml and the code agree", () => {
  it("429's Retry-After is the RATE_LIMITER binding's period", () => {
    const toml = readFileSync("wrangler.toml", "utf8");
    const block = /\[\[ratelimits\]\][^[]*?name\s*=\s*"RATE_LIMITER"[^[]*?simple\s*=\s*\{([^}]*)\}/.exec(toml);
    expect(block, "a [[ratelimits]] binding named RATE_LIMITER with simple = { limit, period }").not.toBeNull();
    const period = Number(/period\s*=\s*(\d+)/.exec(block![1]!)?.[1]);
    expect(period).toBe(RATE_LIMIT_PERIOD_SECONDS);
  });
});
