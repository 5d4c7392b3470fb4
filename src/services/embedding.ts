/**
 * Embeddings for the vector tier (DESIGN.md, request path step 4; task list PR #34).
 *
 * Two embedders behind one interface, chosen from configuration by createEmbedder:
 *   - OpenAIEmbedder: text-embedding-3-small (1536-d) through the official SDK, batched (at most
 *     `maxBatch` inputs per request, never one request per text), with its own retry loop.
 *   - LocalHashEmbedder: the offline default. Deterministic signed feature hashing of the text's
 *     words and of whole "key: value" lines, so two canonical profiles score by how many bucketed
 *     lines they share. Named honestly (`local-hash-v1-<dims>`): its vectors are not comparable with
 *     OpenAI's, and the id keeps them apart in the index.
 *
 * embedUserContext embeds the canonical profile text (src/domain/profile.ts) and caches the vector
 * in memory by `${embedder.id}:${sha256(text)}`: bucketing gives near-identical people identical
 * text, so the embedding itself is reusable.
 *
 * Runs unchanged in a Worker and in Node: no node: imports, hashing through crypto.subtle.
 */
import type OpenAI from "openai";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "openai/resources/embeddings";
import type { PersonaAssignment, PersonaType } from "../domain/personas";
import { hash32 } from "../domain/hash";
import { canonicalProfileText } from "../domain/profile";
import type { Signals } from "../domain/signals";
import type { Logger } from "../logger";
import { backoffDelayMs, classifyOpenAIError, createOpenAIClient, NOOP_LOGGER, positive, RetryLoop, UpstreamError, withAttemptTimeout, type OpenAIRetryOptions, type UpstreamErrorDetails } from "./openai-upstream";

export { backoffDelayMs };

// ---- the interface ----

export interface EmbeddingUsage {
  tokens: number;
  cost_usd: number;
}

export interface EmbeddingBatch {
  /** One vector per input text, in input order. */
  vectors: number[][];
  usage: EmbeddingUsage;
}

export interface Embedder {
  /** Names the vector space: vectors are only comparable between embedders with the same id. */
  readonly id: string;
  readonly dimensions: number;
  embedBatch(texts: string[]): Promise<EmbeddingBatch>;
}

export const DEFAULT_EMBEDDING_DIMENSIONS = 1536;
export const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";

// ---- errors ----

export type EmbeddingErrorReason = "timeout" | "rate_limited" | "upstream_error" | "auth" | "bad_request" | "bad_dimensions";

export type EmbeddingErrorDetails = UpstreamErrorDetails;

/** An embedding failure with a machine-readable reason; its message never carries a secret. */
export class EmbeddingError extends UpstreamError<EmbeddingErrorReason> {
  constructor(reason: EmbeddingErrorReason, message: string, details: EmbeddingErrorDetails = {}) {
    super(reason, message, details, "EmbeddingError");
  }
}

// ---- prices ----

/** USD per 1M input tokens of text-embedding-3-small. */
export const TEXT_EMBEDDING_3_SMALL_PRICE_PER_MILLION = 0.02;

/** Embedding model prices (USD per 1M input tokens). */
export const OPENAI_EMBEDDING_PRICES: Readonly<Record<string, number>> = {
  "text-embedding-3-small": TEXT_EMBEDDING_3_SMALL_PRICE_PER_MILLION,
  "text-embedding-3-large": 0.13,
  "text-embedding-ada-002": 0.1,
};

/** The cost of `tokens` embedded with `model`; 0 for a model without a price (the local embedder). */
export function embeddingCostUsd(tokens: number, model: string = DEFAULT_OPENAI_EMBEDDING_MODEL): number {
  const name = model.startsWith("openai:") ? model.slice("openai:".length) : model;
  const price = OPENAI_EMBEDDING_PRICES[name];
  if (price === undefined || !Number.isFinite(tokens) || tokens <= 0) return 0;
  return Math.round(((tokens * price) / 1_000_000) * 1e12) / 1e12;
}

// ---- the local embedder ----

/** Feature weights. A whole "key: value" line dominates; words add general overlap. */
const LINE_WEIGHT = 1;
/** A value's words under their key ("credit.max_utilization=50"): adjacent buckets share an edge. */
const KEY_VALUE_WORD_WEIGHT = 0.35;
const WORD_WEIGHT = 0.1;

const KEY_VALUE_LINE = /^([\p{L}\p{N}_.-]+)\s*:\s*(\S.*)$/u;
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

const encoder = new TextEncoder();


const normalizeText = (text: string) => text.normalize("NFKC").toLowerCase();
const words = (text: string) => text.split(WORD_SPLIT).filter((w) => w.length > 0);

/**
 * The weighted features of a text: every word, and for each "key: value" line the whole line and
 * the value's words under the key. Repeated features count sublinearly (1 + ln n), so a word that
 * recurs in many keys ("income", "savings") does not drown the lines that tell people apart.
 */
export function hashFeatures(text: string): { features: Map<string, number>; tokens: number } {
  const counts = new Map<string, { weight: number; n: number }>();
  const add = (feature: string, weight: number) => {
    const seen = counts.get(feature);
    if (seen) seen.n += 1;
    else counts.set(feature, { weight, n: 1 });
  };
  const normalized = normalizeText(text);
  let tokens = 0;
  for (const rawLine of normalized.split(/\r?\n/)) {
    const line = rawLine.trim().replace(/\s+/g, " ");
    if (line === "") continue;
    const lineWords = words(line);
    tokens += lineWords.length;
    for (const w of lineWords) add(`w:${w}`, WORD_WEIGHT);
    const kv = KEY_VALUE_LINE.exec(line);
    if (kv) {
      const key = kv[1] as string;
      const value = kv[2] as string;
      add(`l:${key}:${value}`, LINE_WEIGHT);
      for (const w of words(value)) add(`k:${key}=${w}`, KEY_VALUE_WORD_WEIGHT);
    }
  }
  // Text with no word at all (punctuation only) still gets one feature: itself.
  if (counts.size === 0 && normalized.trim() !== "") add(`t:${normalized.trim()}`, LINE_WEIGHT);
  const features = new Map<string, number>();
  for (const [feature, { weight, n }] of counts) features.set(feature, weight * (1 + Math.log(n)));
  return { features, tokens };
}

/**
 * Offline, deterministic embedder: signed feature hashing into `dimensions` buckets, L2-normalised.
 * Identical text gives an identical vector; texts that share most lines score high cosine.
 */
export class LocalHashEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;

  constructor(dimensions: number = DEFAULT_EMBEDDING_DIMENSIONS) {
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      throw new EmbeddingError("bad_dimensions", `LocalHashEmbedder needs a positive whole number of dimensions, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.id = `local-hash-v1-${dimensions}`;
  }

  embed(text: string): { vector: number[]; tokens: number } {
    assertText(text, 0);
    const { features, tokens } = hashFeatures(text);
    const acc = new Float64Array(this.dimensions);
    for (const [feature, weight] of features) {
      const h = hash32(feature);
      const bucket = (h & 0x7fffffff) % this.dimensions;
      const sign = h >>> 31 === 1 ? -1 : 1;
      acc[bucket] = (acc[bucket] ?? 0) + sign * weight;
    }
    let norm = 0;
    for (const v of acc) norm += v * v;
    norm = Math.sqrt(norm);
    const vector = Array.from(acc, (v) => (norm > 0 ? v / norm : 0));
    return { vector, tokens };
  }

  async embedBatch(texts: string[]): Promise<EmbeddingBatch> {
    const vectors: number[][] = [];
    let tokens = 0;
    for (const text of texts) {
      const one = this.embed(text);
      vectors.push(one.vector);
      tokens += one.tokens;
    }
    return { vectors, usage: { tokens, cost_usd: 0 } };
  }
}

function assertText(text: unknown, index: number): asserts text is string {
  if (typeof text !== "string" || text.trim() === "") {
    throw new EmbeddingError("bad_request", `Input ${index} is empty: there is nothing to embed`);
  }
}

// ---- the OpenAI embedder ----

/** The most inputs one embeddings request accepts (OpenAI's limit). */
export const OPENAI_MAX_BATCH_INPUTS = 2048;
/**
 * OpenAI also caps one request at 300k tokens over all inputs. Batches are kept under this
 * estimate (characters / 3, generous for English and for digit-heavy profile text).
 */
export const OPENAI_MAX_BATCH_TOKENS = 250_000;
const estimateTokens = (text: string) => Math.ceil(text.length / 3);

/** Native output sizes of OpenAI's embedding models. */
const OPENAI_NATIVE_DIMENSIONS: Readonly<Record<string, number>> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

/**
 * Defaults: timeoutMs 10_000 per attempt; budgetMs 20_000 for one request's attempts and waits
 * (each batch has its own); minAttemptMs 500.
 */
export interface OpenAIEmbedderOptions extends OpenAIRetryOptions {
  /** Default "text-embedding-3-small". */
  model?: string;
  /** The vector length expected back; default 1536. A response of another length is refused. */
  dimensions?: number;
  /** Inputs per request; default and maximum 2048. */
  maxBatch?: number;
  /** Estimated tokens per request; default 250_000 (OpenAI's cap is 300k). */
  maxBatchTokens?: number;
}

/** Splits texts into consecutive batches of at most `maxInputs` inputs and about `maxTokens` tokens. */
export function planBatches(texts: readonly string[], maxInputs: number, maxTokens: number = Number.POSITIVE_INFINITY): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let currentTokens = 0;
  for (const text of texts) {
    const tokens = estimateTokens(text);
    if (current.length > 0 && (current.length >= maxInputs || currentTokens + tokens > maxTokens)) {
      batches.push(current);
      current = [];
      currentTokens = 0;
    }
    current.push(text);
    currentTokens += tokens;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly model: string;
  readonly maxBatch: number;
  private readonly client: OpenAI;
  private readonly apiKey: string;
  private readonly maxBatchTokens: number;
  private readonly retry: RetryLoop;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(options: OpenAIEmbedderOptions) {
    if (!options.apiKey || options.apiKey.trim() === "") throw new EmbeddingError("auth", "OpenAIEmbedder needs an API key");
    this.apiKey = options.apiKey.trim();
    this.model = options.model ?? DEFAULT_OPENAI_EMBEDDING_MODEL;
    this.id = `openai:${this.model}`;
    this.dimensions = options.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS;
    const native = OPENAI_NATIVE_DIMENSIONS[this.model];
    if (!Number.isInteger(this.dimensions) || this.dimensions < 1 || (native !== undefined && native !== this.dimensions)) {
      throw new EmbeddingError(
        "bad_dimensions",
        `${this.model} returns ${native ?? "model-specific"}-dimensional vectors; ${this.dimensions} was configured (EMBEDDING_DIMENSIONS)`,
      );
    }
    this.maxBatch = Math.min(OPENAI_MAX_BATCH_INPUTS, Math.max(1, Math.floor(options.maxBatch ?? OPENAI_MAX_BATCH_INPUTS)));
    this.maxBatchTokens = positive(options.maxBatchTokens, OPENAI_MAX_BATCH_TOKENS);
    this.retry = new RetryLoop(options, { timeoutMs: 10_000, budgetMs: 20_000, minAttemptMs: 500 });
    this.now = this.retry.now;
    this.logger = options.logger ?? NOOP_LOGGER;
    this.client = createOpenAIClient({ apiKey: this.apiKey, baseURL: options.baseURL, fetch: options.fetch, timeoutMs: this.retry.timeoutMs });
  }

  /** Exponential backoff with jitter for the retry after `attempt`. */
  backoffMs(attempt: number): number {
    return this.retry.backoffMs(attempt);
  }

  async embedBatch(texts: string[]): Promise<EmbeddingBatch> {
    texts.forEach((t, i) => assertText(t, i));
    if (texts.length === 0) return { vectors: [], usage: { tokens: 0, cost_usd: 0 } };
    const started = this.now();
    const batches = planBatches(texts, this.maxBatch, this.maxBatchTokens);
    const vectors: number[][] = [];
    let tokens = 0;
    let attempts = 0;
    // One request at a time: batches are already as large as OpenAI allows, and a rate limit is
    // better met by one caller backing off than by several.
    for (const batch of batches) {
      const result = await this.request(batch);
      vectors.push(...result.vectors);
      tokens += result.tokens;
      attempts += result.attempts;
    }
    const cost_usd = embeddingCostUsd(tokens, this.model);
    this.logger.info("embedding.openai.ok", {
      model: this.model,
      inputs: texts.length,
      requests: batches.length,
      attempts,
      tokens,
      cost_usd,
      ms: Math.max(0, this.now() - started),
    });
    return { vectors, usage: { tokens, cost_usd } };
  }

  /** One embeddings request for one batch, with retries inside the budget. */
  private async request(input: string[]): Promise<{ vectors: number[][]; tokens: number; attempts: number }> {
    const body: EmbeddingCreateParams = { model: this.model, input, encoding_format: "float" };
    return this.retry.run({
      event: "embedding.openai",
      fields: { model: this.model, inputs: input.length },
      attempt: async (attemptMs, attempt) => ({ ...this.toVectors(await this.attempt(body, attemptMs), input.length), attempts: attempt }),
      classify: (err) => this.classify(err),
      budgetSpent: (message) => new EmbeddingError("timeout", message),
    });
  }

  private async attempt(body: EmbeddingCreateParams, attemptMs: number): Promise<CreateEmbeddingResponse> {
    return withAttemptTimeout(
      attemptMs,
      (signal) => this.client.embeddings.create(body, { signal, timeout: attemptMs, maxRetries: 0 }),
      () => new EmbeddingError("timeout", `OpenAI did not answer within ${attemptMs} ms`, { retryable: true }),
    );
  }

  /** The response's vectors in input order, checked for count, length and finiteness. */
  private toVectors(response: CreateEmbeddingResponse, expected: number): { vectors: number[][]; tokens: number } {
    const requestId = (response as { _request_id?: string | null })._request_id ?? undefined;
    const details = requestId === undefined ? {} : { requestId };
    const data = Array.isArray(response?.data) ? response.data : [];
    if (data.length !== expected) {
      throw new EmbeddingError("upstream_error", `OpenAI returned ${data.length} embeddings for ${expected} inputs`, details);
    }
    const vectors: (number[] | undefined)[] = new Array(expected);
    data.forEach((item, position) => {
      const index = Number.isInteger(item?.index) ? item.index : position;
      const embedding: unknown = item?.embedding;
      if (!Array.isArray(embedding)) throw new EmbeddingError("upstream_error", `OpenAI returned no vector for input ${index}`, details);
      if (embedding.length !== this.dimensions) {
        throw new EmbeddingError(
          "bad_dimensions",
          `OpenAI returned a ${embedding.length}-dimensional vector for input ${index}; ${this.id} must give ${this.dimensions}`,
          details,
        );
      }
      if (!embedding.every((v) => typeof v === "number" && Number.isFinite(v))) {
        throw new EmbeddingError("upstream_error", `OpenAI returned a vector with non-numeric values for input ${index}`, details);
      }
      if (index < 0 || index >= expected || vectors[index] !== undefined) {
        throw new EmbeddingError("upstream_error", `OpenAI returned an unexpected embedding index ${index}`, details);
      }
      vectors[index] = embedding as number[];
    });
    const tokens = response.usage?.total_tokens;
    if (typeof tokens !== "number" || !Number.isFinite(tokens)) this.logger.warn("embedding.openai.no_usage", { model: this.model });
    return { vectors: vectors as number[][], tokens: typeof tokens === "number" && Number.isFinite(tokens) ? Math.max(0, tokens) : 0 };
  }

  /** Any failure as an EmbeddingError, with its reason, retryability and wait. */
  private classify(err: unknown): EmbeddingError {
    if (err instanceof EmbeddingError) return err;
    return classifyOpenAIError(err, {
      create: (reason, message, details) => new EmbeddingError(reason, message, details),
      apiKey: this.apiKey,
      now: () => this.now(),
      requestLabel: "embeddings request",
    });
  }
}

// ---- choosing an embedder ----

export interface EmbedderConfig {
  /** OPENAI_API_KEY; empty or absent selects the local embedder. */
  openaiApiKey?: string | undefined;
  /** OPENAI_EMBEDDING_MODEL, e.g. "text-embedding-3-small". */
  model: string;
  /** EMBEDDING_DIMENSIONS, e.g. 1536. */
  dimensions: number;
  baseURL?: string | undefined;
  fetch?: OpenAIEmbedderOptions["fetch"];
  logger?: Logger | undefined;
  /** Overrides of the OpenAI embedder's batching and timing. */
  maxBatch?: number | undefined;
  timeoutMs?: number | undefined;
  budgetMs?: number | undefined;
  maxRetries?: number | undefined;
}

/** OpenAI when a non-blank key is set, else the local hash embedder of the same dimension. */
export function createEmbedder(config: EmbedderConfig): Embedder {
  const apiKey = config.openaiApiKey?.trim();
  if (!apiKey) return new LocalHashEmbedder(config.dimensions);
  return new OpenAIEmbedder({
    apiKey,
    model: config.model,
    dimensions: config.dimensions,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    ...(config.fetch ? { fetch: config.fetch } : {}),
    ...(config.logger ? { logger: config.logger } : {}),
    ...(config.maxBatch !== undefined ? { maxBatch: config.maxBatch } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.budgetMs !== undefined ? { budgetMs: config.budgetMs } : {}),
    ...(config.maxRetries !== undefined ? { maxRetries: config.maxRetries } : {}),
  });
}

// ---- thin wrappers (task list: generate_embedding) ----

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
    throw new EmbeddingError("bad_dimensions", `${embedder.id} returned a ${vector.length}-dimensional vector; ${embedder.dimensions} expected`);
  }
}

// ---- the user-context embedding and its cache ----

export const EMBEDDING_CACHE_MAX_ENTRIES = 5_000;

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
export const userContextEmbeddingCache = new EmbeddingCache();

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

// ---- recommendation embeddings (task list PR #34, items 35–39) ----

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
