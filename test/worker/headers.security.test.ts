import { beforeAll, describe, expect, it } from "vitest";
import { callWithEnv, deadDatabaseApp } from "./helpers";
import { seedUsers } from "./factories";

const SECRET = "test-user-token-secret-not-real-0123456789";
/** Marks the case served by the Worker with its database down (see deadDatabaseApp). */
const DEAD_DATABASE = {};
const refuseAll = { limit: async () => ({ success: false }) };
const json = (body: string, type = "application/json"): RequestInit => ({ method: "POST", headers: { "content-type": type }, body });

/** What every response carries, success or error: a JSON API is never framed, sniffed or cached. */
const SECURITY_HEADERS: Record<string, string | RegExp> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "strict-transport-security": /^max-age=\d{7,}; includeSubDomains$/,
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "x-permitted-cross-domain-policies": "none",
  "cache-control": "no-store",
  "x-request-id": /^[0-9a-f-]{36}$/,
};

describe("security headers", () => {
  beforeAll(async () => {
    await seedUsers(["headers_user_1"]);
  });

  it.each([
    ["200 /health, no token", "/health", {}, null, {}, 200],
    ["200 /users, operator", "/users?limit=1", {}, "operator", {}, 200],
    ["201 a minted user token", "/users/headers_user_1/token", { USER_TOKEN_SECRET: SECRET }, "operator", { method: "POST" }, 201],
    ["400 bad input", "/users?limit=abc", {}, "operator", {}, 400],
    ["400 a duplicate JSON key", "/consent", {}, "operator", json('{"user_id":"x","user_id":"y","action":"grant"}'), 400],
    ["401 no token", "/users", {}, null, {}, 401],
    ["403 user token on an operator route", "/users", {}, "user", {}, 403],
    ["404 unknown route", "/no/such/route", {}, "operator", {}, 404],
    ["404 unknown user", "/users/nobody_for_headers", {}, "operator", {}, 404],
    ["413 body too large", "/consent", {}, "operator", json(JSON.stringify({ pad: "x".repeat(20_000) })), 413],
    ["415 not JSON", "/consent", {}, "operator", json("user_id=x", "text/plain"), 415],
    ["429 rate limited", "/users?limit=1", { RATE_LIMITER: refuseAll }, "operator", {}, 429],
    ["500 bad environment", "/health", { CACHE_TTL_SECONDS: "soon" }, null, {}, 500],
    ["503 database down", "/users/someone", DEAD_DATABASE, "operator", {}, 503],
  ] as const)("%s", async (_, path, overrides, as, init, status) => {
    const res = await callWithEnv(path, overrides, as, init as RequestInit, overrides === DEAD_DATABASE ? deadDatabaseApp : undefined);
    expect(res.status).toBe(status);
    for (const [name, expected] of Object.entries(SECURITY_HEADERS)) {
      const value = res.headers.get(name);
      if (typeof expected === "string") expect(value, name).toBe(expected);
      else expect(value, name).toMatch(expected);
    }
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.has("x-powered-by")).toBe(false);
  });
});
