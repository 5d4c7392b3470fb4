/** Bulk jobs over the queue (src/services/jobs.ts): start one, and see where it stands. Operators only. */
import { Hono } from "hono";
import { z } from "zod";
import { getJob, jobProgress } from "../db/jobs";
import { PERSONA_TYPES } from "../domain/personas";
import { ApiError, parseInput } from "../errors";
import { requireOperator } from "../http/auth";
import { noQuery, readJson, readQuery, userIdSchema } from "../http/params";
import type { AppEnv } from "../http/types";
import { startJob } from "../services/jobs";

const jobBody = z
  .object({
    persona: z.enum(PERSONA_TYPES).optional(),
    window_days: z.union([z.literal(30), z.literal(180)], { error: "must be 30 or 180" }).optional(),
    user_ids: z.array(userIdSchema).min(1).max(1000).optional(),
    limit: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();
const jobIdParams = z.object({ id: z.uuid({ error: "must be a job id (UUID)" }) }).strict();

export const jobRoutes = new Hono<AppEnv>()
  .use("/jobs/*", requireOperator)
  /** POST /jobs/recommendations: one item per consenting person and window still missing a set (or the filter's). */
  .post("/jobs/recommendations", async (c) => {
    readQuery(c, noQuery);
    const filter = await readJson(c, jobBody);
    const job = await startJob(c.get("services"), "recommendations", filter, c.get("principal").kind);
    return c.json({ id: job.id, kind: "recommendations", total: job.total, status_url: `/jobs/${job.id}` }, 202);
  })
  /** POST /jobs/vectors: index each person-window's approved recommendations and context (what vector:populate does). */
  .post("/jobs/vectors", async (c) => {
    readQuery(c, noQuery);
    const filter = await readJson(c, jobBody);
    const job = await startJob(c.get("services"), "vectors", filter, c.get("principal").kind);
    return c.json({ id: job.id, kind: "vectors", total: job.total, status_url: `/jobs/${job.id}` }, 202);
  })
  /** GET /jobs/:id: done, skipped, failed (with why), remaining, rate, ETA and cost so far. */
  .get("/jobs/:id", async (c) => {
    const { id } = parseInput(jobIdParams, c.req.param(), "path");
    readQuery(c, noQuery);
    const db = c.get("services").db();
    const job = await getJob(db, id);
    if (!job) throw new ApiError(404, "NOT_FOUND", `No job ${id}`);
    const p = await jobProgress(db, id);
    return c.json({
      id,
      kind: job.kind,
      filter: job.filter,
      created_at: job.createdAt,
      total: p.total,
      done: p.done,
      skipped: p.skipped,
      failed: p.failed,
      remaining: p.remaining,
      finished: p.remaining === 0,
      rate_per_second: Math.round(p.ratePerSecond * 100) / 100,
      eta_seconds: p.remaining === 0 ? 0 : p.ratePerSecond > 0 ? Math.ceil(p.remaining / p.ratePerSecond) : null,
      cost_usd: p.costUsd,
      failures: p.failures,
    });
  });
