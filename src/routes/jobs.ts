/** Bulk jobs over the queue (src/services/jobs.ts): start one, and see where it stands. Operators only. */
import { z } from "@hono/zod-openapi";
import { PERSONA_TYPES } from "../domain/personas";
import { requireOperator } from "../http/auth";
import { api, contract, errorResponses, jsonRequest, jsonResponse, type Tag } from "../http/openapi";
import { windowDaysSchema } from "../domain/window-days";
import { userIdSchema } from "../http/params";
import { JobSchema, JobStartedSchema } from "../http/schemas";
import { jobStatus, startJob } from "../services/jobs";

const jobBody = z
  .object({
    persona: z.enum(PERSONA_TYPES).optional(),
    window_days: windowDaysSchema.optional(),
    user_ids: z.array(userIdSchema).min(1).max(1000).optional(),
    limit: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict()
  .meta({ description: "Which person-windows: everyone consenting still missing one when empty" });
const jobIdParams = z.object({ id: z.uuid({ error: "must be a job id (UUID)" }) }).strict();

const tags: Tag[] = ["jobs"];
const started = jsonResponse(JobStartedSchema, "The job, queued; follow it at status_url");

const recommendations = contract({
  method: "post",
  path: "/jobs/recommendations",
  operationId: "startRecommendationsJob",
  summary: "Generate a set for each consenting person-window still missing one (or the filter's), fanned out over the queue",
  tags,
  middleware: requireOperator,
  request: { body: jsonRequest(jobBody) },
  responses: { 202: started, ...errorResponses(403, 413, 415) },
});

const vectors = contract({
  method: "post",
  path: "/jobs/vectors",
  operationId: "startVectorsJob",
  summary: "Index each person-window's approved recommendations and context (what vector:populate does), fanned out over the queue",
  tags,
  middleware: requireOperator,
  request: { body: jsonRequest(jobBody) },
  responses: { 202: started, ...errorResponses(403, 413, 415) },
});

const status = contract({
  method: "get",
  path: "/jobs/{id}",
  operationId: "getJob",
  summary: "Where a job stands: done, skipped, failed (with why), remaining, rate, ETA and cost so far",
  tags,
  middleware: requireOperator,
  request: { params: jobIdParams },
  responses: { 200: jsonResponse(JobSchema, "The job's progress"), ...errorResponses(403, 404) },
});

const startedBody = (job: { id: string; total: number }, kind: "recommendations" | "vectors") => ({
  id: job.id,
  kind,
  total: job.total,
  status_url: `/jobs/${job.id}`,
});

export const jobRoutes = api()
  .openapi(recommendations, async (c) => {
    const job = await startJob(c.get("services"), "recommendations", c.req.valid("json"), c.get("principal").kind);
    return c.json(startedBody(job, "recommendations"), 202);
  })
  .openapi(vectors, async (c) => {
    const job = await startJob(c.get("services"), "vectors", c.req.valid("json"), c.get("principal").kind);
    return c.json(startedBody(job, "vectors"), 202);
  })
  .openapi(status, async (c) => c.json(await jobStatus(c.get("services"), c.req.valid("param").id), 200));
