import { z } from "zod";
import { shareableOf, type RecommendationRow } from "../db/recommendations";
import { REUSE_RULE_VERSION, type AuthorDigest } from "../domain/reuse-rule";
import type { VectorMetadata, VectorRecord } from "../adapters/vector/interface";

/** Vector ids: `rec_{recommendation_id}` and `context_{user_id}_{window_days}`. */
export const recommendationVectorId = (recommendationId: string) => `rec_${recommendationId}`;
export const contextVectorId = (userId: string, windowDays: number) => `context_${userId}_${windowDays}`;

const CONTENT_PREVIEW_CHARS = 200;
/** Reusable items a context carries: a person's approved set is 3-5; room for a second set's other topics. */
export const MAX_CONTEXT_ITEMS = 10;

/**
 * A `rec_{id}` vector: recommendation_id, user_id, persona_type, window_days, title,
 * content_preview, generated_at, plus `kind`, `status` and whether its title and content passed
 * the reuse rule (`reusable`, under rule version `reuse_rule`). Title and content are the shareable
 * text: the author's own text, where it differs, is never indexed.
 */
export function recommendationVector(rec: RecommendationRow, values: number[], reusable: boolean): VectorRecord {
  const shared = shareableOf(rec);
  const metadata: VectorMetadata = {
    kind: "recommendation",
    recommendation_id: rec.id,
    user_id: rec.userId,
    persona_type: rec.personaType,
    window_days: rec.windowDays,
    status: rec.status,
    topic: rec.topic,
    title: shared.title,
    content_preview: shared.content.slice(0, CONTENT_PREVIEW_CHARS),
    generated_at: rec.createdAt.toISOString(),
    reusable,
    reuse_rule: REUSE_RULE_VERSION,
  };
  return { id: recommendationVectorId(rec.id), values, metadata };
}

/** A reusable recommendation as a context vector carries it: what the vector tier may serve. */
export interface IndexedItem {
  id: string;
  topic: string;
  title: string;
  content: string;
}

/**
 * A `context_{user_id}_{window}` vector: user_id, persona_type, window_days, `kind`, the bucketed
 * canonical profile lines as `signals` (no merchant names, card digits or amounts of anyone), and
 * what a hit needs without reading anyone's rows: the person's approved recommendations that passed
 * the reuse rule (`items`), the digest of their record that the rule re-checks them against at
 * serving time (`author_digest`), and the rule's version (`reuse_rule`).
 */
export function contextVector(
  ctx: { userId: string; windowDays: number; personaType: string; canonicalText: string; items: IndexedItem[]; author: AuthorDigest },
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
      items: JSON.stringify(ctx.items.slice(0, MAX_CONTEXT_ITEMS)),
      author_digest: JSON.stringify(ctx.author),
      reuse_rule: REUSE_RULE_VERSION,
    },
  };
}

const itemsSchema = z.array(z.object({ id: z.string(), topic: z.string(), title: z.string(), content: z.string() })).max(MAX_CONTEXT_ITEMS);
const digestSchema = z.object({
  v: z.number(),
  terms: z.array(z.string()),
  names: z.array(z.string()),
  person: z.array(z.string()).default([]),
});

const parseJson = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => {
  if (typeof value !== "string") return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * What a context vector offers for reuse. A context indexed before items were carried, or with
 * metadata that does not parse, offers nothing (and no digest, so nothing of it can be reused).
 */
export function contextOffer(metadata: VectorMetadata): { items: IndexedItem[]; author: AuthorDigest | null } {
  return {
    items: parseJson(itemsSchema, metadata.items) ?? [],
    author: parseJson(digestSchema, metadata.author_digest) ?? null,
  };
}
