/**
 * The OpenAI embedder against the one OpenAI simulator (scripts/lib/openai-simulator.ts) served
 * over loopback HTTP: OpenAI's response and error shapes, scripted per test with a queue of
 * replies (an empty queue answers with the local embedder's vectors, which a test can recompute).
 * The real SDK talks to it through `baseURL`. Time is a virtual clock: waits are recorded, never
 * slept, and a hanging request lets the clock run to the attempt's time limit.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { embeddingsBody, openAIError as apiError, simulatedTokens } from "../../scripts/lib/openai-simulator";
import { EmbeddingError } from "../../src/adapters/embedding/interface";
import { LocalHashEmbedder } from "../../src/adapters/embedding/local";
import {
  embeddingCostUsd,
  OpenAIEmbedder,
  planBatches,
  TEXT_EMBEDDING_3_SMALL_PRICE_PER_MILLION,
  type OpenAIEmbedderOptions,
} from "../../src/adapters/embedding/openai";
import { generateEmbedding } from "../../src/services/embedding";
import { createEmbedder } from "../../src/services/services";
import { capturingLogger } from "../support/capturing-logger";
import { useServedOpenAISimulator } from "./served-openai";

const API_KEY = "test-openai-key-SECRET-0123456789abcdef";
const DIMS = 1536;

const served = useServedOpenAISimulator({ apiKey: API_KEY });
const sim = () => served.sim();
const queue = () => sim().queue.embeddings;
const received = () => sim().received;

/** The vector the simulator answers for a text: the local embedder's. */
const local = new LocalHashEmbedder(DIMS);
const vectorOf = (text: string) => local.embed(text).vector;
const tokensOf = simulatedTokens;

// ---- helpers ----

function makeEmbedder(options: Partial<OpenAIEmbedderOptions> = {}) {
  const clock = served.clock();
  const embedder = new OpenAIEmbedder({
    apiKey: API_KEY,
    baseURL: sim().baseURL,
    timeoutMs: 2_000,
    budgetMs: 4_000,
    minAttemptMs: 50,
    random: () => 0.5,
    clock,
    ...options,
  });
  return { embedder, sleeps: clock.sleeps, clock };
}

const texts = (n: number) => Array.from({ length: n }, (_, i) => `text ${i} about credit utilization`);

async function failure(promise: Promise<unknown>): Promise<EmbeddingError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(EmbeddingError);
    return err as EmbeddingError;
  }
  throw new Error("expected the call to fail");
}

// ---- the tests ----

describe("OpenAIEmbedder against the OpenAI simulator", () => {
  it("batches: maxBatch 3 with 7 texts is 3 requests of 3, 3 and 1, vectors in input order", async () => {
    const { logger, lines } = capturingLogger();
    const { embedder, sleeps } = makeEmbedder({ maxBatch: 3, logger });
    expect(embedder.id).toBe("openai:text-embedding-3-small");
    expect(embedder.dimensions).toBe(1536);
    const input = texts(7);
    // The 2nd batch's response lists its data out of order (OpenAI's `index` says which is which).
    queue().push(
      { kind: "json", status: 200, body: embeddingsBody(input.slice(0, 3)) },
      { kind: "json", status: 200, body: embeddingsBody(input.slice(3, 6), { reversed: true }) },
    );

    const { vectors, usage } = await embedder.embedBatch(input);

    expect(received()).toHaveLength(3);
    expect(received().map((r) => r.body.input.length)).toEqual([3, 3, 1]);
    expect(received().flatMap((r) => r.body.input)).toEqual(input);
    for (const r of received()) {
      expect(r.method).toBe("POST");
      expect(r.path).toBe("/v1/embeddings");
      expect(r.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
      expect(r.body.model).toBe("text-embedding-3-small");
      expect(r.body.encoding_format).toBe("float");
      expect(Array.isArray(r.body.input)).toBe(true);
    }
    // Order follows the input, the reversed batch included.
    expect(vectors).toEqual(input.map(vectorOf));
    for (const v of vectors) expect(v).toHaveLength(1536);
    // Token accounting across the batches.
    const tokens = input.reduce((t, s) => t + tokensOf(s), 0);
    expect(usage.tokens).toBe(tokens);
    expect(usage.cost_usd).toBeCloseTo((tokens * 0.02) / 1e6, 15);
    expect(sleeps).toEqual([]);
    const ok = lines.filter((l) => l.event === "embedding.openai.ok");
    expect(ok).toHaveLength(1);
    expect(ok[0]?.fields).toMatchObject({
      model: "text-embedding-3-small",
      inputs: 7,
      requests: 3,
      attempts: 3,
      tokens,
      cost_usd: usage.cost_usd,
    });
    expect(typeof ok[0]?.fields.ms).toBe("number");
  });

  it("defaults to one request for everything up to 2048 inputs", async () => {
    const { embedder } = makeEmbedder();
    expect(embedder.maxBatch).toBe(2048);
    const { vectors } = await embedder.embedBatch(texts(50));
    expect(received()).toHaveLength(1);
    expect(received()[0]?.body.input).toHaveLength(50);
    expect(vectors).toHaveLength(50);
    expect(makeEmbedder({ maxBatch: 10_000 }).embedder.maxBatch).toBe(2048);
  });

  it("sums usage.total_tokens over batches and prices them at $0.02 per 1M", async () => {
    const { embedder } = makeEmbedder({ maxBatch: 1 });
    const usage = (text: string, total: number) => ({
      kind: "json" as const,
      status: 200,
      body: { ...embeddingsBody([text]), usage: { prompt_tokens: total, total_tokens: total } },
    });
    queue().push(usage("text 0", 600_000), usage("text 1", 400_000));
    const result = await embedder.embedBatch(["text 0", "text 1"]);
    expect(result.usage.tokens).toBe(1_000_000);
    expect(result.usage.cost_usd).toBeCloseTo(0.02, 12);
    expect(TEXT_EMBEDDING_3_SMALL_PRICE_PER_MILLION).toBe(0.02);
    expect(embeddingCostUsd(1_000_000, "text-embedding-3-small")).toBeCloseTo(0.02, 12);
    expect(embeddingCostUsd(1_000_000, "openai:text-embedding-3-small")).toBeCloseTo(0.02, 12);
    expect(embeddingCostUsd(12_345, "local-hash-v1-1536")).toBe(0);
  });

  it("retries 500 and 429 with backoff and retry-after-ms, then succeeds", async () => {
    const { logger, lines } = capturingLogger();
    const { embedder, sleeps } = makeEmbedder({ logger });
    queue().push(
      apiError(500, "The server had an error while processing your request.", "server_error", null),
      apiError(429, "Rate limit reached for text-embedding-3-small.", "requests", "rate_limit_exceeded", { "retry-after-ms": "1234" }),
    );
    const vector = await generateEmbedding(embedder, "text 42");
    expect(vector).toEqual(vectorOf("text 42"));
    expect(received()).toHaveLength(3);
    // 1st retry: exponential backoff from 500 ms with jitter 0.5 → 250 + 0.5·250; 2nd: what the 429 asked.
    expect(sleeps).toEqual([375, 1234]);
    expect(lines.filter((l) => l.event === "embedding.openai.retry").map((l) => l.fields.reason)).toEqual([
      "upstream_error",
      "rate_limited",
    ]);
    expect(lines.find((l) => l.event === "embedding.openai.ok")?.fields).toMatchObject({ attempts: 3, requests: 1 });
  });

  it("gives up after 3 retries, with the backoff doubling each time", async () => {
    const { embedder, sleeps } = makeEmbedder();
    for (let i = 0; i < 5; i++) queue().push(apiError(503, "Service unavailable", "server_error", null));
    const error = await failure(embedder.embedBatch(["text 1"]));
    expect(error.reason).toBe("upstream_error");
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(4);
    expect(received()).toHaveLength(4);
    expect(sleeps).toEqual([375, 750, 1500]);
  });

  it("does not retry a 400: one request, reason bad_request", async () => {
    const { embedder, sleeps } = makeEmbedder();
    queue().push(apiError(400, "'$.input' is invalid. Please check the API reference.", "invalid_request_error", null));
    const error = await failure(embedder.embedBatch(["text 1"]));
    expect(error.reason).toBe("bad_request");
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.requestId).toBe("req_sim_1");
    expect(received()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("reports a 401 as auth, without the key anywhere in the error", async () => {
    const { logger, lines } = capturingLogger();
    const { embedder, sleeps } = makeEmbedder({ logger });
    // The simulator echoes the whole key, worse than the real API's masked echo.
    queue().push(
      apiError(
        401,
        `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        "invalid_request_error",
        "invalid_api_key",
      ),
    );
    const error = await failure(embedder.embedBatch(["text 1"]));
    expect(error.reason).toBe("auth");
    expect(error.status).toBe(401);
    expect(error.code).toBe("invalid_api_key");
    expect(received()).toHaveLength(1);
    expect(sleeps).toEqual([]);
    for (const shown of [error.message, String(error), error.stack ?? "", JSON.stringify(error), JSON.stringify(lines)]) {
      expect(shown).not.toContain(API_KEY);
      expect(shown).not.toContain("SECRET");
    }
    expect(error.message).toContain("[redacted]");
  });

  it("does not retry a 429 insufficient_quota (billing, not a burst)", async () => {
    const { embedder } = makeEmbedder();
    queue().push(apiError(429, "You exceeded your current quota.", "insufficient_quota", "insufficient_quota"));
    const error = await failure(embedder.embedBatch(["text 1"]));
    expect(error.reason).toBe("rate_limited");
    expect(error.retryable).toBe(false);
    expect(received()).toHaveLength(1);
  });

  it("gives up when retry-after would not fit in the budget", async () => {
    const { embedder, sleeps } = makeEmbedder({ budgetMs: 4_000 });
    queue().push(apiError(429, "Rate limit reached.", "requests", "rate_limit_exceeded", { "retry-after": "60" }));
    const error = await failure(embedder.embedBatch(["text 1"]));
    expect(error.reason).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(60_000);
    expect(received()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("refuses vectors of another length: bad_dimensions, not retried", async () => {
    const { embedder, sleeps } = makeEmbedder();
    queue().push({ kind: "json", status: 200, body: embeddingsBody(["text 1", "text 2"], { dimensions: 3072 }) });
    const error = await failure(embedder.embedBatch(["text 1", "text 2"]));
    expect(error.reason).toBe("bad_dimensions");
    expect(error.message).toMatch(/3072/);
    expect(error.message).toMatch(/1536/);
    expect(received()).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("refuses a response with the wrong number of embeddings", async () => {
    const { embedder } = makeEmbedder({ maxRetries: 0 });
    queue().push({ kind: "json", status: 200, body: embeddingsBody(["text 1"]) });
    const error = await failure(embedder.embedBatch(["text 1", "text 2"]));
    expect(error.reason).toBe("upstream_error");
    expect(error.message).toMatch(/1 embeddings for 2 inputs/);
  });

  it("times out a hanging attempt at its limit and retries it", async () => {
    const { embedder, sleeps, clock } = makeEmbedder({ timeoutMs: 150, budgetMs: 3_000 });
    queue().push({ kind: "hang" });
    const vector = await generateEmbedding(embedder, "text 7");
    expect(vector).toEqual(vectorOf("text 7"));
    expect(received()).toHaveLength(2);
    expect(sleeps).toEqual([375]);
    // The hung attempt took its 150 ms, then the backoff.
    expect(clock.elapsed()).toBe(150 + 375);
  });

  it("gives up a hanging request when the budget is spent, not before", async () => {
    const { embedder, sleeps, clock } = makeEmbedder({ timeoutMs: 1_000, budgetMs: 2_500, minAttemptMs: 200 });
    sim().failWith.embeddings = { kind: "hang" };
    const error = await failure(embedder.embedBatch(["text 1"]));
    expect(error.reason).toBe("timeout");
    // 1000 ms, a 375 ms wait, 1000 ms: the next wait (750 ms) would not fit in the 125 ms left, so it stops at 2375.
    expect(received()).toHaveLength(2);
    expect(sleeps).toEqual([375]);
    expect(clock.elapsed()).toBe(2_375);
    expect(clock.elapsed()).toBeLessThanOrEqual(2_500);
  });

  it("retries connection errors, then reports them as upstream_error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { embedder, sleeps } = makeEmbedder({ baseURL: `http://127.0.0.1:${port}/v1` });
    const error = await failure(embedder.embedBatch(["text 1"]));
    expect(error.reason).toBe("upstream_error");
    expect(error.attempts).toBe(4);
    expect(sleeps).toEqual([375, 750, 1500]);
    expect(error.message).not.toContain(API_KEY);
  });

  it("makes no request for no input, and refuses an empty text before sending", async () => {
    const { embedder } = makeEmbedder();
    expect(await embedder.embedBatch([])).toEqual({ vectors: [], usage: { tokens: 0, cost_usd: 0 } });
    const error = await failure(embedder.embedBatch(["text 1", ""]));
    expect(error.reason).toBe("bad_request");
    expect(received()).toHaveLength(0);
  });
});

describe("choosing and configuring the embedder", () => {
  it("createEmbedder picks OpenAI for a non-blank key", async () => {
    const embedder = createEmbedder({
      openaiApiKey: `  ${API_KEY}  `,
      model: "text-embedding-3-small",
      dimensions: 1536,
      baseURL: sim().baseURL,
    });
    expect(embedder).toBeInstanceOf(OpenAIEmbedder);
    expect(embedder.id).toBe("openai:text-embedding-3-small");
    const { vectors } = await embedder.embedBatch(["text 3"]);
    expect(vectors[0]).toEqual(vectorOf("text 3"));
    expect(received()[0]?.headers.get("authorization")).toBe(`Bearer ${API_KEY}`);
  });

  it("refuses a configured dimension the model does not produce", () => {
    expect(() => createEmbedder({ openaiApiKey: API_KEY, model: "text-embedding-3-small", dimensions: 768 })).toThrow(
      expect.objectContaining({ name: "EmbeddingError", reason: "bad_dimensions" }),
    );
  });

  it("plans batches by input count and by estimated tokens", () => {
    expect(planBatches(["a", "b", "c", "d", "e", "f", "g"], 3).map((b) => b.length)).toEqual([3, 3, 1]);
    const long = "x".repeat(300); // ~100 estimated tokens
    expect(planBatches([long, long, long, long], 2048, 250).map((b) => b.length)).toEqual([2, 2]);
    // One text over the token cap still goes alone rather than being dropped.
    expect(planBatches(["y".repeat(3000)], 2048, 250).map((b) => b.length)).toEqual([1]);
  });
});
