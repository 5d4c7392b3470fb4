import type { PersonaAssignment } from "../domain/personas";
import type { AuthorDigest } from "../domain/reuse-rule";
import type { Signals, WindowDays } from "../domain/signals";
import type { Embedder } from "../adapters/embedding/interface";
import type { VectorMatch, VectorStore } from "../adapters/vector/interface";
import type { Logger } from "../logger";
import { backoffDelayMs, Deadline, retry, systemClock, UpstreamError, type Clock } from "../resilience";
import { embedUserContext } from "./embedding";
import { contextOffer, type IndexedItem } from "./vector-records";

/** The vector tier's time budget for embedding and querying together. */
export const DEFAULT_VECTOR_TIER_BUDGET_MS = 1_500;

/** Use the vector tier's answer only when the nearest approved person is this similar. */
export function shouldUseVectorDbResult(similarityScore: number, threshold: number): boolean {
  return Number.isFinite(similarityScore) && similarityScore >= threshold;
}

export interface SearchContext {
  userId: string;
  windowDays: WindowDays;
  signals: Signals;
  persona: PersonaAssignment;
  /** The canonical profile's embedding by the search's embedder, when already known (the person's serving state): not embedded again. */
  vector?: readonly number[] | undefined;
}

/** An approved recommendation another person was served, as their context vector carries it. */
export interface SimilarRecommendation {
  recommendation: IndexedItem & { userId: string };
  /** Cosine similarity of the requester's profile to the person it was made for. */
  similarity_score: number;
  /** The digest of that person's record, to re-check the item against; null: never reused. */
  author: AuthorDigest | null;
}

/** A person the search found: their context vector's id, and how near they are. */
export interface Neighbour {
  id: string;
  user_id: string;
  score: number;
}

export interface SearchDeps {
  embedder: Embedder;
  store: VectorStore;
  logger: Logger;
  /** The tier's time budget for embedding and querying together (ms); default 1,500. */
  budgetMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
}

/** The vector tier ran out of its time budget; the request falls through to the generator. */
export class VectorTierTimeoutError extends UpstreamError<"timeout"> {
  constructor(what: string, budgetMs: number) {
    super("timeout", `the vector tier's ${budgetMs} ms budget ran out during ${what}`, {}, "VectorTierTimeoutError");
  }
}

/** Retries after a call's first attempt, while time is left. */
const RETRIES = 3;
/** Waits of 100, 200, 400 ms (no jitter: one request's own calls, not a crowd). */
const BACKOFF_BASE_MS = 100;

/**
 * One call of the tier under its deadline. A typed retryable failure (a 5xx, a rate limit, a lost
 * connection) is retried with backoff while time is left; the call is abandoned (not awaited
 * further) when the deadline passes, so a hanging index or embedder costs at most the budget. The
 * store and embedder the request path passes here retry nothing themselves (see
 * Services.vectorTier), so nothing keeps calling them after the tier gives up.
 */
function underDeadline<T>(deadline: Deadline, what: string, call: () => Promise<T>): Promise<T> {
  const timedOut = () => new VectorTierTimeoutError(what, deadline.budgetMs);
  return retry(call, {
    clock: deadline.clock,
    retries: RETRIES,
    backoffMs: (attempt) => backoffDelayMs(attempt, BACKOFF_BASE_MS, Number.POSITIVE_INFINITY, 1),
    deadline,
    // A retry starts only if some of the budget is left after its wait.
    minAttemptMs: 1,
    // Only a typed failure that says so is retried (isRetryable); the deadline ends the call.
    classify: (err, _attempt, cut) => (cut ? timedOut() : err),
    budgetSpent: timedOut,
  });
}

/**
 * Find approved recommendations made for people whose canonical profile is near the requester's
 * (people to people: a profile is matched with other profiles, never with advice text, whose
 * embeddings live in another region of the space). Returns them best match first, with the score of
 * the person they were made for. The requester's own context is never a match. Everything comes from
 * the matched context vectors' metadata: no one's rows are read.
 */
export async function searchNeighbours(
  deps: SearchDeps,
  context: SearchContext,
  personaType: string,
  topK = 5,
): Promise<{ neighbours: Neighbour[]; candidates: SimilarRecommendation[]; vector: number[] }> {
  const deadline = new Deadline(deps.clock ?? systemClock, deps.budgetMs ?? DEFAULT_VECTOR_TIER_BUDGET_MS);
  let matches: VectorMatch[];
  let vector: number[];
  try {
    vector = context.vector
      ? [...context.vector]
      : (await underDeadline(deadline, "embedding", () => embedUserContext(deps.embedder, context.signals, context.persona))).vector;
    matches = await underDeadline(deadline, "the index query", () =>
      deps.store.query({
        vector,
        topK: topK + 1, // one spare: the requester may already be in the index
        filter: { kind: "context", persona_type: personaType, window_days: context.windowDays, status: "approved" },
      }),
    );
  } finally {
    deadline.cancel();
  }
  const people = matches.filter((m) => m.metadata.user_id !== context.userId).slice(0, topK);
  const candidates = people.flatMap((m) => {
    const offer = contextOffer(m.metadata);
    return offer.items.map((item) => ({
      recommendation: { ...item, userId: m.metadata.user_id },
      similarity_score: m.score,
      author: offer.author,
    }));
  });
  return { neighbours: people.map((m) => ({ id: m.id, user_id: m.metadata.user_id, score: m.score })), candidates, vector };
}

/** The search's candidates alone. */
export async function searchSimilarRecommendations(
  deps: SearchDeps,
  context: SearchContext,
  personaType: string,
  topK = 5,
): Promise<SimilarRecommendation[]> {
  return (await searchNeighbours(deps, context, personaType, topK)).candidates;
}
