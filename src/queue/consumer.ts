import { z } from "zod";
import type { Env } from "../config";
import { createLogger } from "../logger";

/** Messages the request path enqueues for the embedding consumer. */
export const embedMessageSchema = z.object({
  kind: z.literal("embed_recommendations"),
  user_id: z.string(),
  window_days: z.union([z.literal(30), z.literal(180)]),
  recommendation_ids: z.array(z.string()).min(1),
});
export type EmbedMessage = z.infer<typeof embedMessageSchema>;

/**
 * Queue entry point. Until the vector index lands, valid messages are acknowledged and logged;
 * malformed ones are acked too (a retry cannot fix them) with an error line.
 */
export async function handleQueueBatch(batch: MessageBatch<unknown>, _env: Env, _ctx: ExecutionContext): Promise<void> {
  const logger = createLogger("info", { queue: batch.queue });
  for (const message of batch.messages) {
    const parsed = embedMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      logger.error("queue_message_malformed", { message_id: message.id, issues: parsed.error.issues.length });
      message.ack();
      continue;
    }
    logger.info("queue_message_received", { message_id: message.id, kind: parsed.data.kind, user_id: parsed.data.user_id });
    message.ack();
  }
}
