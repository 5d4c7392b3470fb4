import type { Database } from "../db/client";
import { approvedRecommendationsFor, type RecommendationRow } from "../db/recommendations";
import type { PersonaAssignment } from "../domain/personas";
import type { Signals } from "../domain/signals";
import type { Logger } from "../logger";
import { embedUserContext, type Embedder } from "./embedding";
import type { VectorStore } from "./vector-store";

export const DEFAULT_SIMILARITY_THRESHOLD = 0.85;

/** Use the vector tier's answer only when the nearest approved person is this similar. */
export function shouldUseVectorDbResult(similarityScore: number, threshold = DEFAULT_SIMILARITY_THRESHOLD): boolean {
  return Number.isFinite(similarityScore) && similarityScore >= threshold;
}

export interface SearchContext {
  userId: string;
  windowDays: 30 | 180;
  signals: Signals;
  persona: PersonaAssignment;
}

export interface SimilarRecommendation {
  recommendation: RecommendationRow;
  /** Cosine similarity of the requester's profile to the person it was made for. */
  similarity_score: number;
}

export interface SearchDeps {
  db: Database;
  embedder: Embedder;
  store: VectorStore;
  logger: Logger;
  /** Retry transient failures until this much time has passed (ms); default 1,500. */
  budgetMs?: number;
}

const TRANSIENT = /timeout|timed out|rate|429|5\d\d|ECONN|network|fetch failed|upstream/i;

/** Retry a transient failure with backoff, but never past the time budget. */
async function withinBudget<T>(fn: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = performance.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const wait = 100 * 2 ** attempt;
      const transient = TRANSIENT.test(String((err as Error)?.message ?? err)) || (err as { retryable?: boolean })?.retryable === true;
      if (!transient || attempt >= 3 || performance.now() + wait >= deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/**
 * Find approved recommendations made for people whose canonical profile is near the requester's
 * (DESIGN.md correction 1: people to people). Returns them best match first, with the score of the
 * person they were made for. The requester's own context is never a match.
 */
export async function searchSimilarRecommendations(
  deps: SearchDeps,
  context: SearchContext,
  personaType: string,
  topK = 5,
): Promise<SimilarRecommendation[]> {
  const budget = deps.budgetMs ?? 1_500;
  const { vector } = await withinBudget(() => embedUserContext(deps.embedder, context.signals, context.persona), budget);
  const matches = await withinBudget(
    () =>
      deps.store.query({
        vector,
        topK: topK + 1, // one spare: the requester may already be in the index
        filter: { kind: "context", persona_type: personaType, window_days: context.windowDays, status: "approved" },
      }),
    budget,
  );
  const people = matches.filter((m) => m.metadata.user_id !== context.userId).slice(0, topK);
  const scoreOf = new Map(people.map((m) => [m.metadata.user_id, m.score]));
  const rows = await approvedRecommendationsFor(deps.db, [...scoreOf.keys()], context.windowDays);
  return rows
    .map((recommendation) => ({ recommendation, similarity_score: scoreOf.get(recommendation.userId) ?? 0 }))
    .sort((a, b) => b.similarity_score - a.similarity_score);
}
