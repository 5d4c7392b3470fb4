/**
 * OpenAI embeddings (text-embedding-3-small, 1536-d) through the official SDK: batched (at most
 * `maxBatch` inputs and about 250k tokens per request, never one request per text), each request
 * retried inside its own time budget (../openai-shared.ts, src/resilience.ts).
 */
import type OpenAI from "openai";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "openai/resources/embeddings";
import type { Logger } from "../../logger";
import { classifyOpenAIError, createOpenAIClient, NOOP_LOGGER, OpenAIRetry, positive, type OpenAIRetryOptions } from "../openai-shared";
import type { Clock } from "../../resilience";
import { DEFAULTS } from "../../config";
import { assertText, EmbeddingError, type Embedder, type EmbeddingBatch } from "./interface";

/** USD per 1M input tokens of text-embedding-3-small. */
export const TEXT_EMBEDDING_3_SMALL_PRICE_PER_MILLION = 0.02;

/** Embedding model prices (USD per 1M input tokens). */
const OPENAI_EMBEDDING_PRICES: Readonly<Record<string, number>> = {
  "text-embedding-3-small": TEXT_EMBEDDING_3_SMALL_PRICE_PER_MILLION,
  "text-embedding-3-large": 0.13,
  "text-embedding-ada-002": 0.1,
};

/** The cost of `tokens` embedded with `model`; 0 for a model without a price (the local embedder). */
export function embeddingCostUsd(tokens: number, model: string = DEFAULTS.OPENAI_EMBEDDING_MODEL): number {
  const name = model.startsWith("openai:") ? model.slice("openai:".length) : model;
  const price = OPENAI_EMBEDDING_PRICES[name];
  if (price === undefined || !Number.isFinite(tokens) || tokens <= 0) return 0;
  return Math.round(((tokens * price) / 1_000_000) * 1e12) / 1e12;
}

/** The most inputs one embeddings request accepts (OpenAI's limit). */
const OPENAI_MAX_BATCH_INPUTS = 2048;
/**
 * OpenAI also caps one request at 300k tokens over all inputs. Batches are kept under this
 * estimate (characters / 3, generous for English and for digit-heavy profile text).
 */
const OPENAI_MAX_BATCH_TOKENS = 250_000;
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
  private readonly retry: OpenAIRetry;
  private readonly clock: Clock;
  private readonly logger: Logger;

  constructor(options: OpenAIEmbedderOptions) {
    if (!options.apiKey || options.apiKey.trim() === "") throw new EmbeddingError("auth", "OpenAIEmbedder needs an API key");
    this.apiKey = options.apiKey.trim();
    this.model = options.model ?? DEFAULTS.OPENAI_EMBEDDING_MODEL;
    this.id = `openai:${this.model}`;
    this.dimensions = options.dimensions ?? DEFAULTS.EMBEDDING_DIMENSIONS;
    const native = OPENAI_NATIVE_DIMENSIONS[this.model];
    if (!Number.isInteger(this.dimensions) || this.dimensions < 1 || (native !== undefined && native !== this.dimensions)) {
      throw new EmbeddingError(
        "bad_dimensions",
        `${this.model} returns ${native ?? "model-specific"}-dimensional vectors; ${this.dimensions} was configured (EMBEDDING_DIMENSIONS)`,
      );
    }
    this.maxBatch = Math.min(OPENAI_MAX_BATCH_INPUTS, Math.max(1, Math.floor(options.maxBatch ?? OPENAI_MAX_BATCH_INPUTS)));
    this.maxBatchTokens = positive(options.maxBatchTokens, OPENAI_MAX_BATCH_TOKENS);
    this.retry = new OpenAIRetry(options, { timeoutMs: 10_000, budgetMs: 20_000, minAttemptMs: 500 });
    this.clock = this.retry.clock;
    this.logger = options.logger ?? NOOP_LOGGER;
    this.client = createOpenAIClient({
      apiKey: this.apiKey,
      baseURL: options.baseURL,
      fetch: options.fetch,
      timeoutMs: this.retry.timeoutMs,
    });
  }

  /** Exponential backoff with jitter for the retry after `attempt`. */
  backoffMs(attempt: number): number {
    return this.retry.backoffMs(attempt);
  }

  async embedBatch(texts: string[]): Promise<EmbeddingBatch> {
    texts.forEach((t, i) => assertText(t, i));
    if (texts.length === 0) return { vectors: [], usage: { tokens: 0, cost_usd: 0 } };
    const started = this.clock.now();
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
      ms: Math.max(0, this.clock.now() - started),
    });
    return { vectors, usage: { tokens, cost_usd } };
  }

  /** One embeddings request for one batch, with retries inside the budget. */
  private async request(input: string[]): Promise<{ vectors: number[][]; tokens: number; attempts: number }> {
    const body: EmbeddingCreateParams = { model: this.model, input, encoding_format: "float" };
    return this.retry.run({
      event: "embedding.openai",
      fields: { model: this.model, inputs: input.length },
      attempt: async (signal, attemptMs, attempt) => ({
        ...this.toVectors(await this.attempt(body, signal, attemptMs), input.length),
        attempts: attempt,
      }),
      classify: (err) => this.classify(err),
      timedOut: (attemptMs) => new EmbeddingError("timeout", `OpenAI did not answer within ${attemptMs} ms`, { retryable: true }),
      budgetSpent: (message) => new EmbeddingError("timeout", message),
    });
  }

  /** One request; our signal covers the whole attempt (headers and body), the SDK's timeout only the headers. */
  private attempt(body: EmbeddingCreateParams, signal: AbortSignal | undefined, attemptMs: number): Promise<CreateEmbeddingResponse> {
    return this.client.embeddings.create(body, { ...(signal ? { signal } : {}), timeout: attemptMs, maxRetries: 0 });
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
      now: () => this.clock.now(),
      requestLabel: "embeddings request",
    });
  }
}
