/**
 * Embedding, as the services use it (the embedders themselves are adapters: src/adapters/embedding/).
 *
 * embedUserContext embeds the canonical profile text (src/domain/profile.ts) and caches the vector
 * in memory by `${embedder.id}:${sha256(text)}`: bucketing gives near-identical people identical
 * text, so the embedding itself is reusable. recommendationEmbeddingText is what a recommendation's
 * vector is made of.
 *
 * Runs unchanged in a Worker and in Node: no node: imports, hashing through crypto.subtle.
 */
import { EmbeddingError, type Embedder } from "../adapters/embedding/interface";
import type { PersonaAssignment, PersonaType } from "../domain/personas";
import { canonicalProfileText } from "../domain/profile";
import type { Signals } from "../domain/signals";

const encoder = new TextEncoder();

// ---- thin wrappers: one text, or several, checked for count and length ----

export async function generateEmbeddings(embedder: Embedder, texts: string[]): Promise<number[][]> {
  if (texts.length === 0) return [];
  const { vectors } = await embedder.embedBatch(texts);
  if (vectors.length !== texts.length) {
    throw new EmbeddingError("upstream_error", `${embedder.id} returned ${vectors.length} vectors for ${texts.length} texts`);
  }
  for (const v of vectors) assertDimensions(embedder, v);
  return vectors;
}

export async function generateEmbedding(embedder: Embedder, text: string): Promise<number[]> {
  const [vector] = await generateEmbeddings(embedder, [text]);
  return vector as number[];
}

function assertDimensions(embedder: Embedder, vector: readonly number[]): void {
  if (vector.length !== embedder.dimensions) {
    throw new EmbeddingError(
      "bad_dimensions",
      `${embedder.id} returned a ${vector.length}-dimensional vector; ${embedder.dimensions} expected`,
    );
  }
}

// ---- the user-context embedding and its cache ----

const EMBEDDING_CACHE_MAX_ENTRIES = 5_000;

/**
 * A bounded LRU of vectors (a Map keeps insertion order: re-inserting on a hit marks it recent),
 * which also lets concurrent requests for the same key share one embedder call.
 */
export class EmbeddingCache {
  private readonly entries = new Map<string, readonly number[]>();
  private readonly pending = new Map<string, Promise<readonly number[]>>();

  constructor(readonly maxEntries: number = EMBEDDING_CACHE_MAX_ENTRIES) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): number[] | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return [...hit];
  }

  set(key: string, vector: readonly number[]): void {
    this.entries.delete(key);
    this.entries.set(key, [...vector]);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** The cached vector, or the one `compute` gives (once, however many callers wait for it). */
  async getOrCompute(key: string, compute: () => Promise<readonly number[]>): Promise<{ vector: number[]; cached: boolean }> {
    const hit = this.get(key);
    if (hit) return { vector: hit, cached: true };
    const inFlight = this.pending.get(key);
    if (inFlight) return { vector: [...(await inFlight)], cached: true };
    const call = compute();
    this.pending.set(key, call);
    try {
      const vector = await call;
      this.set(key, vector);
      return { vector: [...vector], cached: false };
    } finally {
      if (this.pending.get(key) === call) this.pending.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
    this.pending.clear();
  }
}

/** The process-wide (per-isolate in a Worker) cache embedUserContext uses by default. */
const userContextEmbeddingCache = new EmbeddingCache();

/** Empties the default cache (for tests). */
export function clearEmbeddingCache(): void {
  userContextEmbeddingCache.clear();
}

/** Lowercase hex SHA-256 of the UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export interface UserContextEmbedding {
  vector: number[];
  /** The canonical profile text that was embedded. */
  text: string;
  /** SHA-256 of `text`, hex. */
  textHash: string;
  /** True when the vector came from the cache (or a call already in flight), not the embedder. */
  cached: boolean;
}

/** Embeds the person's canonical profile text, through the cache keyed by embedder id and text hash. */
export async function embedUserContext(
  embedder: Embedder,
  signals: Signals,
  persona: PersonaType | PersonaAssignment,
  options: { cache?: EmbeddingCache } = {},
): Promise<UserContextEmbedding> {
  const cache = options.cache ?? userContextEmbeddingCache;
  const text = canonicalProfileText(signals, persona);
  const textHash = await sha256Hex(text);
  const { vector, cached } = await cache.getOrCompute(`${embedder.id}:${textHash}`, () => generateEmbedding(embedder, text));
  return { vector, text, textHash, cached };
}

// ---- recommendation embeddings ----

export interface EmbeddableRecommendation {
  title: string;
  content: string;
  rationale: string;
}

/** Title, content and rationale as one text, blank parts left out. */
export function recommendationEmbeddingText(rec: EmbeddableRecommendation): string {
  return [rec.title, rec.content, rec.rationale]
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join("\n\n");
}

export async function embedRecommendation(embedder: Embedder, rec: EmbeddableRecommendation): Promise<number[]> {
  return generateEmbedding(embedder, recommendationEmbeddingText(rec));
}
