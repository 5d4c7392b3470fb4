import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Env } from "../../src/config";
import { callWithEnv, deadDatabaseApp, TEST_TOKENS } from "./helpers";
import { seedSpender } from "./factories";
import { GenerateSchema, HealthSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

/**
 * No configured secret ever appears in a response (body or header), in /health or in a log line:
 * not on success, not on any kind of error, and not when an upstream echoes the key it was sent.
 */

const DB_PASSWORD = "db-password-not-real-7f3a9c";
const SECRETS = {
  OPERATOR_TOKEN: TEST_TOKENS.operator,
  API_TOKEN: TEST_TOKENS.user,
  USER_TOKEN_SECRET: "test-signing-secret-not-real-abcdef0123456789",
  OPENAI_API_KEY: "test-openai-key-not-real-abcdef0123456789",
  PINECONE_API_KEY: "test-pinecone-key-not-real-abcdef0123456789",
  DB_PASSWORD,
};
const withPassword = (url: string) => url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, `$1:${DB_PASSWORD}@`);
/** Every secret configured, OpenAI and Pinecone selected, Postgres reached with a password. */
const SECRET_ENV = {
  OPERATOR_TOKEN: SECRETS.OPERATOR_TOKEN,
  API_TOKEN: SECRETS.API_TOKEN,
  USER_TOKEN_SECRET: SECRETS.USER_TOKEN_SECRET,
  OPENAI_API_KEY: SECRETS.OPENAI_API_KEY,
  OPENAI_BASE_URL: "https://openai.upstream.test/v1",
  PINECONE_API_KEY: SECRETS.PINECONE_API_KEY,
  DATABASE_URL: withPassword((env as Env).DATABASE_URL),
};
/**
 * A database that is down, reached with the password: its queries fail as a lost connection would,
 * injected where the Worker asks for its database (`deadDatabaseApp`), so no socket is opened to a
 * closed port (workerd reports that as an uncaught exception even when the request handles it).
 */
const DEAD_DATABASE = { DATABASE_URL: withPassword((env as Env).DATABASE_URL) };
const USER = "secrets_user_1";

const UPSTREAM_HOSTS = new Set(["api.openai.com", "openai.upstream.test", "api.pinecone.io"]);

/** The worst upstream: it refuses the key and echoes every header it was sent, key included. */
function echoingUpstream(input: RequestInfo | URL, init?: RequestInit): Response {
  const request = new Request(input, init);
  const echoed = [...request.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("; ");
  return Response.json({ error: { message: `Incorrect API key provided (${echoed})`, code: "invalid_api_key" } }, { status: 401 });
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("no secret in a response or a log line", () => {
  const logged: string[] = [];
  const answered: string[] = [];

  beforeAll(async () => {
    await seedSpender(USER);
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) =>
      UPSTREAM_HOSTS.has(new URL(input instanceof Request ? input.url : String(input)).hostname)
        ? echoingUpstream(input, init)
        : realFetch(input, init),
    );
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      });
    }
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  async function record(res: Response): Promise<Response> {
    answered.push(`${res.status} ${[...res.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${await res.clone().text()}`);
    return res;
  }
  const send = async (path: string, overrides: Record<string, unknown>, as: "operator" | "user" | null, init: RequestInit = {}) =>
    record(await callWithEnv(path, { ...SECRET_ENV, ...overrides }, as, init, overrides === DEAD_DATABASE ? deadDatabaseApp : undefined));

  it("the upstream stand-in does echo the keys it is sent (so the checks below can fail)", async () => {
    const res = echoingUpstream("https://api.openai.com/v1/models", { headers: { authorization: `Bearer ${SECRETS.OPENAI_API_KEY}` } });
    expect(await res.text()).toContain(SECRETS.OPENAI_API_KEY);
  });

  it("/health, with OpenAI and Pinecone refusing the keys", async () => {
    const res = await send("/health", {}, null);
    const body = await answerOf(res, HealthSchema, 503);
    expect(body.components.database.ok).toBe(true);
    expect(body.components.generator).toMatchObject({ ok: false, detail: "HTTP 401" });
    expect(body.components.vector_index).toMatchObject({ ok: false, detail: "HTTP 401" });
  });

  it("/health with the database down", async () => {
    expect((await send("/health", DEAD_DATABASE, null)).status).toBe(503);
  });

  it("a generate whose OpenAI call is refused falls back to the catalog", async () => {
    const res = await send(`/recommendations/generate/${USER}?use_vector_db=false`, {}, "operator", { method: "POST" });
    expect((await answerOf(res, GenerateSchema)).source).toBe("catalog_fallback");
  });

  it("a minted user token", async () => {
    expect((await send(`/users/${USER}/token`, {}, "operator", { method: "POST" })).status).toBe(201);
  });

  it.each([
    ["401 wrong token", "/users", {}, null, { headers: { authorization: `Bearer ${SECRETS.OPERATOR_TOKEN.slice(0, -1)}x` } }, 401],
    ["401 no token", "/users", {}, null, {}, 401],
    ["403 user token on an operator route", "/users", {}, "user", {}, 403],
    ["404 unknown user", "/users/nobody_for_secrets", {}, "operator", {}, 404],
    ["404 unknown route", "/no/such/route", {}, "operator", {}, 404],
    ["400 hostile input", "/consent", {}, "operator", json({ user_id: "x' OR 1=1", action: "grant", extra: 1 }), 400],
    [
      "400 duplicate key",
      "/consent",
      {},
      "operator",
      { ...json({}), body: `{"user_id":"${USER}","action":"grant","action":"revoke"}` },
      400,
    ],
    ["413 oversized body", "/consent", {}, "operator", json({ pad: "x".repeat(20_000) }), 413],
    ["415 wrong content type", "/consent", {}, "operator", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }, 415],
    ["429 rate limited", "/users", { RATE_LIMITER: { limit: async () => ({ success: false }) } }, "operator", {}, 429],
    ["500 another variable bad", "/users", { VECTOR_DB_ENABLED: "maybe" }, "operator", {}, 500],
    ["500 the database URL itself bad", "/users", { DATABASE_URL: `mysql://root:${DB_PASSWORD}@db.example.test/app` }, "operator", {}, 500],
    ["500 the signing secret itself bad", "/users", { USER_TOKEN_SECRET: SECRETS.OPERATOR_TOKEN }, "operator", {}, 500],
    ["503 database down", "/users/someone", DEAD_DATABASE, "operator", {}, 503],
    ["503 database down, during a write", "/consent", DEAD_DATABASE, "operator", json({ user_id: USER, action: "grant" }), 503],
  ] as const)("%s", async (_, path, overrides, as, init, status) => {
    expect((await send(path, overrides, as, init as RequestInit)).status).toBe(status);
  });

  it("…and none of those responses or log lines holds a secret", () => {
    expect(answered.length).toBe(19);
    // The log capture works: every request wrote its line.
    expect(logged.filter((line) => line.includes('"event":"request"')).length).toBeGreaterThanOrEqual(15);
    for (const [name, value] of Object.entries(SECRETS)) {
      for (const text of answered) expect(text, `${name} in a response`).not.toContain(value);
      for (const line of logged) expect(line, `${name} in a log line`).not.toContain(value);
    }
  });
});
