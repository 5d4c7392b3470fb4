/**
 * The console's own protections: its CSP, the session cookie (instead of the API's bearer
 * token), and CSRF checks on every state-changing form (same Origin, and the session's form token).
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import type { AppEnv } from "../http/types";
import { ACCESS_JWT_HEADER, verifyAccessJwt } from "../http/access";
import { accessSettings, isConfiguredOperator } from "../http/auth";
import { csrfMatches, endAllSessions, readSession, SESSION_COOKIE, SESSION_TTL_SECONDS, type ConsoleSession } from "./session";

export interface ConsoleEnv {
  Bindings: AppEnv["Bindings"];
  Variables: AppEnv["Variables"] & { session: ConsoleSession };
}

/**
 * Console pages load their own stylesheet, script and images and nothing else: no inline script
 * or style, no framing, forms post only here. (The JSON API keeps `default-src 'none'`.)
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

export const consoleHeaders = createMiddleware<ConsoleEnv>(async (c, next) => {
  await next();
  c.res.headers.set("Content-Security-Policy", CONSOLE_CSP);
  // Not the API's no-referrer: with it, browsers send `Origin: null` on a form post, and the
  // same-origin check below needs the real one. Other sites still get no referrer.
  c.res.headers.set("Referrer-Policy", "same-origin");
  c.res.headers.set("X-Robots-Tag", "noindex");
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Only console paths (with a plain query: filters live in the URL) may be a sign-in's destination (no open redirect). */
export function safeNext(value: unknown): string | undefined {
  return typeof value === "string" && /^\/console(\/[A-Za-z0-9_\-/]*)?(\?[A-Za-z0-9_\-=&%.+:]*)?$/.test(value) && !value.includes("//")
    ? value
    : undefined;
}

/** Set the session cookie: HttpOnly, Secure, SameSite=Strict, __Host- prefixed, expiring with the session. */
export function setSessionCookie(c: Context, value: string): void {
  setCookie(c, SESSION_COOKIE, value, { path: "/", httpOnly: true, secure: true, sameSite: "Strict", maxAge: SESSION_TTL_SECONDS });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", httpOnly: true, secure: true, sameSite: "Strict" });
}

/**
 * Whether the session's operator may still act: behind Cloudflare Access, the request's verified
 * Access JWT must name them; otherwise they must still be a configured operator. A removed
 * operator's sessions are all ended here, the first time any of them is used.
 */
async function stillOperator(c: Context<ConsoleEnv>, session: ConsoleSession): Promise<boolean> {
  const config = c.get("config");
  const access = accessSettings(config);
  if (access) {
    const jwt = c.req.header(ACCESS_JWT_HEADER);
    const verified = jwt ? await verifyAccessJwt(jwt, access) : undefined;
    return verified?.ok === true && verified.email === session.operator;
  }
  if (isConfiguredOperator(session.operator, config)) return true;
  const ended = await endAllSessions(c.env.OPERATOR_SESSIONS, session.operator);
  c.get("services").logger.warn("console_operator_removed", { operator: session.operator, sessions_ended: ended });
  return false;
}

/**
 * Pages need an open session whose operator may still act. Without one, a page request is sent to
 * sign in (and back afterwards); a form post is refused with 401.
 */
export const requireSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  const cookie = getCookie(c, SESSION_COOKIE);
  const found = await readSession(c.env.OPERATOR_SESSIONS, cookie, nowSeconds());
  const session = found && (await stillOperator(c, found)) ? found : undefined;
  if (!session) {
    if (cookie !== undefined) clearSessionCookie(c);
    if (c.req.method === "GET" || c.req.method === "HEAD") {
      const params = new URLSearchParams();
      const url = new URL(c.req.url);
      const next = safeNext(url.pathname + url.search);
      if (next && next !== "/console") params.set("next", next);
      if (cookie !== undefined) params.set("ended", "1");
      const query = params.toString();
      return c.redirect(`/console/sign-in${query ? `?${query}` : ""}`, 303);
    }
    throw new ApiError(401, "UNAUTHORIZED", "You are not signed in, or your session has ended: sign in again.");
  }
  c.set("session", session);
  // The same principal the JSON API sets, so the request's log line names the operator.
  c.set("principal", { kind: "operator", scope: "operator", operator: session.operator });
  c.set("scope", "operator");
  await next();
});

/**
 * A state-changing request must come from a console page of this same origin: the browser's
 * Origin header must name it (a cross-site form or fetch names its own site, and SameSite=Strict
 * keeps the cookie off it anyway). A browser that withholds the origin (`Origin: null`) must then
 * say `Sec-Fetch-Site: same-origin`, a header no page script can set.
 */
export const sameOrigin = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") {
    const origin = c.req.header("origin");
    const withheld = (origin === undefined || origin === "null") && c.req.header("sec-fetch-site") === "same-origin";
    if (origin !== new URL(c.req.url).origin && !withheld) {
      throw new ApiError(403, "FORBIDDEN", "This form was sent from another site (or without an Origin header), so it was refused.");
    }
  }
  await next();
});

export type FormFields = Record<string, string | string[]>;

/**
 * Read a URL-encoded form post. With a session, its `_csrf` field must match the session's token
 * (constant time); the check runs before any field is used.
 */
export async function readForm(c: Context<ConsoleEnv>, opts: { csrf: boolean }): Promise<FormFields> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded(\s*;|$)/i.test(type)) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Console forms are sent as application/x-www-form-urlencoded.");
  }
  const fields: FormFields = Object.create(null);
  for (const [name, value] of new URLSearchParams(await c.req.text())) {
    const prior = fields[name];
    fields[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
  }
  if (opts.csrf && !csrfMatches(c.get("session"), fields._csrf)) {
    throw new ApiError(403, "FORBIDDEN", "This form has expired or did not come from the console: reload the page and try again.");
  }
  return fields;
}

/** One text field (the first if sent twice), trimmed; undefined when absent or empty. */
export function field(fields: FormFields, name: string): string | undefined {
  const v = fields[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : undefined;
}

/** Every value of a repeated field. */
export function fieldList(fields: FormFields, name: string): string[] {
  const v = fields[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
