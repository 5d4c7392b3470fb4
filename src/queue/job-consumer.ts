/**
 * The jobs queue's consumer: fan-out pages and items (src/services/jobs.ts). Items run with bounded
 * concurrency (JOB_CONCURRENCY per consumer; wrangler.toml's max_concurrency bounds the consumers),
 * each with services of its own. OpenAI generation draws on the global budget; when the budget says
 * wait, the item goes back on the queue for later without spending an attempt. A failure is retried
 * with exponential delay; the last attempt dead-letters the item and lists it as failed.
 */
import pLimit from "p-limit";
import { configFor, type Env } from "../config";
import { recordDeadLetter } from "../db/dead-letters";
import { getJob, settleItem } from "../db/jobs";
import { createLogger, describeError } from "../logger";
import { budgeted, BudgetWaitError, failItem, fanOut, JOB_ITEM_ATTEMPTS, runItem } from "../services/jobs";
import { jobMessageSchema, QUEUES } from "./messages";
import { createServices, type Services } from "../services/services";

/** One item's services: its own, with OpenAI behind the global budget. */
function itemServices(env: Env, ctx: ExecutionContext, id: string): Services {
  const config = configFor(env);
  const services = createServices(env, config, `job:${id}`, ctx);
  if (config.providers.generator !== "openai") return services;
  const budget = env.OPENAI_BUDGET.get(env.OPENAI_BUDGET.idFromName("global"));
  return { ...services, generator: budgeted(services.generator, budget) };
}

export async function handleJobBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const logger = createLogger("info", { queue: batch.queue });
  let concurrency: number;
  try {
    concurrency = configFor(env).JOB_CONCURRENCY;
  } catch (err) {
    logger.error("queue_bad_environment", describeError(err));
    batch.retryAll({ delaySeconds: 30 });
    return;
  }
  const limit = pLimit(concurrency);
  await Promise.all(
    batch.messages.map((message) =>
      limit(async () => {
        const parsed = jobMessageSchema.safeParse(message.body);
        if (!parsed.success) {
          logger.error("queue_message_malformed", { message_id: message.id, issues: parsed.error.issues.length });
          await env.JOB_DLQ.send({ reason: "malformed", message_id: message.id, attempts: message.attempts, body: message.body });
          message.ack();
          return;
        }
        const services = itemServices(env, ctx, message.id);
        const ledger = (reason: string, body: unknown) =>
          recordDeadLetter(services.db(), {
            queue: QUEUES.jobs.deadLetter,
            reason,
            messageId: message.id,
            attempts: message.attempts,
            body,
          }).catch(() => {});
        try {
          const body = parsed.data;
          if (body.kind === "job_fanout") {
            const job = await getJob(services.db(), body.job_id);
            const sent = job ? await fanOut(services, body, job.kind) : 0;
            logger.info("job_fanout", { job_id: body.job_id, sent });
            message.ack();
            return;
          }
          try {
            const outcome = await runItem(services, body, message.attempts);
            logger.info("job_item_settled", { job_id: body.job_id, user_id: body.user_id, window_days: body.window_days, outcome });
            message.ack();
          } catch (err) {
            if (err instanceof BudgetWaitError) {
              // Not a failure: ask again later, as a new message (the attempt is not spent).
              await env.JOB_QUEUE.send(body, { delaySeconds: Math.min(300, Math.max(1, Math.ceil(err.retryAfterMs / 1000))) });
              message.ack();
              return;
            }
            if (message.attempts >= JOB_ITEM_ATTEMPTS) {
              logger.error("job_item_dead_lettered", {
                job_id: body.job_id,
                user_id: body.user_id,
                attempts: message.attempts,
                ...describeError(err),
              });
              await failItem(services, body, message.attempts, err);
              await env.JOB_DLQ.send({ reason: "max_attempts", message_id: message.id, attempts: message.attempts, body });
              await ledger("max_attempts", body);
              message.ack();
            } else {
              logger.warn("job_item_retry", {
                job_id: body.job_id,
                user_id: body.user_id,
                attempts: message.attempts,
                ...describeError(err),
              });
              await settleItem(services.db(), body, {
                status: "queued",
                attempts: message.attempts,
                error: String(describeError(err).error).slice(0, 500),
              }).catch(() => {});
              message.retry({ delaySeconds: 2 ** message.attempts });
            }
          }
        } catch (err) {
          logger.warn("job_message_retry", { message_id: message.id, attempts: message.attempts, ...describeError(err) });
          message.retry({ delaySeconds: 2 ** message.attempts });
        } finally {
          ctx.waitUntil(services.close());
        }
      }),
    ),
  );
}
