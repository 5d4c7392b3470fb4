/** People, metrics and calibration: read-only console pages. */
import { Hono } from "hono";
import { z } from "zod";
import { getConsent } from "../db/consent";
import type { Database } from "../db/client";
import { getStoredProfile, type StoredProfile } from "../db/profiles";
import { listRecommendations } from "../db/recommendations";
import { auditLog } from "../db/review-queue";
import { getUserSummary, listUsers } from "../db/users";
import { PERSONA_TYPES } from "../domain/personas";
import { ApiError, parseInput } from "../errors";
import { noQuery, readQuery, userIdParams, userIdSchema, wholeNumber } from "../http/params";
import { NoTransactionsError } from "../services/errors";
import { computeProfile } from "../services/profile-service";
import { EVAL_DOCUMENTS, EVAL_IMAGES } from "./generated/eval-docs";
import type { ConsoleEnv } from "./guard";
import { isRangeKey, loadMetrics, RANGES } from "./metrics";
import { page } from "./render";
import { AuditPage } from "./views/audit";
import { MetricsPage } from "./views/metrics";
import { CalibrationPage, PeoplePage } from "./views/pages";
import { PersonPage } from "./views/person";
import type { WindowDays } from "../domain/signals";

const PEOPLE_PAGE = 25;

/** The stored profile of one window, computed first when missing (as GET /users/:id/profile does); undefined without transactions. */
async function profileFor(db: Database, userId: string, windowDays: WindowDays): Promise<StoredProfile | undefined> {
  const stored = await getStoredProfile(db, userId, windowDays);
  if (stored) return stored;
  try {
    await computeProfile(db, userId, windowDays);
  } catch (err) {
    if (err instanceof NoTransactionsError) return undefined;
    throw err;
  }
  return getStoredProfile(db, userId, windowDays);
}

const peopleQuery = z
  .object({
    offset: wholeNumber(0, 1_000_000, 0),
    // The filter form sends persona= for "any persona".
    persona: z.union([z.literal(""), z.enum(PERSONA_TYPES)]).optional(),
    // Part of an id or a name; letters, digits, space, _ - . ' only.
    q: z
      .string()
      .trim()
      .max(64)
      .regex(/^[\p{L}\p{N} _.'-]*$/u, "use letters, digits, spaces, _ - . '")
      .optional(),
  })
  .strict();

/** "2026-12-01" or "2026-12-01T09:00" (UTC). */
const utcMoment = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?$/, "must be YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)")
  .refine((v) => !Number.isNaN(Date.parse(`${v.replace(" ", "T")}${v.length > 10 ? ":00Z" : "T00:00:00Z"}`)), "is not a real date");
const toDate = (v: string) => new Date(`${v.replace(" ", "T")}${v.length > 10 ? ":00Z" : "T00:00:00Z"}`);

const auditQuerySchema = z
  .object({
    offset: wholeNumber(0, 1_000_000, 0),
    operator: z
      .string()
      .trim()
      .max(64)
      .regex(/^[A-Za-z0-9._+@-]*$/, "must be an operator name or part of one")
      .optional(),
    from: z.union([z.literal(""), utcMoment]).optional(),
    to: z.union([z.literal(""), utcMoment]).optional(),
  })
  .strict();

const AUDIT_PAGE = 50;

const metricsQuery = z
  .object({
    range: z
      .string()
      .refine(isRangeKey, `must be one of ${Object.keys(RANGES).join(", ")}`)
      .default("24h"),
  })
  .strict();

/** Mounted by routes.tsx behind requireSession. */
export const viewRoutes = new Hono<ConsoleEnv>()
  /** GET /console/people?offset&persona */
  .get("/people", async (c) => {
    const q = readQuery(c, peopleQuery);
    const persona = q.persona || undefined;
    const search = q.q || undefined;
    const result = await listUsers(c.get("services").db(), { limit: PEOPLE_PAGE, offset: q.offset, persona, window_days: 30, search });
    return page(
      c,
      <PeoplePage
        session={c.get("session")}
        users={result.users}
        total={result.total}
        limit={PEOPLE_PAGE}
        offset={q.offset}
        persona={persona}
        search={search}
      />,
    );
  })
  /** GET /console/people/find?user_id: the look-up form's target. */
  .get("/people/find", (c) => {
    const { user_id } = readQuery(c, z.object({ user_id: z.string().trim().pipe(userIdSchema) }).strict());
    return c.redirect(`/console/people/${user_id}`, 303);
  })
  /** GET /console/people/:user_id: profile and persona for both windows, consent, recommendations. */
  .get("/people/:user_id", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    readQuery(c, noQuery);
    const db = c.get("services").db();
    const user = await getUserSummary(db, user_id);
    if (!user) throw new ApiError(404, "NOT_FOUND", `No person ${user_id}.`);
    const consent = (await getConsent(db, user_id))!;
    const profiles = [
      { window: 30 as const, profile: await profileFor(db, user_id, 30) },
      { window: 180 as const, profile: await profileFor(db, user_id, 180) },
    ];
    const recommendations = await listRecommendations(db, user_id, {});
    return page(
      c,
      <PersonPage session={c.get("session")} user={user} consent={consent} profiles={profiles} recommendations={recommendations} />,
    );
  })
  /** GET /console/metrics?range=1h|24h|7d */
  .get("/metrics", async (c) => {
    const { range } = readQuery(c, metricsQuery);
    if (!isRangeKey(range)) throw new ApiError(400, "INVALID_INPUT", "query.range: unknown range");
    const m = await loadMetrics(c.get("services").db(), range, new Date());
    return page(c, <MetricsPage session={c.get("session")} m={m} />);
  })
  /** GET /console/calibration: docs/eval's tables, built in, beside the threshold this Worker serves with. */
  .get("/calibration", (c) => {
    readQuery(c, noQuery);
    return page(
      c,
      <CalibrationPage
        session={c.get("session")}
        documents={EVAL_DOCUMENTS}
        liveThreshold={c.get("config").VECTOR_DB_SIMILARITY_THRESHOLD}
      />,
    );
  })
  /** GET /console/audit?operator&from&to&offset: every review on the site, newest first. */
  .get("/audit", async (c) => {
    const q = readQuery(c, auditQuerySchema);
    const filter = { operator: q.operator || undefined, from: q.from || undefined, to: q.to || undefined };
    const result = await auditLog(
      c.get("services").db(),
      { operator: filter.operator, from: filter.from ? toDate(filter.from) : undefined, to: filter.to ? toDate(filter.to) : undefined },
      { limit: AUDIT_PAGE, offset: q.offset },
    );
    return page(
      c,
      <AuditPage
        session={c.get("session")}
        rows={result.rows}
        total={result.total}
        limit={AUDIT_PAGE}
        offset={q.offset}
        filter={filter}
        operators={result.operators}
      />,
    );
  })
  /** GET /console/eval/:name.svg: a chart of docs/eval, built in. */
  .get("/eval/:name", (c) => {
    const svg = Object.hasOwn(EVAL_IMAGES, c.req.param("name")) ? EVAL_IMAGES[c.req.param("name")] : undefined;
    if (svg === undefined) throw new ApiError(404, "NOT_FOUND", "No such chart.");
    return c.body(svg, 200, { "Content-Type": "image/svg+xml; charset=utf-8" });
  });
