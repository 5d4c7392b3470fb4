/**
 * Bulk work fanned out over Cloudflare Queues. A job is created with all its items (one per person
 * and window, nothing already finished) in one statement; then a `job_fanout` message pages through
 * the queued items and sends one `job_item` message per item, 100 per send, passing its cursor on
 * to the next `job_fanout`. Consumers do the items with bounded concurrency; OpenAI calls draw on
 * one global budget (src/objects/openai-budget.ts). An item is retried with backoff, then
 * dead-lettered and listed as failed. Every item settles in `job_items`, which is what
 * `GET /jobs/:id` reports and what a re-run of the job reads to skip finished work.
 */
import { createJob, getJob, jobProgress, queuedItemsAfter, settleItem, type JobFilter, type JobKind } from "../db/jobs";
import { listRecommendations } from "../db/recommendations";
import type { WindowDays } from "../domain/signals";
import { NotFoundError } from "./errors";
import { describeError } from "../logger";
import type { RecommendationGenerator } from "../adapters/llm/interface";
import { generateRecommendations } from "./recommendation-engine";
import { attemptsOf, QUEUES, type JobFanoutMessage, type JobItemMessage } from "../queue/messages";
import type { Services } from "./services";
import { contextRecords, recommendationRecords } from "./vector-indexing";

/** Items per fan-out page (one sendBatch: the Queues limit is 100 messages a call). */
const FANOUT_PAGE = 100;
/** Attempts before an item is dead-lettered (the jobs queue's max_retries + 1, src/queue/messages.ts). */
export const JOB_ITEM_ATTEMPTS = attemptsOf(QUEUES.jobs);
/** Tokens one OpenAI generation is expected to use, taken from the budget before the call. */
const TOKENS_PER_GENERATION = 2_800;

/** The budget said wait: the item is put back on the queue for later without spending an attempt. */
export class BudgetWaitError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`the OpenAI budget is spent for now; ask again in ${retryAfterMs} ms`);
    this.name = "BudgetWaitError";
  }
}

/** A generator that takes its request and tokens from the global budget first, and gives back what it did not use. */
export function budgeted(
  generator: RecommendationGenerator,
  budget: {
    acquire(tokens: number): Promise<{ ok: boolean; retryAfterMs: number }>;
    settle(estimated: number, used: number): Promise<void>;
  },
): RecommendationGenerator {
  return {
    name: generator.name,
    async generate(input) {
      const grant = await budget.acquire(TOKENS_PER_GENERATION);
      if (!grant.ok) throw new BudgetWaitError(grant.retryAfterMs);
      const result = await generator.generate(input);
      const used = (result.usage?.prompt_tokens ?? 0) + (result.usage?.completion_tokens ?? 0);
      await budget.settle(TOKENS_PER_GENERATION, used);
      return result;
    },
  };
}

/** Create a job and start its fan-out; nothing to do is a job of 0 items, done at once. */
/** Where a job stands, as `GET /jobs/:id` answers: done, skipped, failed (with why), remaining, rate, ETA and cost so far. */
export async function jobStatus(services: Services, id: string) {
  const db = services.db();
  const job = await getJob(db, id);
  if (!job) throw new NotFoundError(`No job ${id}`);
  const p = await jobProgress(db, id);
  return {
    id,
    kind: job.kind as JobKind,
    filter: job.filter as JobFilter,
    created_at: job.createdAt.toISOString(),
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
  };
}

export async function startJob(
  services: Services,
  kind: JobKind,
  filter: JobFilter,
  createdBy: string,
): Promise<{ id: string; total: number }> {
  const job = await createJob(services.db(), kind, filter, createdBy);
  if (job.total > 0) await services.jobQueue.send({ kind: "job_fanout", job_id: job.id } satisfies JobFanoutMessage);
  services.logger.info("job_started", { job_id: job.id, kind, total: job.total, filter });
  return job;
}

/** One page of the fan-out: send its items, and pass the cursor on while there may be more. */
export async function fanOut(services: Services, message: JobFanoutMessage, kind: JobKind): Promise<number> {
  const items = await queuedItemsAfter(services.db(), message.job_id, message.after, FANOUT_PAGE);
  if (items.length === 0) return 0;
  await services.jobQueue.sendBatch(
    items.map((i) => ({
      body: {
        kind: "job_item",
        job: kind,
        job_id: message.job_id,
        user_id: i.user_id,
        window_days: i.window_days as WindowDays,
      } satisfies JobItemMessage,
    })),
  );
  const last = items.at(-1)!;
  if (items.length === FANOUT_PAGE) {
    await services.jobQueue.send({
      kind: "job_fanout",
      job_id: message.job_id,
      after: { user_id: last.user_id, window_days: last.window_days as WindowDays },
    } satisfies JobFanoutMessage);
  }
  return items.length;
}

/** Do one item. Returns how it settled; throws to have the queue retry it. */
export async function runItem(services: Services, message: JobItemMessage, attempt: number): Promise<"done" | "skipped"> {
  const key = { job_id: message.job_id, user_id: message.user_id, window_days: message.window_days };
  const db = services.db();
  if (message.job === "recommendations") {
    // Finished meanwhile (by this job's earlier attempt, another job or the person's own request).
    const current = await listRecommendations(db, message.user_id, { windowDays: message.window_days });
    if (current.some((r) => r.withdrawnAt === null)) {
      await settleItem(db, key, { status: "skipped", attempts: attempt });
      return "skipped";
    }
    const { measures } = await generateRecommendations(services, {
      userId: message.user_id,
      windowDays: message.window_days,
      forceRegenerate: true,
      useVectorDb: true,
    });
    await settleItem(db, key, { status: "done", attempts: attempt, costUsd: measures.llmCostUsd });
    return "done";
  }
  const rows = (await listRecommendations(db, message.user_id, { status: "approved", windowDays: message.window_days })).filter(
    (r) => r.withdrawnAt === null,
  );
  const recs = await recommendationRecords(db, services.embedder(), rows);
  const plan = await contextRecords(db, services.embedder(), [{ userId: message.user_id, windowDays: message.window_days }]);
  const store = services.vectorStore();
  if (recs.records.length + plan.upsert.length) await store.upsert([...recs.records, ...plan.upsert]);
  if (plan.remove.length) await store.delete(plan.remove);
  await settleItem(db, key, { status: "done", attempts: attempt });
  return "done";
}

/** An item out of attempts: listed as failed, with why. */
export async function failItem(services: Services, message: JobItemMessage, attempt: number, err: unknown): Promise<void> {
  await settleItem(services.db(), message, { status: "failed", attempts: attempt, error: String(describeError(err).error).slice(0, 500) });
}
