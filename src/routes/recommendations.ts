import { Hono } from "hono";
import { setMetric } from "hono/timing";
import { z } from "zod";
import {
  auditTrail,
  listRecommendations,
  reviewQueue,
  transitionRecommendation,
  type RecommendationRow,
  type ReviewAction,
} from "../db/recommendations";
import { insertRequestLog } from "../db/request-log";
import { describeError } from "../logger";
import type { EmbedMessage } from "../queue/consumer";
import { recommendationVectorId } from "../services/vector-records";
import { DISCLOSURE } from "../domain/guardrails";
import { ApiError, parseInput } from "../errors";
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
import { generateRecommendations, listServedRecommendations, recommendationCache, requireConsent, toServed } from "../services/recommendation-engine";
import type { Services } from "../services/services";

const reason = z.string().trim().min(3, "give a reason of at least 3 characters").max(500);
const reviewBody = z.object({ reason: reason.optional() }).strict();
const overrideBody = z.object({ status: z.enum(["approved", "rejected", "flagged"]), reason }).strict();
const bulkBody = z.object({ ids: z.array(z.uuid()).min(1).max(100), reason: reason.optional() }).strict();

/** Server-Timing metric name → latency field; hono/timing adds the request's own total. */
const SERVER_TIMING = { cache: "cache_ms", vector_db: "vector_db_ms", generator: "openai_ms", engine: "total_ms" } as const;

const TARGET: Record<Exclude<ReviewAction, "override">, "approved" | "rejected"> = { approve: "approved", reject: "rejected" };

async function review(services: Services, id: string, action: ReviewAction, to: "approved" | "rejected" | "flagged", why: string | null) {
  const outcome = await transitionRecommendation(services.db(), id, action, to, { reason: why, actor: "operator" });
  if (!outcome.ok && outcome.reason === "not_found") throw new ApiError(404, "NOT_FOUND", `No recommendation ${id}`);
  if (!outcome.ok) throw new ApiError(409, "CONFLICT", `Cannot ${action} a recommendation that is ${outcome.current}`);
  await recommendationCache(services).invalidate(outcome.row.userId);
  services.defer(reindex(services, outcome.row).catch((err: unknown) => services.logger.warn("reindex_failed", { id, ...describeError(err) })));
  return { recommendation: { ...toServed(outcome.row), user_id: outcome.row.userId }, from_status: outcome.from };
}

/**
 * Approved → queue it for indexing. Anything else → take its vector out of the index, and queue a
 * rebuild of its person's context so the index stops offering it (until then, the vector tier
 * refuses it as withdrawn).
 */
async function reindex(services: Services, row: RecommendationRow): Promise<void> {
  const message: EmbedMessage = { kind: "embed_recommendations", user_id: row.userId, window_days: row.windowDays as 30 | 180, recommendation_ids: [row.id] };
  if (row.status !== "approved") await services.vectorStore().delete([recommendationVectorId(row.id)]);
  await services.queue.send(message);
}

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
    const results = [];
    for (const id of new Set(ids)) {
      try {
        const done = await review(c.get("services"), id, "approve", "approved", why ?? null);
        results.push({ id, status: "approved", from_status: done.from_status });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        results.push({ id, error: { code: err.code, message: err.message } });
      }
    }
    return c.json({ approved: results.filter((r) => "status" in r).length, results });
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
      return c.json(await review(services, id, "override", status, why));
    }
    const { reason: why } = await readJson(c, reviewBody);
    return c.json(await review(services, id, action, TARGET[action], why ?? null));
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

