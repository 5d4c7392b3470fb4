import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Env } from "../../src/config";
import { RATE_LIMIT_PERIOD_SECONDS } from "../../src/http/rate-limit";
import { callWithEnv, errorOf, TEST_TOKENS } from "./helpers";
import { seedUsers } from "./factories";
import { ConsentSchema, TokenSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const SECRET = "test-user-token-secret-not-real-0123456789";
const CAROL = "ratelimit_carol";
const DAN = "ratelimit_dan";

/** A stand-in for the RATE_LIMITER binding: `limit` requests per key, counted exactly. */
function countingLimiter(limit: number) {
  const counts = new Map<string, number>();
  const keys: string[] = [];
  const binding = {
    async limit({ key }: RateLimitOptions): Promise<RateLimitOutcome> {
      keys.push(key);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return { success: n <= limit };
    },
  };
  return { binding, keys };
}

async function send(limiter: unknown, path: string, who: { as?: "operator" | "user"; token?: string }, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (who.token) headers.set("authorization", `Bearer ${who.token}`);
  return callWithEnv(path, { USER_TOKEN_SECRET: SECRET, RATE_LIMITER: limiter }, who.as ?? null, { ...init, headers });
}

async function mint(userId: string): Promise<string> {
  const res = await callWithEnv(`/users/${userId}/token`, { USER_TOKEN_SECRET: SECRET }, "operator", { method: "POST" });
  return (await answerOf(res, TokenSchema, 201)).token;
}

describe("rate limiting per token", () => {
  let carol = "";
  let carol2 = "";
  let dan = "";

  beforeAll(async () => {
    await seedUsers([CAROL, DAN]);
    carol = await mint(CAROL);
    carol2 = await mint(CAROL);
    dan = await mint(DAN);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("answers 429 RATE_LIMITED with Retry-After once a token is over its limit", async () => {
    const { binding } = countingLimiter(3);
    for (let i = 0; i < 3; i++) expect((await send(binding, `/users/${CAROL}`, { as: "operator" })).status).toBe(200);
    const res = await send(binding, `/users/${CAROL}`, { as: "operator" });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe(String(RATE_LIMIT_PERIOD_SECONDS));
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(await errorOf(res)).toMatchObject({ code: "RATE_LIMITED" });
  });

  it("counts each token apart; a user's bound tokens share one counter", async () => {
    const { binding } = countingLimiter(2);
    const status = async (who: Parameters<typeof send>[2]) =>
      (await send(binding, `/users/${who.token === dan ? DAN : CAROL}`, who)).status;
    expect([await status({ as: "operator" }), await status({ as: "operator" }), await status({ as: "operator" })]).toEqual([200, 200, 429]);
    expect([await status({ as: "user" }), await status({ as: "user" }), await status({ as: "user" })]).toEqual([200, 200, 429]);
    expect([await status({ token: carol }), await status({ token: carol })]).toEqual([200, 200]);
    // A second token minted for Carol buys no more requests.
    expect(await status({ token: carol2 })).toBe(429);
    expect([await status({ token: dan }), await status({ token: dan }), await status({ token: dan })]).toEqual([200, 200, 429]);
  });

  it("keys the counters by who is calling, never by a secret", async () => {
    const { binding, keys } = countingLimiter(100);
    await send(binding, `/users/${CAROL}`, { as: "operator" });
    await send(binding, `/users/${CAROL}`, { as: "user" });
    await send(binding, `/users/${CAROL}`, { token: carol });
    expect(keys).toEqual(["operator", "service", `user:${CAROL}`]);
    for (const secret of [TEST_TOKENS.operator, TEST_TOKENS.user, SECRET, carol, carol.split(".")[2]!]) {
      expect(keys.join("\n")).not.toContain(secret);
    }
  });

  it("does not count requests that fail authentication, nor /health", async () => {
    const { binding, keys } = countingLimiter(100);
    expect((await send(binding, `/users/${CAROL}`, {})).status).toBe(401);
    expect((await send(binding, `/users/${CAROL}`, { token: "not-a-token-at-all-0123456789" })).status).toBe(401);
    expect((await send(binding, "/health", {})).status).toBe(200);
    expect(keys).toEqual([]);
  });

  it("writes nothing for a refused request", async () => {
    const { binding } = countingLimiter(0);
    const before = await answerOf(await callWithEnv(`/consent/${DAN}`, {}, "operator"), ConsentSchema);
    const res = await send(
      binding,
      "/consent",
      { token: dan },
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user_id: DAN, action: "revoke" }) },
    );
    expect(res.status).toBe(429);
    expect(await answerOf(await callWithEnv(`/consent/${DAN}`, {}, "operator"), ConsentSchema)).toEqual(before);
  });

  it("serves the request and logs a warning when the limiter itself fails", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const broken = { limit: async () => Promise.reject(new Error("limiter down")) };
    expect((await send(broken, `/users/${CAROL}`, { as: "operator" })).status).toBe(200);
    expect(warn.mock.calls.map((args) => String(args[0])).join("\n")).toContain('"event":"rate_limiter_failed"');
  });

  it("works with the real binding (the local Rate Limiting simulator) at a low limit", async () => {
    // Miniflare's simulator, unlike production, takes a per-call limit: 3 a minute for a key of this
    // test's own. Its windows are aligned to the clock, so a run may straddle one boundary: the
    // first 3 requests always pass, and of the next 4 at least one is refused in either case.
    const real = (env as Env).RATE_LIMITER;
    const tag = crypto.randomUUID();
    const low = { limit: (o: RateLimitOptions) => real.limit({ ...o, key: `${o.key}:${tag}`, limit: 3, period: 60 } as RateLimitOptions) };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await send(low, `/users/${CAROL}`, { as: "operator" })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toContain(429);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  });

  it("is generous by default: a burst of 100 requests from one token all pass", async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 100; i++) statuses.add((await callWithEnv(`/users/${CAROL}`, {}, "user")).status);
    expect([...statuses]).toEqual([200]);
  });
});
