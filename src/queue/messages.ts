/**
 * The queues and the one message family each carries, as wrangler.toml declares them. Senders
 * import this module, never a consumer; the consumer (src/queue/consumer.ts) picks a queue's
 * handler by the queue's name.
 */
import { z } from "zod";
import { windowDaysSchema } from "../domain/window-days";
import { storeSetMessageSchema } from "../services/served-sets";

/**
 * Each queue: its name, its dead-letter queue, and `max_retries` (a test holds these to
 * wrangler.toml). A message is tried `max_retries + 1` times, then dead-lettered.
 */
export const QUEUES = {
  /** Binding EMBED_QUEUE: work deferred from the request path (DeferredWriteMessage). */
  deferredWrites: { name: "spendsense-embeddings", deadLetter: "spendsense-embeddings-dlq", maxRetries: 3 },
  /** Binding JOB_QUEUE: bulk jobs (JobMessage). */
  jobs: { name: "spendsense-jobs", deadLetter: "spendsense-jobs-dlq", maxRetries: 3 },
} as const;

/** Attempts a message of `queue` gets before it is dead-lettered. */
export const attemptsOf = (queue: (typeof QUEUES)[keyof typeof QUEUES]) => queue.maxRetries + 1;

/** Index a person's set (approved ones embedded, others taken out) and rebuild their context vector. */
export const embedMessageSchema = z
  .object({
    kind: z.literal("embed_recommendations"),
    user_id: z.string().min(1),
    window_days: windowDaysSchema,
    recommendation_ids: z.array(z.string()).min(1).max(20),
  })
  .strict();
export type EmbedMessage = z.infer<typeof embedMessageSchema>;

/** A person's data changed: rebuild their context vector for a window (or remove it while nothing of theirs is reusable). */
export const refreshContextMessageSchema = z
  .object({ kind: z.literal("refresh_context"), user_id: z.string().min(1), window_days: windowDaysSchema })
  .strict();
export type RefreshContextMessage = z.infer<typeof refreshContextMessageSchema>;

export type { StoreSetMessage } from "../services/served-sets";

/** Pull a person's Plaid item (the /transactions/sync loop, then accounts and liabilities): sent by the webhook and on connecting. */
export const plaidPullMessageSchema = z
  .object({ kind: z.literal("plaid_pull"), user_id: z.string().min(1).max(64), item_id: z.string().min(1).max(64) })
  .strict();
export type PlaidPullMessage = z.infer<typeof plaidPullMessageSchema>;

/** Answer a sampled vector-tier hit again with the generator, off the request path, to watch quality (src/services/quality-sampling.ts). */
export const qualitySampleMessageSchema = z
  .object({
    kind: z.literal("quality_sample"),
    user_id: z.string().min(1),
    window_days: windowDaysSchema,
    persona_type: z.string().min(1),
    similarity_score: z.number().nullable(),
    served_topics: z.array(z.string()).min(1).max(5),
  })
  .strict();
export type QualitySampleMessage = z.infer<typeof qualitySampleMessageSchema>;

/**
 * EMBED_QUEUE's family: work deferred off the request path, until after its answer: index a set,
 * rebuild a context vector, store a served set (whose store failed on the request path), pull a
 * Plaid item (a webhook answers Plaid at once), answer a sampled hit again (live quality). The binding keeps its first name (renaming a
 * deployed queue loses what is in flight).
 */
export const deferredWriteMessageSchema = z.discriminatedUnion("kind", [
  embedMessageSchema,
  refreshContextMessageSchema,
  storeSetMessageSchema,
  plaidPullMessageSchema,
  qualitySampleMessageSchema,
]);
export type DeferredWriteMessage = z.infer<typeof deferredWriteMessageSchema>;

/** A job's next page of person-windows to fan out. */
export const jobFanoutSchema = z
  .object({
    kind: z.literal("job_fanout"),
    job_id: z.uuid(),
    after: z.object({ user_id: z.string(), window_days: windowDaysSchema }).strict().optional(),
  })
  .strict();
/** One person-window of a job. */
export const jobItemSchema = z
  .object({
    kind: z.literal("job_item"),
    job: z.enum(["recommendations", "vectors"]),
    job_id: z.uuid(),
    user_id: z.string().min(1),
    window_days: windowDaysSchema,
  })
  .strict();
export type JobFanoutMessage = z.infer<typeof jobFanoutSchema>;
export type JobItemMessage = z.infer<typeof jobItemSchema>;

/** JOB_QUEUE's family. */
export const jobMessageSchema = z.discriminatedUnion("kind", [jobFanoutSchema, jobItemSchema]);
export type JobMessage = z.infer<typeof jobMessageSchema>;
