/**
 * The operator console under /console: server-rendered pages (hono/jsx), its own stylesheet and
 * script, and its own auth (a server-side session per named operator, src/console/session.ts). app.ts mounts it before the
 * API's bearer-token middleware, so neither gets in the other's way.
 */
import { Hono, type Context } from "hono";
import { getCookie } from "hono/cookie";
import { z } from "zod";
import { ApiError } from "../errors";
import { errorAnswer } from "../http/error-answer";
import { ACCESS_JWT_HEADER, verifyAccessJwt, type AccessResult } from "../http/access";
import { accessSettings, identify } from "../http/auth";
import { readQuery } from "../http/params";
import { describeError } from "../logger";
import { ServiceError } from "../services/errors";
import { ASSETS } from "./assets";
import {
  clearSessionCookie,
  consoleHeaders,
  field,
  readForm,
  requireSession,
  safeNext,
  sameOrigin,
  setSessionCookie,
  type ConsoleEnv,
} from "./guard";
import { page } from "./render";
import { reviewRoutes } from "./review-routes";
import { createSession, endAllSessions, endSession, readSession, SESSION_COOKIE } from "./session";
import { viewRoutes } from "./view-routes";
import { ErrorPage, SignInPage } from "./views/pages";

const signInQuery = z
  .object({
    next: z.string().optional(),
    ended: z.literal("1").optional(),
    signed_out: z.literal("1").optional(),
  })
  .strict();

const TITLES: Record<number, string> = {
  400: "That request was not valid",
  401: "Please sign in",
  403: "Refused",
  404: "Not found",
  409: "Conflict",
  413: "Too large",
  415: "Unsupported form",
  429: "Too many attempts",
};

/** Titles of the faults that are not the request's. */
const FAULT_TITLES: Partial<Record<string, string>> = {
  DATABASE_UNAVAILABLE: "Database unreachable",
  BAD_ENVIRONMENT: "Bad environment",
  INTERNAL_ERROR: "Internal error",
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Behind Cloudflare Access: who the request's JWT names (or why it is refused); undefined without Access. */
async function accessIdentity(c: Context<ConsoleEnv>): Promise<AccessResult | undefined> {
  const settings = accessSettings(c.get("config"));
  if (!settings) return undefined;
  const jwt = c.req.header(ACCESS_JWT_HEADER);
  return jwt ? verifyAccessJwt(jwt, settings) : { ok: false, reason: "this request carries no Access token" };
}

/** Sign-in attempts share one counter of the RATE_LIMITER binding; a failing binding lets them through. */
async function signInAllowed(c: Context<ConsoleEnv>): Promise<boolean> {
  try {
    return (await c.env.RATE_LIMITER.limit({ key: "console-sign-in" })).success;
  } catch (err) {
    c.get("services").logger.warn("rate_limiter_failed", describeError(err));
    return true;
  }
}

export const consoleRoutes = new Hono<ConsoleEnv>()
  .use("*", consoleHeaders)
  /** GET /console/assets/:name: the stylesheet and script, fingerprinted, cached for a year. */
  .get("/assets/:name", (c) => {
    const asset = ASSETS.get(c.req.param("name"));
    if (!asset) throw new ApiError(404, "NOT_FOUND", "No such file.");
    return c.body(asset.body, 200, { "Content-Type": asset.contentType, "Cache-Control": "public, max-age=31536000, immutable" });
  })
  .get("/sign-in", async (c) => {
    const q = readQuery(c, signInQuery);
    const notice = q.signed_out ? "You are signed out." : q.ended ? "Your session has ended: sign in again." : undefined;
    return page(c, <SignInPage next={safeNext(q.next)} notice={notice} access={await accessIdentity(c)} />);
  })
  /** POST /console/sign-in: a named operator's token (or, behind Cloudflare Access, its verified JWT), exchanged for a session cookie. */
  .post("/sign-in", sameOrigin, async (c) => {
    const fields = await readForm(c, { csrf: false });
    const next = safeNext(field(fields, "next"));
    const access = await accessIdentity(c);
    const refuse = (status: 400 | 401 | 403 | 429, error: string) =>
      page(c, <SignInPage next={next} error={error} access={access} />, status);
    if (!(await signInAllowed(c))) return refuse(429, "Too many sign-in attempts: wait a few seconds and try again.");
    const config = c.get("config");
    let operator: string;
    if (access) {
      if (!access.ok) return refuse(401, `Cloudflare Access refused: ${access.reason}.`);
      operator = access.email;
    } else {
      const token = field(fields, "token");
      if (!token) return refuse(400, "Enter your operator token.");
      const principal = await identify(token, config);
      if (!principal) return refuse(401, "That token is not valid.");
      if (principal.kind !== "operator") {
        c.get("services").logger.warn("console_sign_in_refused", { kind: principal.kind });
        return refuse(
          403,
          "This is a user-scoped token (API_TOKEN or a token bound to one person): it cannot open the console. Sign in with your operator token.",
        );
      }
      operator = principal.operator;
    }
    const { value } = await createSession(c.env.OPERATOR_SESSIONS, operator, nowSeconds());
    setSessionCookie(c, value);
    c.get("services").logger.info("console_signed_in", { operator });
    return c.redirect(next ?? "/console", 303);
  })
  /**
   * POST /console/sign-out: ends this session on the server (every copy of the cookie stops
   * working at once), or with everywhere=1 every session of the operator; then clears the cookie.
   */
  .post("/sign-out", sameOrigin, async (c) => {
    const session = await readSession(c.env.OPERATOR_SESSIONS, getCookie(c, SESSION_COOKIE), nowSeconds());
    if (session) {
      c.set("session", session);
      const fields = await readForm(c, { csrf: true });
      const everywhere = field(fields, "everywhere") === "1";
      const ended = everywhere
        ? await endAllSessions(c.env.OPERATOR_SESSIONS, session.operator)
        : (await endSession(c.env.OPERATOR_SESSIONS, session), 1);
      c.get("services").logger.info("console_signed_out", { operator: session.operator, sessions_ended: ended });
    }
    clearSessionCookie(c);
    return c.redirect("/console/sign-in?signed_out=1", 303);
  })
  // Everything below needs a session, and a form post must come from this origin.
  .use("*", requireSession, sameOrigin)
  .route("/", reviewRoutes)
  .route("/", viewRoutes)
  .all("*", (c) => {
    if (c.req.path === "/console/") return c.redirect("/console", 301);
    throw new ApiError(404, "NOT_FOUND", "There is no console page at this address.");
  })
  .onError(async (err, c) => {
    // The same classification as the API's (src/http/error-answer.ts), shown as a page.
    const answer = errorAnswer(err, c.get("requestId"));
    if (answer.log) c.get("services")?.logger.error(answer.log.event, answer.log.fields);
    for (const [k, v] of Object.entries(answer.headers)) c.header(k, v);
    // A refusal (of the request, or by a service) is titled by its status; a fault by what failed.
    const refusal = err instanceof ApiError || err instanceof ServiceError;
    const title = refusal ? (TITLES[answer.status] ?? "Error") : (FAULT_TITLES[answer.code] ?? "Error");
    // A bad environment is shown without the session: the configuration it was read with is wrong.
    const session = answer.code === "BAD_ENVIRONMENT" ? undefined : c.get("session");
    return page(
      c,
      <ErrorPage
        session={session}
        status={answer.status}
        title={title}
        message={refusal || answer.code === "BAD_ENVIRONMENT" ? answer.message : `${answer.message}.`}
      />,
      answer.status,
    );
  });
