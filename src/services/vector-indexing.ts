/**
 * What the index holds for people, built in one place for the queue consumer and the population job:
 *   - `rec_{id}` vectors of approved recommendations, each marked reusable or not by the reuse rule
 *     against its author's record;
 *   - one `context_{user}_{window}` vector per person and window whose approved recommendations
 *     include at least one reusable item, carrying those items and the author's digest, so that a
 *     vector-tier hit reads no one's rows and can still re-check every item it serves.
 * A person-window with nothing reusable has its context removed instead: it could match, but would
 * offer nothing.
 */
import type { Database } from "../db/client";
import { loadAuthorRecords } from "../db/authors";
import { getStoredProfile } from "../db/profiles";
import { approvedRecommendationsFor, shareableOf, type RecommendationRow } from "../db/recommendations";
import { authorDigest, reusableItemViolations, type AuthorDigest } from "../domain/reuse-rule";
import { WINDOW_DAYS, type WindowDays } from "../domain/signals";
import type { Embedder } from "../adapters/embedding/interface";
import { embedUserContext, recommendationEmbeddingText } from "./embedding";
import { contextVector, contextVectorId, MAX_CONTEXT_ITEMS, recommendationVector, type IndexedItem } from "./vector-records";
import type { VectorRecord } from "../adapters/vector/interface";

export interface PersonWindow {
  userId: string;
  windowDays: WindowDays;
}

export interface IndexPlan {
  upsert: VectorRecord[];
  /** Context ids to delete: people with nothing reusable (left in the index, they would match and offer nothing). */
  remove: string[];
  /** Items refused by the reuse rule, with why (for the logs). */
  refused: { id: string; user_id: string; kinds: string[] }[];
  tokens: number;
}

const emptyPlan = (): IndexPlan => ({ upsert: [], remove: [], refused: [], tokens: 0 });

/** Digests of several authors (undefined for an unknown user: nothing of theirs is reusable). */
async function authorDigests(db: Database, userIds: readonly string[]): Promise<Map<string, AuthorDigest>> {
  const records = await loadAuthorRecords(db, userIds);
  return new Map([...records].map(([id, record]) => [id, authorDigest(record)]));
}

/** Only the shareable text is indexed and reused; it is checked again here (it may predate the rule's version). */
const isReusable = (rec: RecommendationRow, author: AuthorDigest | undefined) =>
  author !== undefined && reusableItemViolations(shareableOf(rec), author).length === 0;

/** `rec_{id}` vectors for approved recommendations, each with its reusable flag. */
export async function recommendationRecords(
  db: Database,
  embedder: Embedder,
  rows: RecommendationRow[],
): Promise<{ records: VectorRecord[]; tokens: number }> {
  const approved = rows.filter((r) => r.status === "approved");
  if (approved.length === 0) return { records: [], tokens: 0 };
  const digests = await authorDigests(
    db,
    approved.map((r) => r.userId),
  );
  const embedded = await embedder.embedBatch(approved.map((r) => recommendationEmbeddingText({ ...r, ...shareableOf(r) })));
  return {
    records: approved.map((r, i) => recommendationVector(r, embedded.vectors[i]!, isReusable(r, digests.get(r.userId)))),
    tokens: embedded.usage.tokens,
  };
}

/**
 * The context vectors of these people (and windows), from their stored profile and their approved,
 * reusable recommendations made under their current persona: newest first, one per topic.
 */
export async function contextRecords(db: Database, embedder: Embedder, people: readonly PersonWindow[]): Promise<IndexPlan> {
  const plan = emptyPlan();
  if (people.length === 0) return plan;
  const digests = await authorDigests(
    db,
    people.map((p) => p.userId),
  );
  for (const windowDays of WINDOW_DAYS) {
    const ids = people.filter((p) => p.windowDays === windowDays).map((p) => p.userId);
    if (ids.length === 0) continue;
    const approved = await approvedRecommendationsFor(db, ids, windowDays);
    for (const userId of new Set(ids)) {
      const profile = await getStoredProfile(db, userId, windowDays);
      const author = digests.get(userId);
      const items: IndexedItem[] = [];
      const topics = new Set<string>();
      const mine = approved.filter((r) => r.userId === userId && profile && r.personaType === profile.persona.persona_type).reverse();
      for (const rec of mine) {
        if (topics.has(rec.topic) || items.length >= MAX_CONTEXT_ITEMS) continue;
        if (!author || !isReusable(rec, author)) {
          plan.refused.push({
            id: rec.id,
            user_id: userId,
            kinds: author ? reusableItemViolations(shareableOf(rec), author).map((v) => v.kind) : ["unknown_author"],
          });
          continue;
        }
        topics.add(rec.topic);
        items.push({ id: rec.id, ...shareableOf(rec) });
      }
      if (!profile || !author || items.length === 0) {
        plan.remove.push(contextVectorId(userId, windowDays));
        continue;
      }
      const embedded = await embedUserContext(embedder, profile.signals, profile.persona);
      if (!embedded.cached) plan.tokens += embedded.text.split(/\s+/).length;
      plan.upsert.push(
        contextVector(
          { userId, windowDays, personaType: profile.persona.persona_type, canonicalText: embedded.text, items, author },
          embedded.vector,
        ),
      );
    }
  }
  return plan;
}
