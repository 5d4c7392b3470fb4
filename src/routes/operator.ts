import { z } from "@hono/zod-openapi";
import { requireOperator } from "../http/auth";
import { api, contract, errorResponses, jsonResponse, type Tag } from "../http/openapi";
import { pageQuery, userIdSchema, wholeNumber, windowDaysQuery } from "../http/params";
import { MetricsSchema, ReviewQueueSchema, VectorSearchSchema, VectorStatsSchema } from "../http/schemas";
import { metricsReport } from "../services/metrics";
import { reviewQueuePage } from "../services/review";
import { explainVectorSearch, vectorStats } from "../services/vector-inspection";

/** RFC 3339: a date-time with `Z` or an offset (`+05:30`). */
const dateTime = z.iso.datetime({ offset: true, error: "must be an RFC 3339 date-time (e.g. 2026-01-31T09:00:00Z or …+05:30)" });
const metricsQuery = z
  .object({ from: dateTime.optional(), to: dateTime.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { path: ["from"], message: "must be before query.to" });

const searchQuery = z
  .object({
    user_id: userIdSchema,
    window_days: windowDaysQuery(30),
    top_k: wholeNumber(1, 20, 5),
  })
  .strict();

const tags: Tag[] = ["operator"];

const metrics = contract({
  method: "get",
  path: "/metrics",
  operationId: "getMetrics",
  summary: "Hit rate per source, vector tier against generator, similarity and latency percentiles (default: the last 24 hours)",
  tags,
  middleware: requireOperator,
  request: { query: metricsQuery },
  responses: { 200: jsonResponse(MetricsSchema, "The metrics over [from, to]"), ...errorResponses(403) },
});

const stats = contract({
  method: "get",
  path: "/vector/stats",
  operationId: "getVectorStats",
  summary: "The vector index and the embedder in use",
  tags,
  middleware: requireOperator,
  responses: { 200: jsonResponse(VectorStatsSchema, "The index's size"), ...errorResponses(403) },
});

const search = contract({
  method: "get",
  path: "/vector/search",
  operationId: "explainVectorSearch",
  summary: "The nearest people, their scores and the engine's own decision for one person",
  tags,
  middleware: requireOperator,
  request: { query: searchQuery },
  responses: { 200: jsonResponse(VectorSearchSchema, "The neighbours and the decision"), ...errorResponses(403, 404) },
});

const queue = contract({
  method: "get",
  path: "/operator/review-queue",
  operationId: "getReviewQueue",
  summary: "Pending and flagged recommendations, oldest first",
  tags,
  middleware: requireOperator,
  request: { query: pageQuery },
  responses: { 200: jsonResponse(ReviewQueueSchema, "A page of the queue"), ...errorResponses(403) },
});

export const operatorRoutes = api()
  .openapi(metrics, async (c) => c.json(await metricsReport(c.get("services"), c.req.valid("query")), 200))
  .openapi(stats, async (c) => c.json(await vectorStats(c.get("services")), 200))
  .openapi(search, async (c) => c.json(await explainVectorSearch(c.get("services"), c.req.valid("query")), 200))
  .openapi(queue, async (c) => c.json(await reviewQueuePage(c.get("services"), c.req.valid("query")), 200));
