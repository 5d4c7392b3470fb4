/**
 * A vector-tier set is answered first and stored after the response, with the ids it was served
 * with. Storing is retried through the queue when the database refuses it right then (the consumer
 * retries, then dead-letters), so a served set is never dropped silently.
 */
import { z } from "zod";
import { insertRecommendationSet, type RecommendationSet } from "../db/recommendations";
import { describeError } from "../logger";
import type { Services } from "./services";

const itemSchema = z
  .object({
    id: z.uuid(),
    topic: z.string(),
    title: z.string(),
    content: z.string(),
    rationale: z.string(),
    disclosure: z.string(),
    status: z.enum(["pending", "approved", "flagged"]),
    source: z.string(),
    similarityScore: z.number().nullable().optional(),
    reusedFromId: z.uuid().nullable().optional(),
    model: z.string().nullable().optional(),
    promptTokens: z.number().int().nullable().optional(),
    completionTokens: z.number().int().nullable().optional(),
  })
  .strict();

/** The queue message that carries a served set to be stored. */
export const storeSetMessageSchema = z
  .object({
    kind: z.literal("store_set"),
    set: z
      .object({
        setId: z.uuid(),
        userId: z.string().min(1),
        windowDays: z.union([z.literal(30), z.literal(180)]),
        personaType: z.string(),
        actor: z.string(),
        items: z.array(itemSchema).min(1).max(5),
        requestStartedAt: z.iso.datetime(),
      })
      .strict(),
  })
  .strict();
export type StoreSetMessage = z.infer<typeof storeSetMessageSchema>;

const storeSetMessage = (set: RecommendationSet): StoreSetMessage => ({
  kind: "store_set",
  set: {
    setId: set.setId!,
    userId: set.userId,
    windowDays: set.windowDays as 30 | 180,
    personaType: set.personaType,
    actor: set.actor,
    items: set.items.map((item) => ({ ...item, id: item.id! })),
    requestStartedAt: (set.requestStartedAt ?? new Date()).toISOString(),
  },
});

export const setFromMessage = (message: StoreSetMessage): RecommendationSet => ({
  ...message.set,
  requestStartedAt: new Date(message.set.requestStartedAt),
});

/** Store a served set after the response; if Postgres refuses it now, hand it to the queue. */
export async function storeServedSet(services: Services, set: RecommendationSet): Promise<void> {
  const fields = { user_id: set.userId, window_days: set.windowDays, set_id: set.setId };
  try {
    const { stored } = await insertRecommendationSet(services.db(), set);
    if (!stored)
      services.logger.warn("served_set_not_stored", {
        ...fields,
        reason: "a set stored for this person and window since the request began wins",
      });
  } catch (err) {
    services.logger.warn("served_set_store_deferred", { ...fields, ...describeError(err) });
    try {
      await services.queue.send(storeSetMessage(set));
    } catch (queueErr) {
      services.logger.error("served_set_lost", { ...fields, ...describeError(queueErr) });
    }
  }
}
