import type { RecommendationRow } from "../db/recommendations";
import type { VectorMetadata, VectorRecord } from "./vector-store";

/** Vector ids, as the task list names them (PR #35 items 11 and 27). */
export const recommendationVectorId = (recommendationId: string) => `rec_${recommendationId}`;
export const contextVectorId = (userId: string, windowDays: number) => `context_${userId}_${windowDays}`;

const CONTENT_PREVIEW_CHARS = 200;

/** A `rec_{id}` vector with the metadata of PR #35 items 13–20, plus `kind`. */
export function recommendationVector(rec: RecommendationRow, values: number[]): VectorRecord {
  const metadata: VectorMetadata = {
    kind: "recommendation",
    recommendation_id: rec.id,
    user_id: rec.userId,
    persona_type: rec.personaType,
    window_days: rec.windowDays,
    status: rec.status,
    topic: rec.topic,
    title: rec.title,
    content_preview: rec.content.slice(0, CONTENT_PREVIEW_CHARS),
    generated_at: rec.createdAt.toISOString(),
  };
  return { id: recommendationVectorId(rec.id), values, metadata };
}

/**
 * A `context_{user_id}_{window}` vector with the metadata of items 30–33, plus `kind`. The
 * "context signals" are the bucketed canonical profile lines, not the raw signals: the index then
 * holds no merchant names, card digits or amounts of anyone.
 */
export function contextVector(
  ctx: { userId: string; windowDays: number; personaType: string; canonicalText: string },
  values: number[],
): VectorRecord {
  return {
    id: contextVectorId(ctx.userId, ctx.windowDays),
    values,
    metadata: {
      kind: "context",
      user_id: ctx.userId,
      persona_type: ctx.personaType,
      window_days: ctx.windowDays,
      status: "approved",
      signals: JSON.stringify(ctx.canonicalText.split("\n")),
    },
  };
}
