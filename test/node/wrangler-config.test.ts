import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULTS } from "../../src/config";
import { EMBEDDING_DIMENSIONS } from "../../src/db/schema";
import { RATE_LIMIT_PERIOD_SECONDS } from "../../src/http/rate-limit";
import { QUEUES } from "../../src/queue/messages";

const toml = readFileSync("wrangler.toml", "utf8");

/** wrangler.toml's [vars]: `NAME = "value"` lines up to the next table. */
function vars(): Record<string, string> {
  const block = /^\[vars\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? "";
  return Object.fromEntries([...block.matchAll(/^\s*([A-Z0-9_]+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1]!, m[2]!]));
}

describe("wrangler.toml and the code agree", () => {
  it("each queue the code consumes is consumed there, with the retries and dead-letter queue the code counts on", () => {
    const consumers = toml
      .split(/^\[\[queues\.consumers\]\]\s*$/m)
      .slice(1)
      .map((block) => ({
        name: /^queue\s*=\s*"([^"]+)"/m.exec(block)?.[1],
        deadLetter: /^dead_letter_queue\s*=\s*"([^"]+)"/m.exec(block)?.[1],
        maxRetries: Number(/^max_retries\s*=\s*(\d+)/m.exec(block)?.[1]),
      }));
    expect(consumers.sort((a, b) => a.name!.localeCompare(b.name!))).toEqual(
      Object.values(QUEUES)
        .map((q) => ({ ...q }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });

  it("429's Retry-After is the RATE_LIMITER binding's period", () => {
    const block = /\[\[ratelimits\]\][^[]*?name\s*=\s*"RATE_LIMITER"[^[]*?simple\s*=\s*\{([^}]*)\}/.exec(toml);
    expect(block, "a [[ratelimits]] binding named RATE_LIMITER with simple = { limit, period }").not.toBeNull();
    const period = Number(/period\s*=\s*(\d+)/.exec(block![1]!)?.[1]);
    expect(period).toBe(RATE_LIMIT_PERIOD_SECONDS);
  });

  it("[vars] holds exactly src/config.ts's DEFAULTS, the one source of every default", () => {
    const expected = Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, String(v)]));
    expect(vars()).toEqual(expected);
  });

  it("the README's variable table shows the same defaults", () => {
    const readme = readFileSync("README.md", "utf8");
    const rows = Object.fromEntries([...readme.matchAll(/^\| `([A-Z0-9_]+)` \| `([^`]*)` \|/gm)].map((m) => [m[1]!, m[2]!]));
    for (const [name, value] of Object.entries(DEFAULTS)) expect(rows[name], name).toBe(String(value));
  });

  it("the default embedding dimension is the vectors column's", () => {
    expect(DEFAULTS.EMBEDDING_DIMENSIONS).toBe(EMBEDDING_DIMENSIONS);
  });
});
