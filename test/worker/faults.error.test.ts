/**
 * Faults, each injected and each with a stated outcome. Pinecone and OpenAI are faked at the HTTP
 * boundary: the Worker's own fetch is answered with their real response shapes (Pinecone by
 * ./pinecone-fake.ts, OpenAI by the one simulator), and everything else (the database bridge)
 * goes to the real network. Postgres, KV and the Queue are the real (embedded / Miniflare) ones,
 * except where a test injects a broken KV binding.
 *
 * Time is virtual: the app is built with services on a VirtualClock (createApp({ services })), so
 * backoff waits pass at once, a hanging upstream lets the clock run to its next timer (the attempt
 * limit or the tier's deadline), and the tests assert attempt counts, waits and budgets without
 * real waiting.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { chatCompletion, SERVER_ERROR } from "../../scripts/lib/openai-simulator";
import worker from "../../src/index";
import { createApp } from "../../src/app";
import type { Env } from "../../src/config";
import { createDatabase } from "../../src/db/client";
import { clearRecentAnswers } from "../../src/services/cache";
import { clearEmbeddingCache } from "../../src/services/embedding";
import { createServices } from "../../src/services/services";
import { DEFAULT_VECTOR_TIER_BUDGET_MS } from "../../src/services/vector-search";
import { VirtualClock } from "../support/virtual-clock";
import { answerOf, type GenerateAnswer } from "../support/answers";
import { GenerateSchema } from "../../src/http/schemas";
import { TEST_PROVIDER_KEYS } from "../setup/tokens";
import { makeUser, type Persona } from "./factories";
import { callWithEnv, TEST_TOKENS, useOpenAISimulator } from "./helpers";
import { pineconeFake } from "./pinecone-fake";

// ---- the fake upstreams, on a virtual clock ----

let clock = new VirtualClock();
const letTimeRun = () => void clock.runToNextTimer();
const pinecone = pineconeFake({ onHang: letTimeRun });
const openai = useOpenAISimulator({ behaviour: "obedient", items: 3, onHang: letTimeRun, otherwise: pinecone.fetch });
/** The Worker as deployed, except that its services keep the test's clock. */
const app = createApp({ services: (env, config, requestId, ctx) => createServices(env, config, requestId, ctx, { clock }) });

const requestsTo = (route: "chat" | "embeddings") => openai.received.filter((r) => r.route === route).length;

beforeEach(() => {
  clock = new VirtualClock();
  pinecone.reset();
  // Each test embeds from scratch: a vector cached by an earlier test would skip the embedder.
  clearEmbeddingCache();
});

afterEach(() => {
  pinecone.releaseHanging();
});

/** Yield to the event loop (no time passes on any clock): what is ready to run, runs. */
const turns = async (n = 20) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
};

/**
 * Let the hung requests go (with a 5xx) and a minute of virtual time pass, so anything still
 * retrying in the background would call again; then the number of calls must not have moved.
 */
async function releaseAndSettle(): Promise<void> {
  pinecone.releaseHanging();
  openai.releaseHanging();
  await turns();
  clock.advance(60_000);
  await turns();
}

// ---- helpers ----

const WITH_PINECONE = { PINECONE_API_KEY: TEST_PROVIDER_KEYS.pinecone, VECTOR_DB_ENABLED: "true" };
const WITH_OPENAI = { OPENAI_API_KEY: TEST_PROVIDER_KEYS.openai, VECTOR_DB_ENABLED: "true" };

async function generate(userId: string, overrides: Record<string, unknown>, query = ""): Promise<{ status: number; body: GenerateAnswer }> {
  const res = await callWithEnv(
    `/recommendations/generate/${userId}?window_days=30&force_regenerate=true${query}`,
    overrides,
    "operator",
    { method: "POST" },
    app,
  );
  return { status: res.status, body: await answerOf(res, GenerateSchema) };
}

async function withDatabase<T>(fn: (query: (text: string, params: unknown[]) => Promise<any[]>) => Promise<T>): Promise<T> {
  const { DATABASE_URL, DATABASE_WS_PROXY } = env as Env;
  const handle = createDatabase({ databaseUrl: DATABASE_URL, wsProxy: DATABASE_WS_PROXY });
  try {
    return await fn(async (text, params) => (await handle.pool.query(text, params)).rows);
  } finally {
    await handle.close();
  }
}

/** A KV binding whose reads or writes throw, around the real one. */
function brokenKv(broken: "get" | "put"): KVNamespace {
  const real = (env as Env).CACHE;
  const fail = () => Promise.reject(new Error(`KV ${broken} failed (injected)`));
  return {
    get: broken === "get" ? fail : real.get.bind(real),
    getWithMetadata: real.getWithMetadata.bind(real),
    put: broken === "put" ? fail : real.put.bind(real),
    delete: real.delete.bind(real),
    list: real.list.bind(real),
  } as unknown as KVNamespace;
}

/** A person of the test's own: nothing is cached or stored for them yet. */
const person = async (persona: Persona = "variable_income") => (await makeUser({ persona })).userId;

// ---- the faults ----

const BUDGET = DEFAULT_VECTOR_TIER_BUDGET_MS;

describe("the vector index fails", () => {
  it("with 5xx: the tier retries inside its budget, stops, and the generator answers 200 with a _fallback source", async () => {
    const userId = await person();
    pinecone.mode = "5xx";
    const { status, body } = await generate(userId, WITH_PINECONE);
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    // One attempt and the tier's 3 retries, 100, 200 and 400 ms apart; Pinecone's own retries are off on this path.
    expect(pinecone.queries()).toBe(4);
    expect(clock.sleeps).toEqual([100, 200, 400]);
    expect(clock.elapsed()).toBeLessThanOrEqual(BUDGET);
    await releaseAndSettle();
    expect(pinecone.queries(), "queries once the tier had given up").toBe(4);
  });

  it("by never answering: the tier gives up at its deadline, and the generator answers 200 with a _fallback source", async () => {
    const userId = await person();
    pinecone.mode = "hang";
    const { status, body } = await generate(userId, WITH_PINECONE);
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(pinecone.queries()).toBe(1);
    // Abandoned exactly at the deadline, not before, not after.
    expect(clock.elapsed()).toBe(BUDGET);
    // The abandoned query, answered late with a 5xx, is not retried.
    await releaseAndSettle();
    expect(pinecone.queries(), "queries once the tier had given up").toBe(1);
  });
});

describe("the embedder fails", () => {
  it("with 5xx: the tier stops after its retries, and OpenAI generates with a _fallback source", async () => {
    const userId = await person();
    openai.failWith.embeddings = SERVER_ERROR;
    const { status, body } = await generate(userId, WITH_OPENAI);
    expect(status).toBe(200);
    expect(body.source).toBe("openai_4o_mini_fallback");
    expect(requestsTo("embeddings")).toBe(4);
    expect(requestsTo("chat")).toBe(1);
    // The tier's waits only: the embedder on this path retries nothing of its own.
    expect(clock.sleeps).toEqual([100, 200, 400]);
    await releaseAndSettle();
    expect(requestsTo("embeddings"), "embeddings requests once the tier had given up").toBe(4);
  });

  it("by never answering: the attempt is cut at the deadline, and OpenAI generates with a _fallback source", async () => {
    const userId = await person();
    openai.failWith.embeddings = { kind: "hang" };
    const { status, body } = await generate(userId, WITH_OPENAI);
    expect(status).toBe(200);
    expect(body.source).toBe("openai_4o_mini_fallback");
    expect(requestsTo("embeddings")).toBe(1);
    expect(clock.elapsed()).toBe(BUDGET);
    await releaseAndSettle();
    expect(requestsTo("embeddings"), "embeddings requests once the tier had given up").toBe(1);
  });
});

describe("OpenAI's generator fails", () => {
  it("with 5xx: retried with growing backoff inside its budget, then the catalog answers 200 with source catalog_fallback", async () => {
    const userId = await person();
    openai.failWith.chat = SERVER_ERROR;
    const { status, body } = await generate(userId, WITH_OPENAI, "&use_vector_db=false");
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(requestsTo("chat")).toBe(4); // one attempt and 3 retries
    // Exponential backoff from 500 ms with jitter: [250, 500], [500, 1000], [1000, 2000].
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(250 * 2 ** i);
      expect(ms).toBeLessThanOrEqual(500 * 2 ** i);
    });
    expect(clock.elapsed()).toBeLessThanOrEqual(30_000);
  });

  it("with malformed output: not retried, the catalog answers 200 with source catalog_fallback", async () => {
    const userId = await person();
    openai.failWith.chat = { kind: "json", status: 200, body: chatCompletion('{"recommendations": "three good ones"') };
    const { status, body } = await generate(userId, WITH_OPENAI, "&use_vector_db=false");
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(requestsTo("chat")).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it("(control) answering well, OpenAI's set is served as openai_4o_mini", async () => {
    const userId = await person();
    const { status, body } = await generate(userId, WITH_OPENAI, "&use_vector_db=false");
    expect(status).toBe(200);
    expect(body.source).toBe("openai_4o_mini");
    expect(body.recommendations.map((r) => r.topic)).toHaveLength(3);
  });
});

describe("KV fails", () => {
  it("a failed write is logged and the response still succeeds, with the set stored", async () => {
    const userId = await person("wealth_builder");
    const warn = vi.spyOn(console, "warn");
    let result: { status: number; body: GenerateAnswer };
    let warned: string[];
    try {
      result = await generate(userId, { CACHE: brokenKv("put") }, "&use_vector_db=false");
      warned = warn.mock.calls.map((c) => String(c[0]));
    } finally {
      warn.mockRestore();
    }
    expect(result.status).toBe(200);
    expect(result.body.source).toBe("catalog");
    expect(warned.some((line) => line.includes('"event":"cache_write_failed"'))).toBe(true);
    const ids = result.body.recommendations.map((r) => r.id);
    const stored = await withDatabase((q) => q("select id from recommendations where id = any($1)", [ids]));
    expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
  });

  it("a failed read is a miss: the generator answers instead of an error", async () => {
    const userId = await person("wealth_builder");
    const path = `/recommendations/generate/${userId}?window_days=30&use_vector_db=false`;
    expect((await callWithEnv(path, {}, "operator", { method: "POST" })).status).toBe(200);
    // Control: with KV working, the answer now comes from the cache.
    const hit = await callWithEnv(path, {}, "operator", { method: "POST" });
    expect((await answerOf(hit, GenerateSchema)).source).toBe("kv_cache");
    // With KV reads failing, the cached answer cannot be read: the generator answers, and nothing breaks.
    // (Another isolate, which has not seen the answer: this one would serve it from memory without reading KV.)
    clearRecentAnswers();
    const res = await callWithEnv(path, { CACHE: brokenKv("get") }, "operator", { method: "POST" });
    expect((await answerOf(res, GenerateSchema)).source).toBe("catalog");
  });
});

describe("no generated recommendation is lost", () => {
  it("the set is in Postgres by the time the 200 is sent, before any deferred work runs", async () => {
    const userId = await person("wealth_builder");
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`http://spendsense.test/recommendations/generate/${userId}?window_days=180&force_regenerate=true`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TEST_TOKENS.operator}` },
      }),
      env as never,
      ctx,
    );
    const body = await answerOf(res, GenerateSchema);
    // Read before waitOnExecutionContext: only what was written before the response counts.
    const stored = await withDatabase((q) =>
      q("select id, status, user_id, window_days from recommendations where id = any($1)", [body.recommendations.map((r) => r.id)]),
    );
    await waitOnExecutionContext(ctx);
    expect(stored).toHaveLength(body.recommendations.length);
    for (const row of stored) expect(row).toMatchObject({ user_id: userId, window_days: 180 });
    expect(stored.map((r) => r.status).sort()).toEqual(body.recommendations.map((r) => r.status).sort());
  });
});
