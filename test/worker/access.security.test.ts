import { env } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Env } from "../../src/config";
import { durablePersonStates } from "../../src/services/services";
import { call, callWithEnv, errorOf, TEST_TOKENS } from "./helpers";
import { stateOf } from "../support/user-state";
import { seedSpender } from "./factories";
import { GenerateSchema, TokenSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

/** The signing secret of this file's Worker; any 32+ characters distinct from the tokens. */
const SECRET = "test-user-token-secret-not-real-0123456789";
const ENV = { USER_TOKEN_SECRET: SECRET };
const ALICE = "access_alice";
const BOB = "access_bob";

const encoder = new TextEncoder();
const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

/** The documented token format, computed here independently of src/http/user-tokens.ts. */
async function sign(secret: string, userId: string, expiresAt: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`ss_usr.v1|${userId}|${expiresAt}`)));
  return `ss_usr_${userId}.${expiresAt}.${base64url(mac)}`;
}

function as(token: string, path: string, init: RequestInit = {}, overrides: Record<string, unknown> = ENV) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${token}`);
  return callWithEnv(path, overrides, null, { ...init, headers });
}

const postJson = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

async function mint(userId: string, query = "", overrides: Record<string, unknown> = ENV) {
  return callWithEnv(`/users/${userId}/token${query}`, overrides, "operator", { method: "POST" });
}

async function mintToken(userId: string): Promise<string> {
  return (await answerOf(await mint(userId), TokenSchema, 201)).token;
}

/** Every route that acts on one user, with a request that would succeed for that user. */
const USER_ROUTES: [string, (user: string) => [string, RequestInit?]][] = [
  ["read the user", (u) => [`/users/${u}`]],
  ["compute features", (u) => [`/users/${u}/features?window_days=30`, { method: "POST" }]],
  ["read the profile", (u) => [`/users/${u}/profile`]],
  ["read consent", (u) => [`/consent/${u}`]],
  ["record consent", (u) => ["/consent", postJson({ user_id: u, action: "grant" })]],
  ["generate", (u) => [`/recommendations/generate/${u}?use_vector_db=false`, { method: "POST" }]],
  ["list recommendations", (u) => [`/recommendations/${u}`]],
];

describe("user-bound tokens", () => {
  let alice = "";
  let aliceRec = "";

  beforeAll(async () => {
    await seedSpender(ALICE);
    await seedSpender(BOB);
    alice = await mintToken(ALICE);
    // A pending recommendation of Alice's, for the review routes she must not reach.
    const gen = await callWithEnv(
      `/recommendations/generate/${ALICE}?use_vector_db=false`,
      { ...ENV, AUTO_APPROVE_GUARDED: "false" },
      "operator",
      { method: "POST" },
    );
    aliceRec = (await answerOf(gen, GenerateSchema)).recommendations[0]!.id;
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe("minting (POST /users/:user_id/token)", () => {
    it("gives an operator a token in the documented format, an hour by default", async () => {
      const res = await mint(ALICE);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = await answerOf(res, TokenSchema, 201);
      expect(body).toMatchObject({ user_id: ALICE, token_type: "Bearer", expires_in: 3600 });
      const expiresAt = Date.parse(body.expires_at) / 1000;
      expect(body.token).toBe(await sign(SECRET, ALICE, expiresAt));
    });

    it("takes ttl_seconds", async () => {
      const res = await mint(ALICE, "?ttl_seconds=120");
      const body = await answerOf(res, TokenSchema, 201);
      expect(body.expires_in).toBe(120);
      expect(body.token.split(".")[1]).toBe(String(Date.parse(body.expires_at) / 1000));
    });

    it("is for operators only: not the service token, not a bound token (even for its own user), not anonymous", async () => {
      expect((await callWithEnv(`/users/${ALICE}/token`, ENV, "user", { method: "POST" })).status).toBe(403);
      expect((await as(alice, `/users/${ALICE}/token`, { method: "POST" })).status).toBe(403);
      expect((await as(alice, `/users/${BOB}/token`, { method: "POST" })).status).toBe(403);
      expect((await callWithEnv(`/users/${ALICE}/token`, ENV, null, { method: "POST" })).status).toBe(401);
    });

    it("answers 404 for an unknown user", async () => {
      const res = await mint("nobody_access_test");
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe("NOT_FOUND");
    });

    it("answers 500 BAD_ENVIRONMENT naming USER_TOKEN_SECRET when it is not configured", async () => {
      const res = await mint(ALICE, "", { USER_TOKEN_SECRET: undefined });
      expect(res.status).toBe(500);
      const error = await errorOf(res);
      expect(error.code).toBe("BAD_ENVIRONMENT");
      expect(error.message).toContain("USER_TOKEN_SECRET is required to mint user tokens");
    });
  });

  describe("a token bound to Alice", () => {
    it.each(USER_ROUTES)("may %s for Alice", async (_, route) => {
      const [path, init] = route(ALICE);
      const res = await as(alice, path, init);
      expect(res.status, await res.clone().text()).toBe(200);
    });

    it("the state compared below sees a change of Bob's data version (so its comparisons can fail)", async () => {
      const before = await stateOf(BOB);
      await durablePersonStates(env as Env).retire(BOB);
      const after = await stateOf(BOB);
      expect(after.data_version).not.toBe(before.data_version);
      expect(after).not.toEqual(before);
    });

    it.each(USER_ROUTES)("may not %s for Bob (403), and nothing of Bob's changes", async (_, route) => {
      const before = await stateOf(BOB);
      const [path, init] = route(BOB);
      const res = await as(alice, path, init);
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toEqual({ code: "FORBIDDEN", message: "This token may only access its own user" });
      expect(await stateOf(BOB)).toEqual(before);
    });

    it.each(USER_ROUTES)("may not %s for a user that does not exist (403, not 404: existence does not leak)", async (_, route) => {
      const [path, init] = route("no_such_user_here");
      expect((await as(alice, path, init)).status).toBe(403);
    });

    it("can never review, not even Alice's own recommendations, and the recommendation stays pending", async () => {
      // A fresh pending set: earlier tests may have regenerated Alice's (which supersedes a pending one).
      const gen = await callWithEnv(
        `/recommendations/generate/${ALICE}?use_vector_db=false&force_regenerate=true`,
        { ...ENV, AUTO_APPROVE_GUARDED: "false" },
        "operator",
        { method: "POST" },
      );
      aliceRec = (await answerOf(gen, GenerateSchema)).recommendations[0]!.id;
      const before = await stateOf(ALICE);
      for (const [path, init] of [
        [`/recommendations/${aliceRec}/approve`, postJson({})],
        [`/recommendations/${aliceRec}/reject`, postJson({})],
        [`/recommendations/${aliceRec}/override`, postJson({ status: "approved", reason: "I like it" })],
        ["/recommendations/bulk-approve", postJson({ ids: [aliceRec] })],
      ] as const) {
        const res = await as(alice, path, init);
        expect(res.status, path).toBe(403);
        expect((await errorOf(res)).message).toBe("This route needs an operator token");
      }
      expect(await stateOf(ALICE)).toEqual(before);
      expect(before.recommendations.some((row) => row.includes(aliceRec) && row.includes("pending"))).toBe(true);
    });

    it.each([
      "/users",
      `/recommendations/${"{rec}"}/audit`,
      "/operator/review-queue",
      "/metrics",
      "/vector/stats",
      `/vector/search?user_id=${ALICE}`,
    ])("cannot read the operator route %s", async (path) => {
      const res = await as(alice, path.replace("{rec}", aliceRec));
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe("FORBIDDEN");
    });
  });

  describe("tokens that are not valid", () => {
    const tampered = async (): Promise<[string, string][]> => {
      const [prefix, exp, sig] = alice.split(".") as [string, string, string];
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
      return [
        ["signature changed in its first character", `${prefix}.${exp}.${flip(sig, 0)}`],
        ["signature changed in its last character", `${prefix}.${exp}.${flip(sig, sig.length - 1)}`],
        ["Alice's signature on Bob's id", `ss_usr_${BOB}.${exp}.${sig}`],
        ["expiry pushed later", `${prefix}.${Number(exp) + 3600}.${sig}`],
        ["expiry with a leading zero", `${prefix}.0${exp}.${sig}`],
        ["expired (signed for 2001)", await sign(SECRET, ALICE, 1_000_000_000)],
        ["signed with another secret", await sign("another-secret-that-is-long-enough-0123", ALICE, Number(exp))],
        ["no signature", `${prefix}.${exp}`],
        ["no expiry", `${prefix}.${sig}`],
        ["an extra part", `${alice}.x`],
        ["upper-cased prefix", alice.replace("ss_usr_", "SS_USR_")],
        ["10 KB", `${prefix}.${exp}.${sig}${"A".repeat(10_240)}`],
        ["SQL in the user id", `ss_usr_x' OR '1'='1.${exp}.${sig}`],
      ];
    };

    it("are refused with 401 on a route the genuine token may use", async () => {
      expect((await as(alice, `/users/${ALICE}`)).status).toBe(200);
      for (const [what, token] of await tampered()) {
        const res = await as(token, `/users/${ALICE}`);
        expect(res.status, what).toBe(401);
        expect((await errorOf(res)).code, what).toBe("UNAUTHORIZED");
      }
    });

    it("stop working when USER_TOKEN_SECRET is rotated or removed", async () => {
      expect((await as(alice, `/users/${ALICE}`, {}, { USER_TOKEN_SECRET: "the-next-secret-after-rotation-0123456789" })).status).toBe(401);
      expect((await as(alice, `/users/${ALICE}`, {}, { USER_TOKEN_SECRET: undefined })).status).toBe(401);
    });
  });

  describe("the static tokens", () => {
    it("keep their behaviour: the service token (API_TOKEN) acts for any user, never as operator", async () => {
      expect((await callWithEnv(`/users/${BOB}`, ENV, "user")).status).toBe(200);
      expect((await callWithEnv(`/consent/${ALICE}`, ENV, "user")).status).toBe(200);
      expect((await callWithEnv("/users", ENV, "user")).status).toBe(403);
      expect((await callWithEnv(`/recommendations/${aliceRec}/approve`, ENV, "user", postJson({}))).status).toBe(403);
    });

    it("are compared in constant time: the same comparisons, of equal-length digests, whatever is presented", async () => {
      const spy = vi.spyOn(crypto.subtle, "timingSafeEqual");
      const lengths = (calls: unknown[][]) => calls.map((args) => args.map((a) => (a as ArrayBuffer).byteLength));
      // A near miss (the operator token but its last character), a one-character token, a 10 KB token, and the right one.
      const presented = [TEST_TOKENS.operator.slice(0, -1), "x", "t".repeat(10_000), TEST_TOKENS.operator];
      for (const token of presented) {
        spy.mockClear();
        await call(`/users/${ALICE}`, { as: null, headers: { authorization: `Bearer ${token}` } });
        // Both static tokens are compared every time, never stopping at the first, and always as two
        // SHA-256 digests of 32 bytes: nothing about the presented token's length or prefix shows.
        expect(lengths(spy.mock.calls), token.slice(0, 12)).toEqual([
          [32, 32],
          [32, 32],
        ]);
      }
      spy.mockClear();
      expect((await as(alice, `/users/${ALICE}`)).status).toBe(200);
      // Two static comparisons, then the bound token's signature, also of equal lengths.
      expect(spy).toHaveBeenCalledTimes(3);
      const [a, b] = spy.mock.calls[2]!.map((x) => (x as ArrayBuffer).byteLength);
      expect(a).toBe(b);
    });
  });

  describe("configuration", () => {
    it.each([
      ["a short USER_TOKEN_SECRET", { USER_TOKEN_SECRET: "too-short" }, "USER_TOKEN_SECRET must be at least 32 characters"],
      [
        "USER_TOKEN_SECRET equal to API_TOKEN",
        { USER_TOKEN_SECRET: `${TEST_TOKENS.user}-padded-to-32-chars`, API_TOKEN: `${TEST_TOKENS.user}-padded-to-32-chars` },
        "USER_TOKEN_SECRET must differ from API_TOKEN",
      ],
      ["OPERATOR_TOKEN equal to API_TOKEN", { API_TOKEN: TEST_TOKENS.operator }, "OPERATOR_TOKEN must differ from API_TOKEN"],
    ])("refuses %s with BAD_ENVIRONMENT, naming it and echoing no value", async (_, overrides, message) => {
      const res = await callWithEnv("/health", overrides, null);
      expect(res.status).toBe(500);
      const error = await errorOf(res);
      expect(error.code).toBe("BAD_ENVIRONMENT");
      expect(error.message).toContain(message);
      for (const value of Object.values(overrides)) expect(error.message).not.toContain(value);
      expect(error.message).not.toContain(TEST_TOKENS.operator);
    });
  });
});
