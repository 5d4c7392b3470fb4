import { configFor, type Env } from "../config";
import { insertRecommendationSet, recommendationsByIds } from "../db/recommendations";
import { deadLetters } from "../db/schema";
import { createLogger, describeError } from "../logger";
import { createServices, type Services } from "../services/services";
import { contextRecords, recommendationRecords } from "../services/vector-indexing";
import { setFromMessage } from "../services/served-sets";
import { handleJobBatch } from "./job-consumer";
import { attemptsOf, deferredWriteMessageSchema, QUEUES, type EmbedMessage, type QualitySampleMessage } from "./messages";
import { recommendationVectorId } from "../services/vector-records";
import { pullItem } from "../services/plaid-pull";
import { recordQualitySample } from "../services/quality-sampling";
import { budgeted, BudgetWaitError } from "../services/jobs";
import type { WindowDays } from "../domain/signals";

/** Past this many attempts a message goes to the dead-letter queue (max_retries + 1, src/queue/messages.ts). */
const MAX_ATTEMPTS = attemptsOf(QUEUES.deferredWrites);

/**
 * Index a person's set: embed the message's approved recommendations (`rec_{id}`, each marked
 * reusable or not by the reuse rule), take the message's other recommendations out of the index,
 * and rebuild the person's context vector with whatever they now have that is reusable (or remove
 * it when nothing is). Pending ones are indexed once approved. Upserts and deletes are by id, so a
 * replayed message changes nothing.
 */
async function embedSet(
  services: Services,
  message: EmbedMessage,
): Promise<{ recommendations: number; context: boolean; refused: number }> {
  const db = services.db();
  const store = services.vectorStore();
  const rows = (await recommendationsByIds(db, message.recommendation_ids)).filter(
    (r) => r.userId === message.user_id && r.windowDays === message.window_days,
  );
  const recs = await recommendationRecords(db, services.embedder(), rows);
  const plan = await contextRecords(db, services.embedder(), [{ userId: message.user_id, windowDays: message.window_days }]);
  if (plan.refused.length)
    services.logger.info("reuse_refused_at_indexing", {
      user_id: message.user_id,
      window_days: message.window_days,
      refused: plan.refused,
    });
  const records = [...recs.records, ...plan.upsert];
  if (records.length) await store.upsert(records);
  const gone = [...rows.filter((r) => r.status !== "approved").map((r) => recommendationVectorId(r.id)), ...plan.remove];
  if (gone.length) await store.delete(gone);
  return { recommendations: recs.records.length, context: plan.upsert.length > 0, refused: plan.refused.length };
}

/** Rebuild one person's context vector for a window from what they have that is reusable now. */
async function refreshContext(services: Services, userId: string, windowDays: WindowDays): Promise<{ context: boolean }> {
  const plan = await contextRecords(services.db(), services.embedder(), [{ userId, windowDays }]);
  if (plan.upsert.length) await services.vectorStore().upsert(plan.upsert);
  if (plan.remove.length) await services.vectorStore().delete(plan.remove);
  return { context: plan.upsert.length > 0 };
}

/** Queue entry point: each queue's batch to its own consumer; a queue with none is a deployment error, not a message to drop. */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  switch (batch.queue) {
    case QUEUES.deferredWrites.name:
      return handleDeferredWriteBatch(batch, env, ctx);
    case QUEUES.jobs.name:
      return handleJobBatch(batch, env, ctx);
    default:
      throw new Error(`No consumer for queue ${JSON.stringify(batch.queue)}`);
  }
}

/**
 * EMBED_QUEUE's consumer. Each message is handled on its own: a failure retries that message with
 * exponential delay (2^attempts s) and leaves the rest of the batch acknowledged; after
 * MAX_ATTEMPTS it goes to the dead-letter queue. Malformed messages are dead-lettered at once.
 */
async function handleDeferredWriteBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const logger = createLogger("info", { queue: batch.queue });
  let services: Services;
  try {
    services = createServices(env, configFor(env), `queue:${batch.messages[0]?.id ?? "empty"}`, ctx);
  } catch (err) {
    logger.error("queue_bad_environment", describeError(err));
    batch.retryAll({ delaySeconds: 30 });
    return;
  }
  try {
    for (const message of batch.messages) {
      const parsed = deferredWriteMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        logger.error("queue_message_malformed", { message_id: message.id, issues: parsed.error.issues.length });
        await deadLetter(env, message, "malformed", services);
        message.ack();
        continue;
      }
      try {
        if (parsed.data.kind === "refresh_context") {
          const done = await refreshContext(services, parsed.data.user_id, parsed.data.window_days);
          logger.info("queue_context_refreshed", {
            message_id: message.id,
            user_id: parsed.data.user_id,
            window_days: parsed.data.window_days,
            ...done,
          });
        } else if (parsed.data.kind === "plaid_pull") {
          const done = await pullItem(services, parsed.data);
          logger.info("queue_plaid_pulled", {
            message_id: message.id,
            user_id: parsed.data.user_id,
            item_id: parsed.data.item_id,
            pages: done.pages,
            restarts: done.restarts,
            changed: done.outcome?.changed ?? false,
          });
        } else if (parsed.data.kind === "quality_sample") {
          await handleQualitySample(env, services, parsed.data, message.id);
        } else if (parsed.data.kind === "store_set") {
          const { stored } = await insertRecommendationSet(services.db(), setFromMessage(parsed.data));
          logger.info("queue_served_set_stored", {
            message_id: message.id,
            user_id: parsed.data.set.userId,
            set_id: parsed.data.set.setId,
            stored,
          });
        } else {
          const done = await embedSet(services, parsed.data);
          logger.info("queue_message_indexed", {
            message_id: message.id,
            user_id: parsed.data.user_id,
            window_days: parsed.data.window_days,
            ...done,
          });
        }
        message.ack();
      } catch (err) {
        if (message.attempts >= MAX_ATTEMPTS) {
          logger.error("queue_message_dead_lettered", { message_id: message.id, attempts: message.attempts, ...describeError(err) });
          await deadLetter(env, message, "max_attempts", services);
          message.ack();
        } else {
          logger.warn("queue_message_retry", { message_id: message.id, attempts: message.attempts, ...describeError(err) });
          message.retry({ delaySeconds: 2 ** message.attempts });
        }
      }
    }
  } finally {
    ctx.waitUntil(services.close());
  }
}

async function deadLetter(env: Env, message: Message<unknown>, reason: string, services?: Services): Promise<void> {
  await env.EMBED_DLQ.send({ reason, message_id: message.id, attempts: message.attempts, body: message.body });
  // The ledger the console counts; best effort (the letter itself is in the queue).
  await services
    ?.db()
    .insert(deadLetters)
    .values({
      queue: QUEUES.deferredWrites.deadLetter,
      reason,
      messageId: message.id,
      attempts: message.attempts,
      body: message.body as object,
    })
    .catch(() => {});
}

/** A sampled vector-tier hit answered again by the generator; with OpenAI, behind the global budget (spent: the sample is skipped). */
async function handleQualitySample(env: Env, services: Services, message: QualitySampleMessage, messageId: string): Promise<void> {
  const generator =
    services.config.providers.generator === "openai"
      ? budgeted(services.generator, env.OPENAI_BUDGET.get(env.OPENAI_BUDGET.idFromName("global")))
      : services.generator;
  try {
    const recorded = await recordQualitySample({ ...services, generator }, message);
    services.logger.info("quality_sample_recorded", {
      message_id: messageId,
      user_id: message.user_id,
      window_days: message.window_days,
      recorded,
    });
  } catch (err) {
    if (!(err instanceof BudgetWaitError)) throw err;
    services.logger.info("quality_sample_skipped", { message_id: messageId, user_id: message.user_id, reason: "openai_budget_spent" });
  }
}
