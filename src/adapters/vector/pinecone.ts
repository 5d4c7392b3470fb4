/**
 * The vector index on Pinecone serverless, through `@pinecone-database/pinecone` (v8, API version
 * 2026-04). One namespace per embedder id, so vectors of different embedders never meet.
 */
import { Pinecone, type Index, type RecordMetadata } from "@pinecone-database/pinecone";
import { hash32Hex } from "../../domain/hash";
import { backoffDelayMs, retry, retryAfterMs, systemClock, type Clock } from "../../resilience";
import {
  byScoreDesc,
  checkEmbedder,
  checkIds,
  checkRecord,
  checkTopK,
  checkVector,
  chunks,
  invalid,
  lastPerId,
  parseFilter,
} from "./checks";
import {
  CREATE_INDEX_COMMAND,
  FREE_TIER_RECORDS,
  PINECONE_DELETE_BATCH,
  PINECONE_FETCH_BATCH,
  PINECONE_UPSERT_BATCH,
  VectorStoreError,
  type FetchFunction,
  type IndexStats,
  type VectorFilter,
  type VectorMatch,
  type VectorMetadata,
  type VectorRecord,
  type VectorStore,
} from "./interface";

export interface PineconeVectorStoreOptions {
  apiKey: string | undefined;
  indexName: string;
  embedderId: string;
  dimensions: number;
  /** The index's data-plane host; by default it is read from describeIndex. */
  indexHost?: string | undefined;
  /** The control plane; default https://api.pinecone.io. */
  controllerHostUrl?: string | undefined;
  fetch?: FetchFunction | undefined;
  /** Retries after the first attempt for 429, 5xx and connection errors; default 3. */
  maxRetries?: number | undefined;
  /** Time for the waits between attempts (and their Retry-After); default the system's. */
  clock?: Clock | undefined;
}

const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 8_000;
/** describeIndex answers are reused by later stores (a Worker makes one store per request). */
const DESCRIBE_TTL_MS = 10 * 60_000;
const describeCache = new Map<string, { expires: number; value: Promise<{ dimension: number | undefined; host: string }> }>();

/**
 * The Pinecone namespace for an embedder id. Ids made of letters, digits and `._:-` are used as
 * they are; anything else is replaced by `_` and a hash of the original id is appended, so two
 * different embedder ids can never share a namespace.
 */
export function pineconeNamespace(embedderId: string): string {
  if (/^[A-Za-z0-9._:-]{1,500}$/.test(embedderId)) return embedderId;
  return `${embedderId.replace(/[^A-Za-z0-9._:-]/g, "_").slice(0, 480)}-${hash32Hex(embedderId)}`;
}

/** Thrown by our fetch wrapper for 429/5xx so the retry loop knows the exact status and wait. */
class TransientHttpStatus extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${httpStatus}`);
    this.name = "TransientHttpStatus";
  }
}

interface Failure {
  transient: boolean;
  status?: number;
  /** What Pinecone asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  /** A short description for messages, e.g. "HTTP 429: rate limited". */
  what: string;
}

const HTTP_STATUS_BY_ERROR: Record<string, number> = {
  PineconeBadRequestError: 400,
  PineconeAuthorizationError: 401,
  PineconeNotFoundError: 404,
  PineconeMethodNotAllowedError: 405,
  PineconeConflictError: 409,
  PineconeUnprocessableEntityError: 422,
};

/** What went wrong in an SDK call (the SDK maps HTTP statuses to error classes, by name). */
function classify(err: unknown): Failure {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++, e = (e as { cause?: unknown }).cause) {
    if (e instanceof TransientHttpStatus) {
      const detail = bodyMessage(e.body);
      return {
        transient: true,
        status: e.httpStatus,
        ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
        what: `HTTP ${e.httpStatus}${detail ? `: ${detail}` : ""}`,
      };
    }
  }
  const name = (err as { name?: unknown })?.name;
  const message = String((err as { message?: unknown })?.message ?? err);
  if (typeof name === "string") {
    if (name === "PineconeConnectionError") {
      let root: unknown = err;
      for (let depth = 0; depth < 8 && (root as { cause?: unknown })?.cause; depth++) root = (root as { cause: unknown }).cause;
      const detail = root === err ? "" : String((root as { message?: unknown })?.message ?? "").slice(0, 200);
      return { transient: true, what: `could not reach Pinecone (network error${detail ? `: ${detail}` : ""})` };
    }
    if (["PineconeMaxRetriesExceededError", "PineconeInternalServerError", "PineconeUnavailableError"].includes(name)) {
      return { transient: true, what: "Pinecone server error (5xx)" };
    }
    const status = HTTP_STATUS_BY_ERROR[name];
    if (status) return { transient: false, status, what: `HTTP ${status}: ${message}` };
    if (name === "PineconeUnmappedHttpError") {
      const code = Number(/Status: (\d{3})/.exec(message)?.[1]);
      if (code) return { transient: code === 429 || code >= 500, status: code, what: `HTTP ${code}: ${message}` };
    }
  }
  return { transient: false, what: message };
}

/** Pinecone's error bodies: `{"error":{"code","message"},"status"}` or `{"code","message","details"}`. */
function bodyMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { message?: unknown; error?: { message?: unknown } };
    const m = json.error?.message ?? json.message;
    if (typeof m === "string") return m.slice(0, 200);
  } catch {
    // not JSON
  }
  return body.slice(0, 200);
}

/**
 * Pinecone serverless through the official SDK. The namespace is the embedder id, so vectors of
 * different embedders never meet. The SDK's own retries are off (they sleep with real timers and
 * skip 429); this class retries 429, 5xx and connection errors itself (src/resilience.ts), with
 * exponential backoff and jitter or the Retry-After Pinecone sends, and never retries another 4xx.
 */
export class PineconeVectorStore implements VectorStore {
  readonly name = "pinecone" as const;
  readonly embedderId: string;
  readonly dimensions: number;
  readonly indexName: string;
  readonly namespace: string;
  readonly #client: Pinecone;
  readonly #apiKey: string;
  readonly #indexHost: string | undefined;
  readonly #cacheKey: string;
  readonly #maxRetries: number;
  readonly #clock: Clock;
  #index: Promise<Index<RecordMetadata>> | undefined;

  constructor(options: PineconeVectorStoreOptions) {
    const apiKey = options.apiKey?.trim();
    if (!apiKey) {
      throw new VectorStoreError(
        "missing_api_key",
        "PINECONE_API_KEY is not set: set it to use Pinecone, or leave it unset to use the embedded pgvector index",
        { provider: "pinecone" },
      );
    }
    checkEmbedder(options.embedderId, options.dimensions, "pinecone");
    if (typeof options.indexName !== "string" || !/^[a-z0-9-]{1,45}$/.test(options.indexName)) {
      throw new VectorStoreError("invalid_argument", "the Pinecone index name must be 1-45 lowercase letters, digits and hyphens", {
        provider: "pinecone",
      });
    }
    const maxRetries = options.maxRetries ?? 3;
    if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) {
      throw new VectorStoreError("invalid_argument", `maxRetries must be a whole number from 0 to 10, got ${maxRetries}`, {
        provider: "pinecone",
      });
    }
    this.#apiKey = apiKey;
    this.embedderId = options.embedderId;
    this.dimensions = options.dimensions;
    this.indexName = options.indexName;
    this.namespace = pineconeNamespace(options.embedderId);
    this.#indexHost = options.indexHost?.trim() || undefined;
    this.#maxRetries = maxRetries;
    this.#clock = options.clock ?? systemClock;
    // Keyed by project too (a 32-bit fingerprint of the key, kept in memory only).
    this.#cacheKey = `${options.controllerHostUrl ?? ""}|${hash32Hex(apiKey)}|${options.indexName}`;

    const base: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const fetchApi: FetchFunction = async (input, init) => {
      const response = await base(input, init);
      if (response.status === 429 || response.status >= 500) {
        throw new TransientHttpStatus(
          response.status,
          await response.text().catch(() => ""),
          retryAfterMs(response.headers, this.#clock.now()),
        );
      }
      return response;
    };
    this.#client = new Pinecone({
      apiKey,
      fetchApi,
      maxRetries: 0,
      sourceTag: "spendsense_edge",
      ...(options.controllerHostUrl ? { controllerHostUrl: options.controllerHostUrl } : {}),
    });
  }

  async upsert(records: VectorRecord[]): Promise<{ upserted: number }> {
    if (!Array.isArray(records)) throw invalid("records must be an array", this.name);
    records.forEach((r, i) => checkRecord(r, this, i));
    const unique = lastPerId(records);
    if (unique.length === 0) return { upserted: 0 };
    const index = await this.#target();
    let upserted = 0;
    for (const batch of chunks(unique, PINECONE_UPSERT_BATCH)) {
      try {
        await this.#retrying("upsert", () =>
          index.upsert({ records: batch.map((r) => ({ id: r.id, values: r.values, metadata: r.metadata })) }),
        );
      } catch (err) {
        if (!(err instanceof VectorStoreError) || upserted === 0) throw err;
        // Earlier batches stay written; upsert is idempotent, so the caller can send all again.
        throw new VectorStoreError(err.reason, `${err.message} (${upserted} of ${unique.length} records were written before the failure)`, {
          provider: "pinecone",
          ...(err.status === undefined ? {} : { status: err.status }),
          ...(err.attempts === undefined ? {} : { attempts: err.attempts }),
          cause: err.cause,
        });
      }
      upserted += batch.length;
    }
    return { upserted };
  }

  async query(q: { vector: number[]; topK: number; filter?: VectorFilter }): Promise<VectorMatch[]> {
    checkVector(q?.vector, this, "the query vector");
    checkTopK(q.topK, this);
    const clauses = parseFilter(q.filter, this);
    const index = await this.#target();
    const response = await this.#retrying("query", () =>
      index.query({
        vector: q.vector,
        topK: q.topK,
        // Passed through as written: Pinecone's own syntax. The SDK refuses an empty filter.
        ...(clauses.length > 0 ? { filter: q.filter } : {}),
        includeMetadata: true,
        includeValues: false,
      }),
    );
    return response.matches
      .map((m) => ({ id: m.id, score: m.score ?? 0, metadata: (m.metadata ?? {}) as VectorMetadata }))
      .sort(byScoreDesc);
  }

  async fetch(ids: string[]): Promise<Omit<VectorRecord, "values">[]> {
    const unique = checkIds(ids, this);
    if (unique.length === 0) return [];
    const index = await this.#target();
    const found = new Map<string, VectorMetadata>();
    for (const batch of chunks(unique, PINECONE_FETCH_BATCH)) {
      const response = await this.#retrying("fetch", () => index.fetch({ ids: batch }));
      for (const [id, record] of Object.entries(response.records)) found.set(id, (record.metadata ?? {}) as VectorMetadata);
    }
    return unique.flatMap((id) => {
      const metadata = found.get(id);
      return metadata ? [{ id, metadata }] : [];
    });
  }

  async delete(ids: string[]): Promise<void> {
    const unique = checkIds(ids, this);
    if (unique.length === 0) return;
    const index = await this.#target();
    for (const batch of chunks(unique, PINECONE_DELETE_BATCH)) {
      await this.#retrying("delete", () => index.deleteMany({ ids: batch }));
    }
  }

  async stats(): Promise<IndexStats> {
    const index = await this.#target();
    const s = await this.#retrying("describeIndexStats", () => index.describeIndexStats());
    const totalVectors = s.totalRecordCount ?? 0;
    return {
      totalVectors,
      dimension: s.dimension ?? this.dimensions,
      namespaceVectors: s.namespaces?.[this.namespace]?.recordCount ?? 0,
      fullness: totalVectors / FREE_TIER_RECORDS,
    };
  }

  /** The index, once: describeIndex proves it exists and has our dimension, and names its host. */
  #target(): Promise<Index<RecordMetadata>> {
    this.#index ??= this.#resolve().catch((err: unknown) => {
      this.#index = undefined;
      throw err;
    });
    return this.#index;
  }

  async #resolve(): Promise<Index<RecordMetadata>> {
    let cached = describeCache.get(this.#cacheKey);
    if (!cached || cached.expires < Date.now()) {
      const value = this.#retrying("describeIndex", () => this.#client.describeIndex(this.indexName)).then((model) => ({
        dimension: model.dimension,
        host: model.host,
      }));
      cached = { expires: Date.now() + DESCRIBE_TTL_MS, value };
      describeCache.set(this.#cacheKey, cached);
      const entry = cached;
      value.catch(() => {
        if (describeCache.get(this.#cacheKey) === entry) describeCache.delete(this.#cacheKey);
      });
    }
    const { dimension, host } = await cached.value;
    if (dimension !== this.dimensions) {
      throw new VectorStoreError(
        "dimension_mismatch",
        `Pinecone index "${this.indexName}" stores ${dimension === undefined ? "sparse vectors (no dimension)" : `${dimension}-d vectors`}, but embedder "${this.embedderId}" makes ${this.dimensions}-d vectors: use an embedder of the index's dimension, or another index (${CREATE_INDEX_COMMAND} -- --name <new-name>)`,
        { provider: "pinecone" },
      );
    }
    return this.#client.index({ name: this.indexName, host: this.#indexHost ?? host, namespace: this.namespace });
  }

  #retrying<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return retry(call, {
      clock: this.#clock,
      retries: this.#maxRetries,
      backoffMs: (attempt) => backoffDelayMs(attempt, RETRY_BASE_MS, RETRY_MAX_MS, Math.random()),
      classify: (err, attempt) => (err instanceof VectorStoreError ? err : this.#error(operation, classify(err), attempt.number, err)),
    });
  }

  #error(operation: string, failure: Failure, attempts: number, cause: unknown): VectorStoreError {
    const details = {
      provider: "pinecone" as const,
      attempts,
      cause,
      ...(failure.status ? { status: failure.status } : {}),
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    };
    const what = this.#redact(failure.what);
    if (failure.status === 404 && operation === "describeIndex") {
      return new VectorStoreError(
        "index_not_found",
        `Pinecone index "${this.indexName}" was not found: create it with \`${CREATE_INDEX_COMMAND}\` (PINECONE_INDEX_NAME=${this.indexName}), or set PINECONE_INDEX_NAME to an existing index`,
        details,
      );
    }
    if (failure.status === 401 || failure.status === 403) {
      return new VectorStoreError(
        "unauthorized",
        `Pinecone rejected the API key during ${operation} (HTTP ${failure.status}): check PINECONE_API_KEY`,
        details,
      );
    }
    if (failure.transient) {
      return new VectorStoreError(
        "unavailable",
        `Pinecone ${operation} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${what}`,
        details,
      );
    }
    return new VectorStoreError("request_failed", `Pinecone ${operation} failed: ${what}`, details);
  }

  /** Belt and braces: the SDK's messages carry URLs, never the key, but make sure. */
  #redact(text: string): string {
    // (A key too short to be real would only mangle ordinary words.)
    return this.#apiKey.length >= 8 ? text.split(this.#apiKey).join("[redacted]") : text;
  }
}
