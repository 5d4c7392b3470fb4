import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { afterEach, beforeEach, vi } from "vitest";
import { createApiClient, type ApiClient } from "../../scripts/lib/api-client";
import { createOpenAISimulator, type OpenAISimulator, type OpenAISimulatorOptions } from "../../scripts/lib/openai-simulator";
import worker from "../../src/index";
import { createApp } from "../../src/app";
import { createServices } from "../../src/services/services";
import type { Env } from "../../src/config";
import { createDatabase } from "../../src/db/client";
import { TEST_PROVIDER_KEYS, TEST_TOKENS } from "../setup/tokens";
import { ErrorSchema } from "../../src/http/openapi";
import { answerOf, type AuditAnswer, type ErrorAnswer, type GenerateAnswer } from "../support/answers";
import { AuditSchema, GenerateSchema } from "../../src/http/schemas";
import { SESSION_COOKIE } from "../../src/console/session";

export { TEST_PROVIDER_KEYS, TEST_TOKENS };

type Scope = keyof typeof TEST_TOKENS;

/** A request to the Worker under test, through its real entry point. */
export function call(path: string, init: RequestInit & { as?: Scope | null } = {}): Promise<Response> {
  const { as = "operator", ...rest } = init;
  const headers = new Headers(rest.headers);
  if (as) headers.set("Authorization", `Bearer ${TEST_TOKENS[as]}`);
  return exports.default.fetch(new Request(`http://spendsense.test${path}`, { ...rest, headers }));
}

/** Call the Worker's fetch directly with a modified environment (bad config, other providers). */
export async function callWithEnv(
  path: string,
  overrides: Record<string, unknown>,
  as: Scope | null = "operator",
  init: RequestInit = {},
  app: { fetch: typeof worker.fetch } = worker,
) {
  const headers = new Headers(init.headers);
  if (as) headers.set("Authorization", `Bearer ${TEST_TOKENS[as]}`);
  return fetchWithEnv(new Request(`http://spendsense.test${path}`, { ...init, headers }), overrides, app);
}

async function fetchWithEnv(
  request: Request,
  overrides: Record<string, unknown>,
  app: { fetch: typeof worker.fetch } = worker,
): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(request, { ...env, ...overrides } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/**
 * The typed client generated from the served document (scripts/lib/api-client.ts), sending through
 * the Worker's real entry point, or with a modified environment: a call the document does not
 * declare fails to compile.
 */
export function api(as: Scope | null = "operator", overrides?: Record<string, unknown>): ApiClient {
  const transport =
    overrides === undefined ? (request: Request) => exports.default.fetch(request) : (request: Request) => fetchWithEnv(request, overrides);
  return createApiClient("http://spendsense.test", as ? TEST_TOKENS[as] : null, transport);
}

/**
 * The Worker with its database down: every query fails as a lost connection would, injected where
 * the Worker asks for its database (its services), not by pointing it at a closed port (which
 * workerd reports as an uncaught exception even when the request handles it).
 */
export const deadDatabaseApp = createApp({
  services: (env, config, requestId, ctx) =>
    createServices(env, config, requestId, ctx, {
      databaseFetch: async () => {
        throw new TypeError("Network connection lost.");
      },
    }),
});

export const callWithDeadDatabase = (
  path: string,
  overrides: Record<string, unknown> = {},
  as: Scope | null = "operator",
  init: RequestInit = {},
) => callWithEnv(path, overrides, as, init, deadDatabaseApp);

/** The error of an error answer, checked against the contract's error body (whatever its status). */
export async function errorOf(res: Response): Promise<ErrorAnswer["error"]> {
  return (await answerOf(res, ErrorSchema, res.status)).error;
}

export async function postJson(path: string, body: unknown, as: Scope | null = "operator"): Promise<Response> {
  return call(path, { method: "POST", as, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** Retry an assertion until it passes or ~3 s pass: for work the Worker finishes after responding. */
export async function eventually<T>(check: () => Promise<T>, attempts = 60): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await check();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A queue binding that keeps what it is sent, so a test can hand it to the real consumer. */
export function recordingQueue() {
  const sent: unknown[] = [];
  const queue = {
    send: async (body: unknown) => void sent.push(body),
    sendBatch: async (messages: Iterable<{ body: unknown }>) => void sent.push(...[...messages].map((m) => m.body)),
  } as unknown as Queue<unknown>;
  return { sent, queue };
}

/** Run `fn` with a database handle of the test database, closed afterwards. */
export async function withDb<T>(fn: (handle: ReturnType<typeof createDatabase>) => Promise<T>): Promise<T> {
  const { DATABASE_URL, DATABASE_WS_PROXY } = env as Env;
  const handle = createDatabase({ databaseUrl: DATABASE_URL, wsProxy: DATABASE_WS_PROXY });
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** Run the real queue consumer on these message bodies, with the test's environment overrides. */
export async function consume(messages: unknown[], overrides: Record<string, unknown> = {}): Promise<void> {
  const batch = createMessageBatch(
    "spendsense-embeddings",
    messages.map((body, i) => ({ id: `test-${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides } as never, ctx);
  await waitOnExecutionContext(ctx);
}

/**
 * The one OpenAI stand-in, answering the Worker's own fetch to api.openai.com and to `hosts`
 * (proxies); everything else goes to `otherwise` (default: the network). Reset before each test of the file.
 */
export function useOpenAISimulator(options: OpenAISimulatorOptions & { hosts?: string[]; otherwise?: typeof fetch } = {}): OpenAISimulator {
  const sim = createOpenAISimulator({ apiKey: TEST_PROVIDER_KEYS.openai, ...options });
  const hosts = new Set(["api.openai.com", ...(options.hosts ?? [])]);
  const realFetch = globalThis.fetch;
  const otherwise = options.otherwise ?? ((input: RequestInfo | URL, init?: RequestInit) => realFetch(input, init));
  beforeEach(() => {
    sim.reset();
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      return hosts.has(new URL(req.url).hostname) ? sim.handle(req) : otherwise(input, init);
    });
  });
  afterEach(() => {
    sim.releaseHanging();
    vi.unstubAllGlobals();
  });
  return sim;
}

/** Environment overrides that turn on OpenAI (the simulator) with embeddings in a namespace of the test's own. */
export const openAIEnv = (namespace: string) => ({
  OPENAI_API_KEY: TEST_PROVIDER_KEYS.openai,
  OPENAI_EMBEDDING_MODEL: `simulated-embedding-${namespace}`,
});

/**
 * Workers KV as one location sees it: each read is cached here for `staleMs`, and a write made
 * elsewhere is only seen once that copy expires (Cloudflare documents up to 60 s). Writes go
 * through to the real binding at once, as they reach the central store.
 */
export function staleKv(real: KVNamespace, staleMs: number, now: () => number = () => Date.now()): KVNamespace {
  const seen = new Map<string, { value: string | null; at: number }>();
  const read = async (key: string): Promise<string | null> => {
    const cached = seen.get(key);
    if (cached && now() - cached.at < staleMs) return cached.value;
    const value = await real.get(key, "text");
    seen.set(key, { value, at: now() });
    return value;
  };
  return {
    get: async (key: string, type?: unknown) => {
      const value = await read(key);
      const wanted = typeof type === "string" ? type : (type as { type?: string } | undefined)?.type;
      return value !== null && wanted === "json" ? JSON.parse(value) : value;
    },
    put: (key: string, value: string, options?: KVNamespacePutOptions) => real.put(key, value, options),
    delete: (key: string) => real.delete(key),
    list: real.list.bind(real),
    getWithMetadata: real.getWithMetadata.bind(real),
  } as unknown as KVNamespace;
}

/** The origin the console tests' requests come from (the Worker checks it on every form). */
export const CONSOLE_ORIGIN = "http://spendsense.test";

/** Sign in to the console with a token, as a browser would; the session cookie's value. */
export async function consoleSignIn(token: string = TEST_TOKENS.operator): Promise<string> {
  const res = await exports.default.fetch(
    new Request(`${CONSOLE_ORIGIN}/console/sign-in`, {
      method: "POST",
      headers: { origin: CONSOLE_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
      redirect: "manual",
    }),
  );
  const cookie = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!cookie) throw new Error(`console sign-in gave no session cookie: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return cookie;
}

/** A recommendation's audit trail, read through its contract. */
export async function auditOf(id: string): Promise<AuditAnswer["audit"]> {
  return (await answerOf(await call(`/recommendations/${id}/audit`), AuditSchema)).audit;
}

/** A person's freshly generated set (no vector tier), read through its contract. */
export async function generatedSet(userId: string): Promise<GenerateAnswer["recommendations"]> {
  return (await answerOf(await call(`/recommendations/generate/${userId}?use_vector_db=false`, { method: "POST" }), GenerateSchema))
    .recommendations;
}
