/**
 * Faults, each injected and each with a stated outcome. Pinecone and OpenAI are faked at the HTTP
 * boundary: the Worker's own fetch is answered with their real response shapes, and everything
 * else (the database bridge) goes to the real network. Postgres, KV and the Queue are the real
 * (embedded / Miniflare) ones, except where a test injects a broken KV binding.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/config";
import { createDatabase } from "../../src/db/client";
import { clearEmbeddingCache } from "../../src/services/embedding";
import { TEST_PROVIDER_KEYS } from "../setup/tokens";
import { callWithEnv, seededUser, TEST_TOKENS } from "./helpers";

// ---- the fake upstreams ----

const PINECONE_CONTROL = "api.pinecone.io";
/** What describeIndex answers as the index's host (a bare hostname, as Pinecone does). */
const PINECONE_INDEX_HOST = "spendsense-recommendations-fake0.svc.aped-4627-b74a.pinecone.io";
const OPENAI = "api.openai.com";

type Mode = "ok" | "5xx" | "hang" | "malformed";

interface Seen {
  host: string;
  method: string;
  path: string;
}

const upstream = {
  seen: [] as Seen[],
  pinecone: "ok" as Mode,
  embeddings: "ok" as Mode,
  chat: "ok" as Mode,
  /** Requests held open by "hang"; released with a 503 when the test ends. */
  hanging: [] as ((res: Response) => void)[],
};

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** A request that never gets an answer, unless its caller aborts it (as a real fetch would). */
function hang(req: Request): Promise<Response> {
  return new Promise((resolve, reject) => {
    upstream.hanging.push(resolve);
    req.signal.addEventListener("abort", () => reject(req.signal.reason ?? new DOMException("aborted", "AbortError")));
  });
}

function pinecone(req: Request, url: URL, body: any): Response | Promise<Response> {
  if (req.headers.get("api-key") !== TEST_PROVIDER_KEYS.pinecone) {
    return json(401, { error: { code: "UNAUTHENTICATED", message: "Invalid API Key" }, status: 401 });
  }
  if (url.hostname === PINECONE_CONTROL && req.method === "GET" && url.pathname.startsWith("/indexes/")) {
    const name = decodeURIComponent(url.pathname.slice("/indexes/".length));
    return json(200, {
      name,
      vector_type: "dense",
      metric: "cosine",
      dimension: 1536,
      status: { ready: true, state: "Ready" },
      host: PINECONE_INDEX_HOST,
      spec: { serverless: { region: "us-east-1", cloud: "aws", read_capacity: { mode: "OnDemand", status: { state: "Ready" } } } },
      deletion_protection: "disabled",
      tags: null,
    });
  }
  if (url.hostname === PINECONE_INDEX_HOST && url.pathname === "/query") {
    if (upstream.pinecone === "5xx") return json(503, { error: { code: "UNAVAILABLE", message: "Service temporarily unavailable" }, status: 503 });
    if (upstream.pinecone === "hang") return hang(req);
    return json(200, { results: [], matches: [], namespace: body?.namespace ?? "", usage: { readUnits: 1 } });
  }
  if (url.hostname === PINECONE_INDEX_HOST && url.pathname === "/vectors/upsert") return json(200, { upsertedCount: body?.vectors?.length ?? 0 });
  return json(404, { code: 5, message: `no route ${req.method} ${url.pathname}`, details: [] });
}

const OPENAI_SERVER_ERROR = { error: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", param: null, code: null } };

/** The first three topic ids the system prompt offers, as a model would pick them. */
function offeredTopics(body: any): string[] {
  const system = String(body?.messages?.find((m: { role: string }) => m.role === "system")?.content ?? "");
  return [...system.matchAll(/^- ([a-z_]+): "/gm)].map((m) => m[1]!).slice(0, 3);
}

function completion(content: string) {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_750_000_000,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 },
    system_fingerprint: "fp_fake",
  };
}

function openai(req: Request, url: URL, body: any): Response | Promise<Response> {
  if (req.headers.get("authorization") !== `Bearer ${TEST_PROVIDER_KEYS.openai}`) {
    return json(401, { error: { message: "Incorrect API key provided.", type: "invalid_request_error", param: null, code: "invalid_api_key" } });
  }
  if (url.pathname === "/v1/embeddings") {
    if (upstream.embeddings === "5xx") return json(500, OPENAI_SERVER_ERROR);
    if (upstream.embeddings === "hang") return hang(req);
    const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
    return json(200, {
      object: "list",
      data: inputs.map((_, i) => ({ object: "embedding", index: i, embedding: Array.from({ length: 1536 }, (_, j) => (j === i % 1536 ? 1 : 0)) })),
      model: "text-embedding-3-small",
      usage: { prompt_tokens: 40 * inputs.length, total_tokens: 40 * inputs.length },
    });
  }
  if (url.pathname === "/v1/chat/completions") {
    if (upstream.chat === "5xx") return json(503, OPENAI_SERVER_ERROR);
    if (upstream.chat === "hang") return hang(req);
    if (upstream.chat === "malformed") return json(200, completion('{"recommendations": "three good ones"'));
    const recommendations = offeredTopics(body).map((topic) => ({
      topic,
      title: `About ${topic.replaceAll("_", " ")}`,
      content: "A short, general explanation of how this works. It is true for anyone who reads it.",
      rationale: "This topic fits the pattern in your recent accounts.",
    }));
    return json(200, completion(JSON.stringify({ recommendations })));
  }
  return json(404, { error: { message: `Unknown request URL: ${req.method} ${url.pathname}`, type: "invalid_request_error", param: null, code: "unknown_url" } });
}

const realFetch = globalThis.fetch;

async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const req = new Request(input, init);
  const url = new URL(req.url);
  const isPinecone = url.hostname === PINECONE_CONTROL || url.hostname === PINECONE_INDEX_HOST;
  if (!isPinecone && url.hostname !== OPENAI) return realFetch(input, init);
  upstream.seen.push({ host: url.hostname, method: req.method, path: url.pathname });
  const text = req.method === "GET" ? "" : await req.text();
  const body = text ? JSON.parse(text) : undefined;
  return isPinecone ? pinecone(req, url, body) : openai(req, url, body);
}

const requestsTo = (host: string, path: string) => upstream.seen.filter((s) => s.host === host && s.path === path).length;

beforeEach(() => {
  upstream.seen = [];
  upstream.pinecone = upstream.embeddings = upstream.chat = "ok";
  upstream.hanging = [];
  // Each test embeds from scratch: a vector cached by an earlier test would skip the embedder.
  clearEmbeddingCache();
  vi.stubGlobal("fetch", fakeFetch);
});

afterEach(() => {
  for (const release of upstream.hanging.splice(0)) release(json(503, OPENAI_SERVER_ERROR));
  vi.unstubAllGlobals();
});

/**
 * Let the hung requests go (with a 5xx) and give anything still retrying in the background time to
 * call again; then the number of calls must not have moved. (This waits; it asserts a count.)
 */
async function releaseAndSettle(): Promise<void> {
  for (const release of upstream.hanging.splice(0)) release(json(503, OPENAI_SERVER_ERROR));
  await new Promise((r) => setTimeout(r, 600));
}

// ---- helpers ----

interface Generated {
  source: string;
  similarity_score: number | null;
  recommendations: { id: string; topic: string; status: string }[];
}

const WITH_PINECONE = { PINECONE_API_KEY: TEST_PROVIDER_KEYS.pinecone, VECTOR_DB_ENABLED: "true" };
const WITH_OPENAI = { OPENAI_API_KEY: TEST_PROVIDER_KEYS.openai, VECTOR_DB_ENABLED: "true" };

async function generate(userId: string, overrides: Record<string, unknown>, query = ""): Promise<{ status: number; body: Generated }> {
  const res = await callWithEnv(`/recommendations/generate/${userId}?window_days=30&force_regenerate=true${query}`, overrides, "operator", { method: "POST" });
  return { status: res.status, body: (await res.json()) as Generated };
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

const USER_VECTOR = seededUser("variable_income", 0);
const USER_OPENAI = seededUser("variable_income", 2);
const USER_KV = seededUser("wealth_builder", 0);

// ---- the faults ----

describe("the vector index fails", () => {
  it("with 5xx: the tier retries inside its budget, stops, and the generator answers 200 with a _fallback source", async () => {
    upstream.pinecone = "5xx";
    const { status, body } = await generate(USER_VECTOR, WITH_PINECONE);
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    // One attempt and the tier's 3 retries (100, 200, 400 ms apart); Pinecone's own retries are off on this path.
    expect(requestsTo(PINECONE_INDEX_HOST, "/query")).toBe(4);
    await releaseAndSettle();
    expect(requestsTo(PINECONE_INDEX_HOST, "/query")).toBe(4);
  });

  it("by never answering: the tier gives up at its deadline, and the generator answers 200 with a _fallback source", async () => {
    upstream.pinecone = "hang";
    const { status, body } = await generate(USER_VECTOR, WITH_PINECONE);
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(requestsTo(PINECONE_INDEX_HOST, "/query")).toBe(1);
    // The abandoned query, answered late with a 5xx, is not retried.
    await releaseAndSettle();
    expect(requestsTo(PINECONE_INDEX_HOST, "/query")).toBe(1);
  });
});

describe("the embedder fails", () => {
  it("with 5xx: the tier stops after its retries, and OpenAI generates with a _fallback source", async () => {
    upstream.embeddings = "5xx";
    const { status, body } = await generate(USER_OPENAI, WITH_OPENAI);
    expect(status).toBe(200);
    expect(body.source).toBe("openai_4o_mini_fallback");
    expect(requestsTo(OPENAI, "/v1/embeddings")).toBe(4);
    expect(requestsTo(OPENAI, "/v1/chat/completions")).toBe(1);
    await releaseAndSettle();
    expect(requestsTo(OPENAI, "/v1/embeddings")).toBe(4);
  });

  it("by never answering: the attempt is cut at the deadline, and OpenAI generates with a _fallback source", async () => {
    upstream.embeddings = "hang";
    const { status, body } = await generate(USER_OPENAI, WITH_OPENAI);
    expect(status).toBe(200);
    expect(body.source).toBe("openai_4o_mini_fallback");
    expect(requestsTo(OPENAI, "/v1/embeddings")).toBe(1);
    await releaseAndSettle();
    expect(requestsTo(OPENAI, "/v1/embeddings")).toBe(1);
  });
});

describe("OpenAI's generator fails", () => {
  it("with 5xx: retried, then the catalog answers 200 with source catalog_fallback", async () => {
    upstream.chat = "5xx";
    const { status, body } = await generate(USER_OPENAI, WITH_OPENAI, "&use_vector_db=false");
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(requestsTo(OPENAI, "/v1/chat/completions")).toBe(4); // one attempt and 3 retries
  });

  it("with malformed output: not retried, the catalog answers 200 with source catalog_fallback", async () => {
    upstream.chat = "malformed";
    const { status, body } = await generate(USER_OPENAI, WITH_OPENAI, "&use_vector_db=false");
    expect(status).toBe(200);
    expect(body.source).toBe("catalog_fallback");
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(requestsTo(OPENAI, "/v1/chat/completions")).toBe(1);
  });

  it("(control) answering well, OpenAI's set is served as openai_4o_mini", async () => {
    const { status, body } = await generate(USER_OPENAI, WITH_OPENAI, "&use_vector_db=false");
    expect(status).toBe(200);
    expect(body.source).toBe("openai_4o_mini");
    expect(body.recommendations.map((r) => r.topic)).toHaveLength(3);
  });
});

describe("KV fails", () => {
  it("a failed write is logged and the response still succeeds, with the set stored", async () => {
    const warn = vi.spyOn(console, "warn");
    let result: { status: number; body: Generated };
    let warned: string[];
    try {
      result = await generate(USER_KV, { CACHE: brokenKv("put") }, "&use_vector_db=false");
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
    const path = `/recommendations/generate/${USER_KV}?window_days=30&use_vector_db=false`;
    expect((await callWithEnv(path, {}, "operator", { method: "POST" })).status).toBe(200);
    // Control: with KV working, the answer now comes from the cache.
    const hit = await callWithEnv(path, {}, "operator", { method: "POST" });
    expect(((await hit.json()) as Generated).source).toBe("kv_cache");
    // With KV reads failing, the cached answer cannot be read: the generator answers, and nothing breaks.
    const res = await callWithEnv(path, { CACHE: brokenKv("get") }, "operator", { method: "POST" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Generated).source).toBe("catalog");
  });
});

describe("no generated recommendation is lost", () => {
  it("the set is in Postgres by the time the 200 is sent, before any deferred work runs", async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`http://spendsense.test/recommendations/generate/${USER_KV}?window_days=180&force_regenerate=true`, {
        method: "POST",
        headers: { Authorization: `Bearer ${TEST_TOKENS.operator}` },
      }),
      env as never,
      ctx,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Generated;
    // Read before waitOnExecutionContext: only what was written before the response counts.
    const stored = await withDatabase((q) =>
      q("select id, status, user_id, window_days from recommendations where id = any($1)", [body.recommendations.map((r) => r.id)]),
    );
    await waitOnExecutionContext(ctx);
    expect(stored).toHaveLength(body.recommendations.length);
    for (const row of stored) expect(row).toMatchObject({ user_id: USER_KV, window_days: 180 });
    expect(stored.map((r) => r.status).sort()).toEqual(body.recommendations.map((r) => r.status).sort());
  });
});
