/**
 * The vector tier's use of the resilience module (src/resilience.ts), on a virtual clock: only a
 * typed failure that says it is retryable is retried (never a message that happens to contain
 * "rate" or "timeout"), the waits are 100, 200 and 400 ms, and a call that never answers is
 * abandoned exactly at the 1.5 s deadline.
 */
import { describe, expect, it } from "vitest";
import { EmbeddingError, type Embedder } from "../../src/adapters/embedding/interface";
import { LocalHashEmbedder } from "../../src/adapters/embedding/local";
import type { VectorStore } from "../../src/adapters/vector/interface";
import { assignPersona } from "../../src/domain/personas";
import type { Logger } from "../../src/logger";
import { clearEmbeddingCache } from "../../src/services/embedding";
import {
  DEFAULT_VECTOR_TIER_BUDGET_MS,
  searchNeighbours,
  VectorTierTimeoutError,
  type SearchContext,
} from "../../src/services/vector-search";
import { VirtualClock } from "../support/virtual-clock";
import { cardHolder } from "./domain-fixtures";

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const person = cardHolder("resilience", 3400, 5000, 45.2);
const signals = person.signals(30);
const context: SearchContext = { userId: "resilience", windowDays: 30, signals, persona: assignPersona(signals) };

/** An embedder that fails with `failure` every time, and counts its calls. */
function failingEmbedder(failure: () => Error): Embedder & { calls: number } {
  return {
    id: "failing-1536",
    dimensions: 1536,
    calls: 0,
    async embedBatch() {
      this.calls += 1;
      throw failure();
    },
  };
}

/** An index whose queries never answer, counting them. */
function hangingStore(): VectorStore & { calls: number } {
  return {
    name: "pgvector",
    embedderId: "local-hash-v1-1536",
    dimensions: 1536,
    calls: 0,
    query() {
      this.calls += 1;
      return new Promise(() => {});
    },
    upsert: async () => ({ upserted: 0 }),
    fetch: async () => [],
    delete: async () => {},
    stats: async () => ({ totalVectors: 0, dimension: 1536, namespaceVectors: 0, fullness: 0 }),
  };
}

const unusedStore = hangingStore();

describe("the vector tier's retries", () => {
  it("never retries an untyped failure, whatever its message says", async () => {
    clearEmbeddingCache();
    const clock = new VirtualClock();
    // "generate" contains "rate", and the message names a timeout and a 503: none of it is a reason to retry.
    const embedder = failingEmbedder(() => new Error("could not generate: timeout talking to a 503 upstream"));
    const err = await searchNeighbours({ embedder, store: unusedStore, logger: quiet, clock }, context, "high_utilization").catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/could not generate/);
    expect(embedder.calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("retries a typed retryable failure 3 times, 100, 200 and 400 ms apart, inside the budget", async () => {
    clearEmbeddingCache();
    const clock = new VirtualClock();
    const embedder = failingEmbedder(() => new EmbeddingError("upstream_error", "OpenAI server error", { status: 503, retryable: true }));
    const err = await searchNeighbours({ embedder, store: unusedStore, logger: quiet, clock }, context, "high_utilization").catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(EmbeddingError);
    expect(embedder.calls).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(clock.elapsed()).toBe(700);
  });

  it("abandons a call that never answers exactly at the deadline", async () => {
    clearEmbeddingCache();
    const clock = new VirtualClock();
    const store = hangingStore();
    const search = searchNeighbours(
      { embedder: new LocalHashEmbedder(1536), store, logger: quiet, clock },
      context,
      "high_utilization",
    ).catch((e: unknown) => e);
    // The query is in flight and nothing answers: let time run to the next timer, the deadline.
    for (let turn = 0; turn < 100 && store.calls === 0; turn++) await new Promise((r) => setTimeout(r, 0));
    expect(store.calls).toBe(1);
    clock.runToNextTimer();
    const err = await search;
    expect(err).toBeInstanceOf(VectorTierTimeoutError);
    expect((err as Error).message).toMatch(/1500 ms budget ran out during the index query/);
    expect(clock.elapsed()).toBe(DEFAULT_VECTOR_TIER_BUDGET_MS);
    expect(store.calls).toBe(1);
  });
});
