import { z } from "@hono/zod-openapi";
import { setMetric } from "hono/timing";
import { operatorName, requireOperator } from "../http/auth";
import { api, contract, errorResponses, jsonRequest, jsonResponse, type Tag } from "../http/openapi";
import { generateQuery, recommendationIdParams, recommendationListQuery, userIdParams } from "../http/params";
import { AuditSchema, BulkApproveSchema, GenerateSchema, RecommendationListSchema, ReviewSchema } from "../http/schemas";
import { generateForRequest, recommendationsOf } from "../services/recommendation-requests";
import { ACTION_TARGET, auditOf, bulkApprove, reviewReason, reviewRecommendation } from "../services/review";

const reviewBody = z.object({ reason: reviewReason.optional() }).strict();
const overrideBody = z.object({ status: z.enum(["approved", "rejected", "flagged"]), reason: reviewReason }).strict();
const bulkBody = z.object({ ids: z.array(z.uuid()).min(1).max(100), reason: reviewReason.optional() }).strict();

/** Server-Timing metric name → latency field; hono/timing adds the request's own total. */
const SERVER_TIMING = { cache: "cache_ms", vector_db: "vector_db_ms", generator: "generator_ms", engine: "total_ms" } as const;

const tags: Tag[] = ["recommendations"];
const review: Tag[] = ["review"];

const generate = contract(
  {
    method: "post",
    path: "/recommendations/generate/{user_id}",
    operationId: "generateRecommendations",
    summary: "Recommendations for a window: KV cache, then the vector tier, then the generator",
    tags,
    request: { params: userIdParams, query: generateQuery },
    responses: {
      200: jsonResponse(
        GenerateSchema,
        "The set, who answered (`source`) and where the time went (`latency`, and the Server-Timing header)",
      ),
      ...errorResponses(403, 404, 413, 415, 422),
    },
  },
  { ownUser: true },
);

const list = contract(
  {
    method: "get",
    path: "/recommendations/{user_id}",
    operationId: "listRecommendations",
    summary: "A person's recommendations (403 without consent)",
    tags,
    request: { params: userIdParams, query: recommendationListQuery },
    responses: {
      200: jsonResponse(RecommendationListSchema, "Stored ones, and any just served whose store has not landed (`stored: false`)"),
      ...errorResponses(403, 404),
    },
  },
  { ownUser: true },
);

const reviewRoute = (action: "approve" | "reject", summary: string) =>
  contract({
    method: "post",
    path: `/recommendations/{id}/${action}`,
    operationId: `${action}Recommendation`,
    summary,
    tags: review,
    middleware: requireOperator,
    request: { params: recommendationIdParams, body: jsonRequest(reviewBody) },
    responses: { 200: jsonResponse(ReviewSchema, "The recommendation after the review"), ...errorResponses(403, 404, 409, 413, 415) },
  });
const approve = reviewRoute("approve", "Approve a pending or flagged recommendation (operators)");
const reject = reviewRoute("reject", "Reject a pending or flagged recommendation (operators)");

const override = contract({
  method: "post",
  path: "/recommendations/{id}/override",
  operationId: "overrideRecommendation",
  summary: "Set any reviewable status, with a reason (operators)",
  tags: review,
  middleware: requireOperator,
  request: { params: recommendationIdParams, body: jsonRequest(overrideBody) },
  responses: { 200: jsonResponse(ReviewSchema, "The recommendation after the review"), ...errorResponses(403, 404, 409, 413, 415) },
});

const bulk = contract({
  method: "post",
  path: "/recommendations/bulk-approve",
  operationId: "bulkApproveRecommendations",
  summary: "Approve many; each id is approved or reported (operators)",
  tags: review,
  middleware: requireOperator,
  request: { body: jsonRequest(bulkBody) },
  responses: { 200: jsonResponse(BulkApproveSchema, "One result per distinct id"), ...errorResponses(403, 413, 415) },
});

const audit = contract({
  method: "get",
  path: "/recommendations/{id}/audit",
  operationId: "getRecommendationAudit",
  summary: "The audit trail of one recommendation (operators)",
  tags: review,
  middleware: requireOperator,
  request: { params: recommendationIdParams },
  responses: { 200: jsonResponse(AuditSchema, "Every transition, oldest first"), ...errorResponses(403) },
});

export const recommendationRoutes = api()
  .openapi(generate, async (c) => {
    const { user_id } = c.req.valid("param");
    const { window_days, force_regenerate, use_vector_db } = c.req.valid("query");
    const services = c.get("services");
    const { response: result, measures } = await generateForRequest(services, c.get("requestId"), {
      userId: user_id,
      windowDays: window_days,
      forceRegenerate: force_regenerate,
      useVectorDb: use_vector_db,
    });
    for (const [name, value] of Object.entries(SERVER_TIMING)) setMetric(c, name, result.latency[value]);
    // Sequential round trips before the answer: to the region in all (`regional`), to Postgres (`db`) and to the index (`index`), each with the time it was busy.
    // The person's object and the KV read (the KV hit's two steps), each when it ran.
    if (measures.personMs !== null) setMetric(c, "person", measures.personMs);
    if (measures.kvMs !== null) setMetric(c, "kv", measures.kvMs);
    const trips = measures.roundTrips;
    const count = (n: number) => `${n} round trip${n === 1 ? "" : "s"}`;
    setMetric(c, "regional", count(trips.regional));
    setMetric(c, "db", trips.dbMs, count(trips.db));
    setMetric(c, "index", trips.indexMs, count(trips.index));
    return c.json(result, 200);
  })
  .openapi(bulk, async (c) => {
    const { ids, reason } = c.req.valid("json");
    return c.json(await bulkApprove(c.get("services"), ids, reason ?? null, operatorName(c)), 200);
  })
  .openapi(list, async (c) => {
    const { status, window_days } = c.req.valid("query");
    return c.json(await recommendationsOf(c.get("services"), c.req.valid("param").user_id, { status, windowDays: window_days }), 200);
  })
  .openapi(approve, async (c) => {
    const { id } = c.req.valid("param");
    const reason = c.req.valid("json").reason ?? null;
    return c.json(
      await reviewRecommendation(c.get("services"), { id, action: "approve", to: ACTION_TARGET.approve, reason, actor: operatorName(c) }),
      200,
    );
  })
  .openapi(reject, async (c) => {
    const { id } = c.req.valid("param");
    const reason = c.req.valid("json").reason ?? null;
    return c.json(
      await reviewRecommendation(c.get("services"), { id, action: "reject", to: ACTION_TARGET.reject, reason, actor: operatorName(c) }),
      200,
    );
  })
  .openapi(override, async (c) => {
    const { id } = c.req.valid("param");
    const { status, reason } = c.req.valid("json");
    return c.json(
      await reviewRecommendation(c.get("services"), { id, action: "override", to: status, reason, actor: operatorName(c) }),
      200,
    );
  })
  .openapi(audit, async (c) => c.json(await auditOf(c.get("services"), c.req.valid("param").id), 200));
