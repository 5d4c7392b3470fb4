/**
 * A vector-tier set is answered first and stored after the response, with the ids it was served
 * with. Storing is retried through the queue when the database refuses it right then (the consumer
 * retries, then dead-letters), so a served set is never dropped silently.
 */
import { createInsertSchema } from "drizzle-zod";
import { z } from "zod";
import { ITEM_MASK, NEW_STATUSES, type FieldMask, type SetField } from "../db/recommendation-fields";
import { insertRecommendationSet, type RecommendationSet } from "../db/recommendations";
import { recommendations } from "../db/schema";
import type { WindowDays } from "../domain/signals";
import { windowDaysSchema } from "../domain/window-days";
import { describeError } from "../logger";
import type { Services } from "./services";

/**
 * A served item as the message carries it: its own fields, derived from the table
 * (src/db/recommendation-fields.ts), with the id it was served with.
 */
const itemSchema = createInsertSchema(recommendations, { status: z.enum(NEW_STATUSES) })
  .pick(ITEM_MASK)
  .required({ id: true })
  .strict();

/** The queue message that carries a served set to be stored. */
export const storeSetMessageSchema = z
  .object({
    kind: z.literal("store_set"),
    set: createInsertSchema(recommendations, {
      userId: (s) => s.min(1),
      windowDays: windowDaysSchema,
      requestStartedAt: z.iso.datetime(),
    })
      .pick({ setId: true, userId: true, windowDays: true, personaType: true, requestStartedAt: true } satisfies FieldMask<SetField>)
      .required({ setId: true, requestStartedAt: true })
      .extend({ actor: z.string(), items: z.array(itemSchema).min(1).max(5) })
      .strict(),
  })
  .strict();
export type StoreSetMessage = z.infer<typeof storeSetMessageSchema>;

export const storeSetMessage = (set: RecommendationSet & { setId: string }): StoreSetMessage => ({
  kind: "store_set",
  set: {
    ...set,
    windowDays: set.windowDays as WindowDays,
    items: set.items.map((item) => ({ ...item, id: item.id! })),
    requestStartedAt: (set.requestStartedAt ?? new Date()).toISOString(),
  },
});

export const setFromMessage = (message: StoreSetMessage): RecommendationSet => ({
  ...message.set,
  requestStartedAt: new Date(message.set.requestStartedAt),
});

/** Store a served set after the response; if Postgres refuses it now, hand it to the queue. */
export async function storeServedSet(services: Services, set: RecommendationSet & { setId: string }): Promise<void> {
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
