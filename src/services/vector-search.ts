import type { PersonaAssignment } from "../domain/personas";
import type { AuthorDigest } from "../domain/reuse-rule";
import type { Signals } from "../domain/signals";
import type { Logger } from "../logger";
import { embedUserContext, type Embedder } from "./embedding";
import { contextOffer, type IndexedItem } from "./vector-records";
import type { VectorStore } from "./vector-store";

export const DEFAULT_SIMILARITY_THRESHOLD = 0.85;

/** The vector tier's time budget for embedding and querying together. */
export const DEFAULT_VECTOR_TIER_BUDGET_MS = 1_500;

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
}

/** The vector tier ran out of its time budget; the request falls through to the generator. */
export class VectorTierTimeoutError extends Error {
  constructor(what: string, budgetMs: number) {
    super(`the vector tier's ${budgetMs} ms budget ran out during ${what}`);
    this.name = "VectorTierTimeoutError";
  }
}

const TRANSIENT = /timeout|timed out|rate|429|5\d\d|ECONN|network|fetch failed|upstream/i;
const MAX_ATTEMPTS = 4;

function isTransient(err: unknown): boolean {
  return TRANSIENT.test(String((err as Error)?.message ?? err)) || (err as { retryable?: boolean })?.retryable === true;
}

/**
 * One deadline for the whole tier. Each call is retried on a transient failure with backoff while
 * time is left, and abandoned (not awaited further) when the deadline passes, so a hanging index
 * or embedder costs at most the budget. The store and embedder the request path passes here retry
 * nothing themselves (see Services.vectorTier), so nothing keeps calling them after the tier gives up.
 */
class Deadline {
  private readonly at: number;
  constructor(private readonly budgetMs: number) {
    this.at = performance.now() + budgetMs;
  }

  async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const left = this.at - performance.now();
      if (left <= 0) throw new VectorTierTimeoutError(what, this.budgetMs);
      try {
        return await this.race(what, fn(), left);
      } catch (err) {
        if (err instanceof VectorTierTimeoutError) throw err;
        const wait = 100 * 2 ** (attempt - 1);
        if (!isTransient(err) || attempt >= MAX_ATTEMPTS || performance.now() + wait >= this.at) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  private async race<T>(what: string, call: Promise<T>, ms: number): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new VectorTierTimeoutError(what, this.budgetMs)), ms);
    });
    // An abandoned call that fails later must not surface as an unhandled rejection.
    call.catch(() => {});
    try {
      return await Promise.race([call, expired]);
    } finally {
      clearTimeout(timer);
    }
  }
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
): Promise<{ neighbours: Neighbour[]; candidates: SimilarRecommendation[] }> {
  const deadline = new Deadline(deps.budgetMs ?? DEFAULT_VECTOR_TIER_BUDGET_MS);
  const { vector } = await deadline.run("embedding", () => embedUserContext(deps.embedder, context.signals, context.persona));
  const matches = await deadline.run("the index query", () =>
    deps.store.query({
      vector,
      topK: topK + 1, // one spare: the requester may already be in the index
      filter: { kind: "context", persona_type: personaType, window_days: context.windowDays, status: "approved" },
    }),
  );
  const people = matches.filter((m) => m.metadata.user_id !== context.userId).slice(0, topK);
  const candidates = people.flatMap((m) => {
    const offer = contextOffer(m.metadata);
    return offer.items.map((item) => ({ recommendation: { ...item, userId: m.metadata.user_id }, similarity_score: m.score, author: offer.author }));
  });
  return { neighbours: people.map((m) => ({ id: m.id, user_id: m.metadata.user_id, score: m.score })), candidates };
}

/** The task list's search: the candidates alone. */
export async function searchSimilarRecommendations(deps: SearchDeps, context: SearchContext, personaType: string, topK = 5): Promise<SimilarRecommendation[]> {
  return (await searchNeighbours(deps, context, personaType, topK)).candidates;
}
