/**
 * Operators are people (issue 25): named operators by token (OPERATORS, hashed) and by Cloudflare
 * Access JWT (verified with jose against the team's keys, faked at the HTTP boundary), named in the
 * audit and the log lines, and refused once removed, with their console sessions ended.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey as JoseKey, type JWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { SESSION_COOKIE } from "../../src/console/session";
import { postJson, auditOf, generatedSet, errorOf } from "./helpers";
import { freshUserId, seedSpender } from "./factories";

const ORIGIN = "http://spendsense.test";
const TOKENS = { alice: "alice-token-0123456789-abcdef", bob: "bob-token-0123456789-abcdef" } as const;

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The Worker's real fetch with these bindings changed (OPERATORS, Access settings). */
async function fetchWith(
  overrides: Record<string, unknown>,
  path: string,
  init: { method?: string; headers?: Record<string, string>; cookie?: string; form?: Record<string, string>; json?: unknown } = {},
) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", `${SESSION_COOKIE}=${init.cookie}`);
  if (init.method === "POST" && init.form) {
    headers.set("origin", ORIGIN);
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const body = init.form ? new URLSearchParams(init.form).toString() : init.json !== undefined ? JSON.stringify(init.json) : undefined;
  const ctx = createExecutionContext();
  const req = new Request(`${ORIGIN}${path}`, {
    method: init.method ?? "GET",
    headers,
    redirect: "manual",
    ...(body !== undefined ? { body } : {}),
  });
  const res = await worker.fetch(req, { ...env, ...overrides } as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function signIn(
  overrides: Record<string, unknown>,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ cookie: string; csrf: string }> {
  const res = await fetchWith(overrides, "/console/sign-in", { method: "POST", form, headers });
  expect(res.status, await res.clone().text()).toBe(303);
  const cookie = /__Host-spendsense_console=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")![1]!;
  const page = await (await fetchWith(overrides, "/console", { cookie, headers })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1]! };
}

let lastPerson = "";

/** A fresh person's generated set, flagged through the API so it waits for review. */
async function flaggedSet(): Promise<string[]> {
  const userId = (lastPerson = freshUserId());
  await seedSpender(userId);
  const gen = { recommendations: await generatedSet(userId) };
  for (const r of gen.recommendations)
    expect((await postJson(`/recommendations/${r.id}/override`, { status: "flagged", reason: "waits for review" })).status).toBe(200);
  return gen.recommendations.map((r) => r.id);
}

describe("named operators by token", () => {
  let both: Record<string, string>;
  let aliceOnly: Record<string, string>;
  let ids: string[];
  let person: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    both = { OPERATORS: `alice:${await sha256Hex(TOKENS.alice)}, bob:${await sha256Hex(TOKENS.bob)}` };
    aliceOnly = { OPERATORS: `alice:${await sha256Hex(TOKENS.alice)}` };
    ids = await flaggedSet();
    person = lastPerson;
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void logLines.push(String(line)));
  });
  afterAll(() => vi.restoreAllMocks());

  it("two operators reviewing at once appear by name in the audit and in the log lines, from the console and the API", async () => {
    const [alice, bob] = await Promise.all([signIn(both, { token: TOKENS.alice }), signIn(both, { token: TOKENS.bob })]);
    const review = (s: { cookie: string; csrf: string }, id: string, action: string) =>
      fetchWith(both, `/console/recommendations/${id}/review`, { method: "POST", cookie: s.cookie, form: { _csrf: s.csrf, action } });
    const [a, b] = await Promise.all([review(alice, ids[0]!, "approve"), review(bob, ids[1]!, "reject")]);
    expect([a.status, b.status]).toEqual([303, 303]);
    // The JSON API accepts the same identity: Bob's token.
    const api = await fetchWith(both, `/recommendations/${ids[2]}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKENS.bob}` },
      json: {},
    });
    expect(api.status).toBe(200);
    expect((await auditOf(ids[0]!)).at(-1)).toMatchObject({ action: "approve", actor: "alice" });
    expect((await auditOf(ids[1]!)).at(-1)).toMatchObject({ action: "reject", actor: "bob" });
    expect((await auditOf(ids[2]!)).at(-1)).toMatchObject({ action: "approve", actor: "bob" });
    // The page shows who is signed in.
    expect(await (await fetchWith(both, "/console", { cookie: alice.cookie })).text()).toContain('id="operator-name">alice<');
    const requests = logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.event === "request" && l.method === "POST");
    const named = requests.filter(
      (l) => String(l.path).includes(ids[0]!) || String(l.path).includes(ids[1]!) || String(l.path).includes(ids[2]!),
    );
    expect(named.map((l) => l.operator).sort()).toEqual(["alice", "bob", "bob"]);
  });

  it("a claim keeps two reviewers from colliding: the other's decision is refused and nothing is audited", async () => {
    const [alice, bob] = await Promise.all([signIn(both, { token: TOKENS.alice }), signIn(both, { token: TOKENS.bob })]);
    const id = ids[3] ?? ids.at(-1)!;
    const claim = (s: { cookie: string; csrf: string }, release = "0") =>
      fetchWith(both, `/console/recommendations/${id}/claim`, { method: "POST", cookie: s.cookie, form: { _csrf: s.csrf, release } });
    expect((await claim(alice)).status).toBe(303);
    const page = await (await fetchWith(both, `/console/recommendations/${id}`, { cookie: bob.cookie })).text();
    expect(page).toContain("alice is reviewing this");
    expect((await claim(bob)).status).toBe(409);
    const before = await auditOf(id);
    const refused = await fetchWith(both, `/console/recommendations/${id}/review`, {
      method: "POST",
      cookie: bob.cookie,
      form: { _csrf: bob.csrf, action: "reject" },
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("alice is reviewing this");
    // Nor can Bob approve it in bulk.
    const bulk = await fetchWith(both, "/console/bulk-approve", { method: "POST", cookie: bob.cookie, form: { _csrf: bob.csrf, ids: id } });
    expect(bulk.headers.get("location")).toBe("/console?done=bulk&approved=0&failed=1");
    expect(await auditOf(id)).toEqual(before);
    // The queue shows who has it.
    expect(await (await fetchWith(both, `/console?person=${person}`, { cookie: bob.cookie })).text()).toContain(
      '<td data-label="Claimed by">alice</td>',
    );
    // Released, Bob may claim and decide.
    expect((await claim(alice, "1")).status).toBe(303);
    expect((await claim(bob)).status).toBe(303);
    const done = await fetchWith(both, `/console/recommendations/${id}/review`, {
      method: "POST",
      cookie: bob.cookie,
      form: { _csrf: bob.csrf, action: "reject" },
    });
    expect(done.status).toBe(303);
    expect((await auditOf(id)).at(-1)).toMatchObject({ action: "reject", actor: "bob" });
  });

  it("a claim made in the console holds for the JSON API too, and the claimant's own decision there lets it go", async () => {
    const [first, second] = await flaggedSet();
    const alice = await signIn(both, { token: TOKENS.alice });
    for (const id of [first!, second!])
      expect(
        (
          await fetchWith(both, `/console/recommendations/${id}/claim`, {
            method: "POST",
            cookie: alice.cookie,
            form: { _csrf: alice.csrf, release: "0" },
          })
        ).status,
      ).toBe(303);
    const asBob = (path: string, json: unknown) =>
      fetchWith(both, path, { method: "POST", headers: { authorization: `Bearer ${TOKENS.bob}` }, json });
    const before = await auditOf(first!);

    const refused = await asBob(`/recommendations/${first}/approve`, {});
    expect(refused.status).toBe(409);
    expect(await errorOf(refused)).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("alice is reviewing this") });
    const overridden = await asBob(`/recommendations/${first}/override`, { status: "approved", reason: "not waiting" });
    expect(overridden.status).toBe(409);
    const bulk = await asBob("/recommendations/bulk-approve", { ids: [first, second] });
    expect(bulk.status).toBe(200);
    expect(await bulk.json()).toMatchObject({
      approved: 0,
      results: [
        { id: first, error: { code: "CONFLICT", message: expect.stringContaining("alice is reviewing this") } },
        { id: second, error: { code: "CONFLICT" } },
      ],
    });
    expect(await auditOf(first!)).toEqual(before);

    // Alice decides through the API: it is hers to decide, and her claim ends with the decision.
    const approved = await fetchWith(both, `/recommendations/${first}/approve`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKENS.alice}` },
      json: {},
    });
    expect(approved.status).toBe(200);
    expect((await auditOf(first!)).at(-1)).toMatchObject({ action: "approve", actor: "alice" });
    const page = await (await fetchWith(both, `/console?person=${lastPerson}`, { cookie: alice.cookie })).text();
    expect(page).not.toContain(`href="/console/recommendations/${first}"`); // decided, out of the queue
    expect(page).toContain('<td data-label="Claimed by">alice</td>'); // the second is still hers
    // Her claim on the first is gone: Bob can now override it.
    expect((await asBob(`/recommendations/${first}/override`, { status: "flagged", reason: "second look" })).status).toBe(200);
  });

  it('OPERATOR_TOKEN still works, as the operator named "operator"', async () => {
    const res = await fetchWith(both, `/recommendations/${ids.at(-1)}/override`, {
      method: "POST",
      headers: { authorization: `Bearer ${env.OPERATOR_TOKEN}` },
      json: { status: "approved", reason: "legacy token" },
    });
    expect(res.status).toBe(200);
    expect((await auditOf(ids.at(-1)!)).at(-1)).toMatchObject({ action: "override", actor: "operator" });
  });

  it('OPERATOR_TOKEN may be left unset once OPERATORS names the operators, and then no one is just "operator"', async () => {
    const namedOnly = { ...both, OPERATOR_TOKEN: "" };
    const shared = await fetchWith(namedOnly, "/users?limit=1", { headers: { authorization: `Bearer ${env.OPERATOR_TOKEN}` } });
    expect(shared.status).toBe(401);
    expect((await fetchWith(namedOnly, "/users?limit=1", { headers: { authorization: `Bearer ${TOKENS.alice}` } })).status).toBe(200);
    const signIn = await fetchWith(namedOnly, "/console/sign-in", { method: "POST", form: { token: env.OPERATOR_TOKEN } });
    expect(signIn.headers.get("set-cookie") ?? "").not.toContain(SESSION_COOKIE);
    // With no way at all for an operator to sign in, the Worker says which variable to set.
    const none = await fetchWith({ OPERATOR_TOKEN: "", OPERATORS: "" }, "/users?limit=1", {
      headers: { authorization: `Bearer ${TOKENS.alice}` },
    });
    expect(none.status).toBe(500);
    expect(await errorOf(none)).toMatchObject({ code: "BAD_ENVIRONMENT", message: expect.stringContaining("OPERATOR_TOKEN") });
  });

  it("a removed operator's token is refused, and every console session of theirs ends (even if they are added back)", async () => {
    const bob = await signIn(both, { token: TOKENS.bob });
    const bob2 = await signIn(both, { token: TOKENS.bob });
    expect((await fetchWith(both, "/console", { cookie: bob.cookie })).status).toBe(200);
    // Bob is removed from OPERATORS.
    const api = await fetchWith(aliceOnly, "/users?limit=1", { headers: { authorization: `Bearer ${TOKENS.bob}` } });
    expect(api.status).toBe(401);
    const page = await fetchWith(aliceOnly, "/console", { cookie: bob.cookie });
    expect(page.headers.get("location")).toBe("/console/sign-in?ended=1");
    const signInAgain = await fetchWith(aliceOnly, "/console/sign-in", { method: "POST", form: { token: TOKENS.bob } });
    expect(signInAgain.status).toBe(401);
    // Added back: the old sessions stay ended (both of them, not only the one used).
    for (const s of [bob, bob2])
      expect((await fetchWith(both, "/console", { cookie: s.cookie })).headers.get("location")).toBe("/console/sign-in?ended=1");
  });

  it("refuses a bad OPERATORS value at start, naming the variable and never a token", async () => {
    for (const bad of ["alice", "alice:abc", `operator:${"a".repeat(64)}`, `alice:${"a".repeat(64)},alice:${"b".repeat(64)}`]) {
      const res = await fetchWith({ OPERATORS: bad }, "/health");
      expect(res.status, bad).toBe(500);
      expect(JSON.stringify(await res.json())).toContain("OPERATORS");
    }
  });
});

describe("operators behind Cloudflare Access", () => {
  // A team of this file's own, so the per-isolate key cache starts empty.
  const TEAM = `https://t25-${crypto.randomUUID().slice(0, 8)}.cloudflareaccess.com`;
  const AUD = "a".repeat(40) + "0123456789abcdef0123456789";
  const access = { ACCESS_TEAM_DOMAIN: TEAM, ACCESS_AUD: AUD };
  type Key = { kid: string; privateKey: JoseKey; jwk: JWK };
  let keyA: Key;
  let keyB: Key;
  let published: Key[];
  let jwksFetches = 0;
  const realFetch = globalThis.fetch;

  async function newKey(kid: string): Promise<Key> {
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
  }

  function jwt(key: Key, claims: { email?: string; aud?: string; iss?: string; expiresIn?: number } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ email: claims.email ?? "carol@example.com", type: "app" })
      .setProtectedHeader({ alg: "RS256", kid: key.kid })
      .setIssuer(claims.iss ?? TEAM)
      .setAudience(claims.aud ?? AUD)
      .setIssuedAt(now - 60)
      .setExpirationTime(now + (claims.expiresIn ?? 600))
      .sign(key.privateKey);
  }

  const asOperator = (token: string) => fetchWith(access, "/users?limit=1", { headers: { "cf-access-jwt-assertion": token } });

  beforeAll(async () => {
    [keyA, keyB] = await Promise.all([newKey("key-a"), newKey("key-b")]);
    published = [keyA];
    // Cloudflare's certs endpoint, faked at the HTTP boundary: { keys: [JWK…] }.
    vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url);
      if (url.origin === TEAM && url.pathname === "/cdn-cgi/access/certs") {
        jwksFetches++;
        return Response.json({
          keys: published.map((k) => k.jwk),
          public_cert: { kid: published[0]!.kid, cert: "-----BEGIN CERTIFICATE-----" },
        });
      }
      return realFetch(input, init);
    });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(() => vi.unstubAllGlobals());

  it("accepts a JWT signed by the team's key; the operator is its email, in the audit", async () => {
    expect((await asOperator(await jwt(keyA))).status).toBe(200);
    const [id] = await flaggedSet();
    const res = await fetchWith(access, `/recommendations/${id}/reject`, {
      method: "POST",
      headers: { "cf-access-jwt-assertion": await jwt(keyA, { email: "Carol@Example.com" }) },
      json: {},
    });
    expect(res.status).toBe(200);
    expect((await auditOf(id!)).at(-1)).toMatchObject({ action: "reject", actor: "carol@example.com" });
  });

  it("refuses a forged, an expired and a wrong-audience or wrong-issuer JWT, each with its reason", async () => {
    const forger = await newKey("key-a"); // claims the team's key id, signed with another key
    const cases: [string, string][] = [
      [await jwt(forger), "not signed by this team's keys"],
      [await jwt(keyA, { expiresIn: -120 }), "expired"],
      [await jwt(keyA, { aud: "b".repeat(64) }), "aud claim"],
      [await jwt(keyA, { iss: "https://other-team.cloudflareaccess.com" }), "iss claim"],
      ["not.a.jwt", "malformed"],
    ];
    for (const [token, reason] of cases) {
      const res = await asOperator(token);
      expect(res.status, reason).toBe(401);
      const { message } = await errorOf(res);
      expect(message).toContain(reason);
      expect(message).not.toContain(token);
    }
  });

  it("refuses operator tokens once Access is in front (the service token still works)", async () => {
    expect((await fetchWith(access, "/users?limit=1", { headers: { authorization: `Bearer ${env.OPERATOR_TOKEN}` } })).status).toBe(401);
    expect(
      (await fetchWith(access, `/users/${freshUserId()}/recommendations`, { headers: { authorization: `Bearer ${env.API_TOKEN}` } }))
        .status,
    ).not.toBe(401);
  });

  it("follows a key rotation: a token with the new key is accepted once the keys are fetched again, the old key is then refused", async () => {
    expect((await asOperator(await jwt(keyA))).status).toBe(200);
    const before = jwksFetches;
    published = [keyB];
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    // Within jose's 30 s cooldown the cached keys stand (a stream of unknown key ids cannot hammer the endpoint).
    expect((await asOperator(await jwt(keyB))).status).toBe(401);
    vi.setSystemTime(Date.now() + 31_000);
    expect((await asOperator(await jwt(keyB))).status).toBe(200);
    expect(jwksFetches).toBe(before + 1);
    expect((await asOperator(await jwt(keyA))).status).toBe(401);
  });

  it("the console signs in with the Access identity and ends the session when the JWT no longer names that operator", async () => {
    published = [keyA, keyB];
    const token = await jwt(keyB, { email: "dave@example.com" });
    const headers = { "cf-access-jwt-assertion": token };
    const signInPage = await (await fetchWith(access, "/console/sign-in", { headers })).text();
    expect(signInPage).toContain("Continue as dave@example.com");
    const dave = await signIn(access, {}, headers);
    expect((await fetchWith(access, "/console", { cookie: dave.cookie, headers })).status).toBe(200);
    // The same cookie with someone else's JWT, or none: refused.
    const erin = { "cf-access-jwt-assertion": await jwt(keyB, { email: "erin@example.com" }) };
    expect((await fetchWith(access, "/console", { cookie: dave.cookie, headers: erin })).status).toBe(303);
    expect((await fetchWith(access, "/console", { cookie: dave.cookie })).status).toBe(303);
    // Without a valid JWT, sign-in is refused.
    expect(
      (await fetchWith(access, "/console/sign-in", { method: "POST", form: {}, headers: { "cf-access-jwt-assertion": "x.y.z" } })).status,
    ).toBe(401);
  });
});
