import { z } from "zod";
import { configFor, type Env } from "../config";
import { getStoredProfile } from "../db/profiles";
import { recommendationsByIds } from "../db/recommendations";
import { createLogger, describeError } from "../logger";
import { embedUserContext, recommendationEmbeddingText } from "../services/embedding";
import { createServices, type Services } from "../services/services";
import { contextVector, recommendationVector } from "../services/vector-records";

/** Messages the request path enqueues for the embedding consumer. */
export const embedMessageSchema = z
  .object({
    kind: z.literal("embed_recommendations"),
    user_id: z.string().min(1),
    window_days: z.union([z.literal(30), z.literal(180)]),
    recommendation_ids: z.array(z.string()).min(1).max(20),
  })
  .strict();
export type EmbedMessage = z.infer<typeof embedMessageSchema>;

/** wrangler.toml: max_retries = 3. Past that, a message goes to the dead-letter queue. */
export const MAX_ATTEMPTS = 4;

/**
 * Embed a generated set and its person's context and upsert them. Only approved recommendations
 * are indexed (pending ones are indexed by `npm run vector:populate` once approved). Upserts are
 * by id, so a replayed message changes nothing.
 */
export async function embedSet(services: Services, message: EmbedMessage): Promise<{ recommendations: number; context: boolean }> {
  const db = services.db();
  const embedder = services.embedder();
  const store = services.vectorStore();
  const rows = (await recommendationsByIds(db, message.recommendation_ids)).filter(
    (r) => r.status === "approved" && r.userId === message.user_id && r.windowDays === message.window_days,
  );
  const records = [];
  if (rows.length) {
    const embedded = await embedder.embedBatch(rows.map((r) => recommendationEmbeddingText(r)));
    records.push(...rows.map((r, i) => recommendationVector(r, embedded.vectors[i]!)));
  }
  const profile = await getStoredProfile(db, message.user_id, message.window_days);
  if (profile && rows.length) {
    const ctx = await embedUserContext(embedder, profile.signals, profile.persona);
    records.push(
      contextVector(
        { userId: message.user_id, windowDays: message.window_days, personaType: profile.persona.persona_type, canonicalText: ctx.text },
        ctx.vector,
      ),
    );
  }
  if (records.length) await store.upsert(records);
  return { recommendations: rows.length, context: Boolean(profile && rows.length) };
}

/**
 * Queue entry point. Each message is handled on its own: a failure retries that message with
 * exponential delay (2^attempts s) and leaves the rest of the batch acknowledged; after
 * MAX_ATTEMPTS it goes to the dead-letter queue. Malformed messages are dead-lettered at once.
 */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
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
      const parsed = embedMessageSchema.safeParse(message.body);
      if (!parsed.success) {
        logger.error("queue_message_malformed", { message_id: message.id, issues: parsed.error.issues.length });
        await deadLetter(env, message, "malformed");
        message.ack();
        continue;
      }
      try {
        const done = await embedSet(services, parsed.data);
        logger.info("queue_message_indexed", { message_id: message.id, user_id: parsed.data.user_id, window_days: parsed.data.window_days, ...done });
        message.ack();
      } catch (err) {
        if (message.attempts >= MAX_ATTEMPTS) {
          logger.error("queue_message_dead_lettered", { message_id: message.id, attempts: message.attempts, ...describeError(err) });
          await deadLetter(env, message, "max_attempts");
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

async function deadLetter(env: Env, message: Message<unknown>, reason: string): Promise<void> {
  await env.EMBED_DLQ.send({ reason, message_id: message.id, attempts: message.attempts, body: message.body });
}
