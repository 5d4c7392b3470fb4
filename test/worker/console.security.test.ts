/**
 * The operator console's guards, in the Workers runtime: sign-in refuses user-scoped tokens, the
 * session cookie is signed, expiring and flagged, every form post needs this origin and the
 * session's CSRF token, the console and the API do not accept each other's credentials, and the
 * CSPs stay apart.
 */
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { CONSOLE_CSP } from "../../src/console/guard";
import { createSession, SESSION_COOKIE, SESSION_TTL_SECONDS } from "../../src/console/session";
import { call, postJson, TEST_TOKENS } from "./helpers";
import { seedSpender } from "./factories";
import { AuditSchema, GenerateSchema, TokenSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const ORIGIN = "http://spendsense.test";
const USER = "console_sec_user";
let flaggedIds: string[] = [];

/** A browser-like request: no bearer token, the given cookie and Origin. */
function browser(
  path: string,
  init: { method?: string; cookie?: string; origin?: string | null; form?: Record<string, string>; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", `${SESSION_COOKIE}=${init.cookie}`);
  if (init.origin !== null && init.method === "POST") headers.set("origin", init.origin ?? ORIGIN);
  if (init.form) headers.set("content-type", "application/x-www-form-urlencoded");
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: init.method ?? "GET",
      headers,
      redirect: "manual",
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    }),
  );
}

async function signIn(token: string, origin?: string | null): Promise<Response> {
  return browser("/console/sign-in", { method: "POST", origin, form: { token } });
}

/** The cookie value and the CSRF token of a fresh operator session. */
async function session(): Promise<{ cookie: string; csrf: string }> {
  const res = await signIn(TEST_TOKENS.operator);
  const cookie = /__Host-spendsense_console=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  expect(cookie).toBeDefined();
  const page = await (await browser("/console", { cookie })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  expect(csrf).toBeDefined();
  return { cookie: cookie!, csrf: csrf! };
}

/** A flagged recommendation's audit trail (its statuses); never empty, so "nothing changed" compares real rows. */
async function statusOf(id: string): Promise<string[]> {
  const body = await answerOf(await call(`/recommendations/${id}/audit`), AuditSchema);
  if (!body.audit.length) throw new Error(`statusOf(${id}): the recommendation has no audit trail`);
  return body.audit.map((a) => a.to_status);
}

beforeAll(async () => {
  await seedSpender(USER);
  const gen = await answerOf(await call(`/recommendations/generate/${USER}?use_vector_db=false`, { method: "POST" }), GenerateSchema);
  // Flag them (an operator action through the JSON API), so the console has something to review.
  for (const r of gen.recommendations)
    expect((await postJson(`/recommendations/${r.id}/override`, { status: "flagged", reason: "for the console test" })).status).toBe(200);
  flaggedIds = gen.recommendations.map((r) => r.id);
});

describe("console sign-in", () => {
  it("exchanges the operator token for an HttpOnly, Secure, SameSite=Strict, expiring cookie that holds no token", async () => {
    const res = await signIn(TEST_TOKENS.operator);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console");
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(
      new RegExp(
        `^${SESSION_COOKIE}=v2\\.[\\w-]+\\.[\\w-]{43}; Max-Age=${SESSION_TTL_SECONDS}; Path=/; HttpOnly; Secure; SameSite=Strict$`,
      ),
    );
    expect(cookie).not.toContain(TEST_TOKENS.operator);
  });

  it("refuses the service token and a user-bound token with a clear message, and sets no cookie", async () => {
    const minted = await answerOf(await call(`/users/${USER}/token`, { method: "POST" }), TokenSchema, 201);
    for (const token of [TEST_TOKENS.user, minted.token]) {
      const res = await signIn(token);
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
      expect(await res.text()).toContain("user-scoped token");
    }
    const wrong = await signIn("not-the-operator-token-000");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("returns to the page that asked for sign-in, and only ever to a console page", async () => {
    const asked = await browser("/console/people/someone_1");
    expect(asked.headers.get("location")).toBe("/console/sign-in?next=%2Fconsole%2Fpeople%2Fsomeone_1");
    const form = (next: string) => browser("/console/sign-in", { method: "POST", form: { token: TEST_TOKENS.operator, next } });
    expect((await form("/console/people/someone_1")).headers.get("location")).toBe("/console/people/someone_1");
    for (const next of [
      "https://evil.example/console",
      "//evil.example/console",
      "/console//evil.example",
      "/users",
      "/console/../users",
    ]) {
      expect((await form(next)).headers.get("location"), next).toBe("/console");
    }
  });

  it("refuses a sign-in posted from another site or without an Origin", async () => {
    for (const origin of ["https://evil.example", null]) {
      const res = await signIn(TEST_TOKENS.operator, origin);
      expect(res.status).toBe(403);
      expect(res.headers.get("set-cookie")).toBeNull();
    }
  });
});

describe("console session", () => {
  it("sends a visitor without a session to sign in, and ignores the API's bearer token", async () => {
    const res = await call("/console", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/sign-in");
  });

  it("refuses a forged, expired or other operator's cookie", async () => {
    const { cookie } = await session();
    const forged = cookie.slice(0, -2) + (cookie.endsWith("AA") ? "BB" : "AA");
    const now = Math.floor(Date.now() / 1000);
    const expired = (await createSession(env.OPERATOR_SESSIONS, "operator", now - SESSION_TTL_SECONDS - 5)).value;
    // The same session id presented as another operator's: not in that operator's registry.
    const [, , id] = cookie.split(".");
    const otherOperator = `v2.${btoa("alice").replace(/=+$/, "")}.${id}`;
    for (const bad of [forged, expired, otherOperator]) {
      const res = await browser("/console", { cookie: bad });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/console/sign-in?ended=1");
      expect(res.headers.get("set-cookie")).toContain("Max-Age=0");
    }
    expect((await browser("/console", { cookie })).status).toBe(200);
  });

  it("does not let the session cookie authenticate the JSON API", async () => {
    const { cookie } = await session();
    expect((await browser("/users", { cookie })).status).toBe(401);
  });

  it("signs out by ending the session on the server: a copy of the cookie kept from before stops working at once", async () => {
    const { cookie, csrf } = await session();
    const other = await session();
    expect((await browser("/console", { cookie })).status).toBe(200);
    const res = await browser("/console/sign-out", { method: "POST", cookie, form: { _csrf: csrf } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/sign-in?signed_out=1");
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict$`));
    // The copied cookie: pages send it to sign in, and a form post with it (and its CSRF token) is refused, changing nothing.
    const page = await browser("/console", { cookie });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/console/sign-in?ended=1");
    const id = flaggedIds.at(-1)!;
    const before = await statusOf(id);
    expect(
      (await browser(`/console/recommendations/${id}/review`, { method: "POST", cookie, form: { _csrf: csrf, action: "approve" } })).status,
    ).toBe(401);
    expect(await statusOf(id)).toEqual(before);
    // Only that session ended: the operator's other session is still open.
    expect((await browser("/console", { cookie: other.cookie })).status).toBe(200);
  });

  it("signs out everywhere: every session of the operator ends", async () => {
    const [a, b] = [await session(), await session()];
    const res = await browser("/console/sign-out", { method: "POST", cookie: a.cookie, form: { _csrf: a.csrf, everywhere: "1" } });
    expect(res.status).toBe(303);
    for (const cookie of [a.cookie, b.cookie])
      expect((await browser("/console", { cookie })).headers.get("location")).toBe("/console/sign-in?ended=1");
  });
});

describe("console forms and CSRF", () => {
  it("refuses a review without the session's CSRF token, or from another origin, and changes nothing", async () => {
    const { cookie, csrf } = await session();
    const id = flaggedIds[0]!;
    const before = await statusOf(id);
    type Attempt = { form: Record<string, string>; origin?: string | null; headers?: Record<string, string> };
    const attempts: Attempt[] = [
      { form: { action: "approve" } },
      { form: { action: "approve", _csrf: "A".repeat(43) } },
      { form: { action: "approve", _csrf: csrf.slice(0, -1) } },
      { form: { action: "approve", _csrf: csrf }, origin: "https://evil.example" },
      { form: { action: "approve", _csrf: csrf }, origin: null },
      { form: { action: "approve", _csrf: csrf }, origin: "null", headers: { "sec-fetch-site": "cross-site" } },
    ];
    for (const attempt of attempts) {
      const res = await browser(`/console/recommendations/${id}/review`, { method: "POST", cookie, ...attempt });
      expect(res.status).toBe(403);
      expect(res.headers.get("content-type")).toContain("text/html");
    }
    // Without a session at all: 401, whatever the form says.
    expect(
      (await browser(`/console/recommendations/${id}/review`, { method: "POST", form: { action: "approve", _csrf: csrf } })).status,
    ).toBe(401);
    expect(await statusOf(id)).toEqual(before);
  });

  it("accepts the session's own form: the review goes through the shared service and its audit row names the console", async () => {
    const { cookie, csrf } = await session();
    const id = flaggedIds[1]!;
    const res = await browser(`/console/recommendations/${id}/review`, {
      method: "POST",
      cookie,
      form: { _csrf: csrf, action: "reject", reason: "Off topic" },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/recommendations/${id}?done=rejected`);
    const audit = await answerOf(await call(`/recommendations/${id}/audit`), AuditSchema);
    expect(audit.audit.at(-1)).toEqual({
      action: "reject",
      from_status: "flagged",
      to_status: "rejected",
      reason: "Off topic",
      actor: "operator",
      at: expect.any(String),
    });
    // A second reject is a conflict, shown on the page; nothing more is written.
    const again = await browser(`/console/recommendations/${id}/review`, {
      method: "POST",
      cookie,
      form: { _csrf: csrf, action: "reject" },
    });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Cannot reject a recommendation that is rejected");
    expect(await statusOf(id)).toHaveLength(audit.audit.length);
  });

  it("answers bad input with a 4xx page, never a stack trace", async () => {
    const { cookie, csrf } = await session();
    const before = await statusOf(flaggedIds[2]!);
    const cases: [string, Parameters<typeof browser>[1], number][] = [
      ["/console/recommendations/not-a-uuid", { cookie }, 400],
      ["/console/recommendations/00000000-0000-4000-8000-000000000000", { cookie }, 404],
      ["/console/people/no_such_person", { cookie }, 404],
      ["/console/metrics?range=1y", { cookie }, 400],
      ["/console?offset=-1", { cookie }, 400],
      ["/console/no-such-page", { cookie }, 404],
      [
        `/console/recommendations/${flaggedIds[2]}/review`,
        { method: "POST", cookie, form: { _csrf: csrf, action: "override", status: "approved", reason: "" } },
        400,
      ],
      [`/console/recommendations/${flaggedIds[2]}/review`, { method: "POST", cookie, form: { _csrf: csrf, action: "delete" } }, 400],
      ["/console/bulk-approve", { method: "POST", cookie, form: { _csrf: csrf, ids: "not-a-uuid" } }, 400],
      ["/console/bulk-approve", { method: "POST", cookie, headers: { "content-type": "application/json" }, origin: ORIGIN }, 415],
    ];
    for (const [path, init, status] of cases) {
      const res = await browser(path, init);
      expect(res.status, path).toBe(status);
      const text = await res.text();
      expect(text).toContain("<!DOCTYPE html>");
      expect(text).not.toMatch(/at .*\.(ts|js):\d+/);
    }
    expect(await statusOf(flaggedIds[2]!)).toEqual(before);
  });
});

describe("console headers", () => {
  it("serves console pages under their own strict CSP, and keeps the API's default-src 'none'", async () => {
    const signInPage = await browser("/console/sign-in");
    expect(signInPage.headers.get("content-security-policy")).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(signInPage.headers.get("x-frame-options")).toBe("DENY");
    expect(signInPage.headers.get("cache-control")).toBe("no-store");
    const html = await signInPage.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|<style/);
    const api = await call("/health", { as: null });
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("serves its fingerprinted stylesheet and script for a year, and nothing else from /console/assets", async () => {
    const html = await (await browser("/console/sign-in")).text();
    const [css, js] = [
      /href="(\/console\/assets\/console\.[0-9a-f]{8}\.css)"/.exec(html)?.[1],
      /src="(\/console\/assets\/console\.[0-9a-f]{8}\.js)"/.exec(html)?.[1],
    ];
    for (const [path, type] of [
      [css, "text/css"],
      [js, "text/javascript"],
    ] as const) {
      const res = await browser(path!);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
    expect((await browser("/console/assets/console.00000000.css")).status).toBe(404);
  });
});
