import { Hono } from "hono";
import { setMetric } from "hono/timing";
import { z } from "zod";
import { auditTrail, listRecommendations, reviewQueue, type ReviewAction } from "../db/recommendations";
import { insertRequestLog } from "../db/request-log";
import { describeError } from "../logger";
import { DISCLOSURE } from "../domain/guardrails";
import { parseInput } from "../errors";
import { requireOperator, requireUserAccess } from "../http/auth";
import {
  generateQuery,
  noQuery,
  pageQuery,
  readJson,
  readNoBody,
  readQuery,
  recommendationIdParams,
  recommendationListQuery,
  userIdParams,
} from "../http/params";
import type { AppEnv } from "../http/types";
import { generateRecommendations, listServedRecommendations, requireConsent, toServed } from "../services/recommendation-engine";
import { ACTION_TARGET, bulkApprove, reviewReason, reviewRecommendation } from "../services/review";

const reason = reviewReason;
const reviewBody = z.object({ reason: reason.optional() }).strict();
const overrideBody = z.object({ status: z.enum(["approved", "rejected", "flagged"]), reason }).strict();
const bulkBody = z.object({ ids: z.array(z.uuid()).min(1).max(100), reason: reason.optional() }).strict();

/** The audit rows' actor for reviews made through this API. */
const OPERATOR = "operator";

/** Server-Timing metric name → latency field; hono/timing adds the request's own total. */
const SERVER_TIMING = { cache: "cache_ms", vector_db: "vector_db_ms", generator: "openai_ms", engine: "total_ms" } as const;

export const recommendationRoutes = new Hono<AppEnv>()
  /** POST /recommendations/generate/:user_id?window_days&force_regenerate */
  .post("/recommendations/generate/:user_id", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    requireUserAccess(c, user_id);
    const { window_days, force_regenerate, use_vector_db } = readQuery(c, generateQuery);
    await readNoBody(c);
    const services = c.get("services");
    const result = await generateRecommendations(services, {
      userId: user_id,
      windowDays: window_days,
      forceRegenerate: force_regenerate,
      useVectorDb: use_vector_db,
    });
    for (const [name, value] of Object.entries(SERVER_TIMING)) setMetric(c, name, result.latency[value]);
    const roundTrips = services.trace.responseRoundTrips;
    if (roundTrips !== null) setMetric(c, "db", `${roundTrips} round trip${roundTrips === 1 ? "" : "s"}`);
    // The metrics row is written after the response; a failure to log never fails the request.
    services.defer(
      insertRequestLog(services.db(), {
        requestId: c.get("requestId"),
        route: "generate",
        userId: user_id,
        windowDays: window_days,
        source: result.source,
        similarityScore: result.similarity_score,
        cacheMs: result.latency.cache_ms,
        vectorDbMs: result.latency.vector_db_ms,
        openaiMs: result.latency.openai_ms,
        totalMs: result.latency.total_ms,
        status: 200,
        reuseDropped: services.trace.reuseDropped,
        dbRoundTrips: services.trace.responseRoundTrips ?? 0,
        reuseReplaced: services.trace.reuseReplaced,
      }).catch((err: unknown) => services.logger.warn("request_log_failed", describeError(err))),
    );
    // One line per request for `wrangler tail`, in the task list's shape.
    services.logger.info("recommendations_served", {
      ...result.latency,
      db_round_trips: services.trace.responseRoundTrips ?? 0,
      source: result.source,
      similarity_score: result.similarity_score,
      user_id,
      window_days,
    });
    return c.json(result);
  })
  /** POST /recommendations/bulk-approve {ids, reason?}: each id approved or reported. */
  .post("/recommendations/bulk-approve", requireOperator, async (c) => {
    readQuery(c, noQuery);
    const { ids, reason: why } = await readJson(c, bulkBody);
    return c.json(await bulkApprove(c.get("services"), ids, why ?? null, OPERATOR));
  })
  /** GET /recommendations/:user_id?status&window_days */
  .get("/recommendations/:user_id", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    requireUserAccess(c, user_id);
    const filter = readQuery(c, recommendationListQuery);
    const services = c.get("services");
    await requireConsent(services, user_id);
    const recommendations = await listServedRecommendations(services, user_id, { status: filter.status, windowDays: filter.window_days });
    return c.json({
      user_id,
      recommendations,
      disclosure: DISCLOSURE,
    });
  })
  /** POST /recommendations/:id/approve | /reject {reason?}; /override {status, reason} — operators only. */
  .post("/recommendations/:id/:action{approve|reject|override}", requireOperator, async (c) => {
    const { id } = parseInput(recommendationIdParams, { id: c.req.param("id") }, "path");
    readQuery(c, noQuery);
    const action = c.req.param("action") as ReviewAction;
    const services = c.get("services");
    if (action === "override") {
      const { status, reason: why } = await readJson(c, overrideBody);
      return c.json(await reviewRecommendation(services, { id, action, to: status, reason: why, actor: OPERATOR }));
    }
    const { reason: why } = await readJson(c, reviewBody);
    return c.json(await reviewRecommendation(services, { id, action, to: ACTION_TARGET[action], reason: why ?? null, actor: OPERATOR }));
  })
  /** GET /recommendations/:id/audit — operators only. */
  .get("/recommendations/:id/audit", requireOperator, async (c) => {
    const { id } = parseInput(recommendationIdParams, { id: c.req.param("id") }, "path");
    readQuery(c, noQuery);
    const rows = await auditTrail(c.get("services").db(), id);
    return c.json({ id, audit: rows.map((r) => ({ action: r.action, from_status: r.fromStatus, to_status: r.toStatus, reason: r.reason, actor: r.actor, at: r.createdAt })) });
  })
  /** GET /operator/review-queue?limit&offset: pending and flagged, oldest first. */
  .get("/operator/review-queue", requireOperator, async (c) => {
    const page = readQuery(c, pageQuery);
    const { items, total } = await reviewQueue(c.get("services").db(), page);
    return c.json({
      items: items.map((r) => ({ ...toServed(r), user_id: r.userId, window_days: r.windowDays, persona_type: r.personaType, source: r.source, created_at: r.createdAt })),
      total,
      limit: page.limit,
      offset: page.offset,
    });
  });

