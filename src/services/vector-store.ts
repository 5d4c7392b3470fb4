/**
 * The vector index behind the vector tier (DESIGN.md "Providers"): one interface, two stores.
 *   - PineconeVectorStore: Pinecone serverless through `@pinecone-database/pinecone` (v8, API
 *     version 2026-04). One namespace per embedder id.
 *   - PgVectorStore: pgvector in our own Postgres (the `vectors` table, HNSW cosine index), keyed
 *     by (embedder, id). The offline default, and a valid production choice on Neon.
 * createVectorStore picks Pinecone when a non-blank PINECONE_API_KEY is set, else pgvector.
 *
 * Vectors from different embedders are not comparable, so each store is bound to one embedder id
 * and one dimension, and refuses a vector of another length before any I/O (reason
 * "dimension_mismatch"). Both stores speak the same subset of Pinecone's filter language
 * (equality, `$eq`, `$in`, implicit AND) with the same semantics. No node: imports: this module
 * runs unchanged in the Worker and in the Node scripts.
 */
import { Pinecone, type Index, type RecordMetadata } from "@pinecone-database/pinecone";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "../db/client";
import { EMBEDDING_DIMENSIONS, vectors } from "../db/schema";

// ---- types ----

/** A fetch implementation (the SDK's own `FetchAPI` type resolves to `any` without the DOM lib). */
export type FetchFunction = typeof globalThis.fetch;

/** The value types Pinecone metadata allows. */
export type VectorMetadataValue = string | number | boolean | string[];

export type VectorMetadata = {
  kind: "recommendation" | "context";
  persona_type: string;
  window_days: number;
  status: string;
  user_id: string;
  [key: string]: VectorMetadataValue;
};

export type VectorRecord = { id: string; values: number[]; metadata: VectorMetadata };

export type VectorFilterValue = string | number | boolean;
/** One field's condition: a value (equality), `{ $eq: value }` or `{ $in: [values] }`. */
export type VectorFilterCondition = VectorFilterValue | { $eq: VectorFilterValue } | { $in: VectorFilterValue[] };
/**
 * A subset of Pinecone's metadata filter: `{ field: condition, ... }`, all fields ANDed. A field
 * holding a list of strings matches when any element matches (as in Pinecone).
 */
export type VectorFilter = { [field: string]: VectorFilterCondition };

export type VectorMatch = { id: string; score: number; metadata: VectorMetadata };

export type IndexStats = {
  /** Vectors in the whole index (every embedder). */
  totalVectors: number;
  dimension: number;
  /** Vectors of this store's embedder (its namespace). */
  namespaceVectors: number;
  /** totalVectors / 1,000,000 (the records of Pinecone's free tier). */
  fullness: number;
};

export interface VectorStore {
  readonly name: "pinecone" | "pgvector";
  readonly embedderId: string;
  readonly dimensions: number;
  upsert(records: VectorRecord[]): Promise<{ upserted: number }>;
  query(q: { vector: number[]; topK: number; filter?: VectorFilter }): Promise<VectorMatch[]>;
  fetch(ids: string[]): Promise<Omit<VectorRecord, "values">[]>;
  delete(ids: string[]): Promise<void>;
  stats(): Promise<IndexStats>;
}

/** Pinecone's free tier holds 1M records; `fullness` is measured against it. */
export const FREE_TIER_RECORDS = 1_000_000;
export const MAX_TOP_K = 100;
/** Vectors per Pinecone upsert request (Pinecone's recommended batch size; a request is ≤ 2 MB). */
export const PINECONE_UPSERT_BATCH = 100;
/** Ids per Pinecone fetch request (they travel in the URL's query string). */
export const PINECONE_FETCH_BATCH = 100;
/** Ids per Pinecone delete request (Pinecone's limit). */
export const PINECONE_DELETE_BATCH = 1000;
/** Rows per pgvector insert statement (8 parameters a row, ~16 KB of vector text a row). */
export const PG_UPSERT_BATCH = 500;
const PG_ID_BATCH = 1000;
/** Pinecone's per-record metadata limit. */
const MAX_METADATA_BYTES = 40 * 1024;
const MAX_ID_LENGTH = 512;
export const CREATE_INDEX_COMMAND = "npm run vector:create-index";

// ---- errors ----

export type VectorStoreErrorReason =
  | "dimension_mismatch"
  | "missing_api_key"
  | "index_not_found"
  | "invalid_argument"
  | "unauthorized"
  | "unavailable"
  | "request_failed";

export interface VectorStoreErrorDetails {
  provider?: "pinecone" | "pgvector";
  /** HTTP status of the last failed response, when there was one. */
  status?: number;
  /** Attempts made before giving up. */
  attempts?: number;
  cause?: unknown;
}

/** A vector-store failure with a machine-readable reason. Its message never carries a secret. */
export class VectorStoreError extends Error {
  readonly provider: "pinecone" | "pgvector" | undefined;
  readonly status: number | undefined;
  readonly attempts: number | undefined;
  /** True for a transient failure (rate limit, 5xx, network) that outlived its retries. */
  readonly retryable: boolean;

  constructor(
    readonly reason: VectorStoreErrorReason,
    message: string,
    details: VectorStoreErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "VectorStoreError";
    this.provider = details.provider;
    this.status = details.status;
    this.attempts = details.attempts;
    this.retryable = reason === "unavailable";
  }
}

// ---- validation (shared; always before any I/O) ----

function invalid(message: string, provider: VectorStore["name"]): VectorStoreError {
  return new VectorStoreError("invalid_argument", message, { provider });
}

function checkVector(values: unknown, store: VectorStore, what: string): void {
  if (!Array.isArray(values)) throw invalid(`${what} must be an array of numbers`, store.name);
  if (values.length !== store.dimensions) {
    throw new VectorStoreError(
      "dimension_mismatch",
      `${what} has ${values.length} dimensions, but this ${store.name} index holds ${store.dimensions}-d vectors of embedder "${store.embedderId}"; vectors from different embedders or dimensions cannot be compared`,
      { provider: store.name },
    );
  }
  let nonZero = false;
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw invalid(`${what} has a value that is not a finite number`, store.name);
    if (v !== 0) nonZero = true;
  }
  // Cosine similarity is undefined for the zero vector (Pinecone refuses it too).
  if (!nonZero) throw invalid(`${what} is all zeros: cosine similarity needs at least one non-zero value`, store.name);
}

function checkTopK(topK: unknown, store: VectorStore): void {
  if (typeof topK !== "number" || !Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K) {
    throw invalid(`topK must be a whole number from 1 to ${MAX_TOP_K}, got ${String(topK)}`, store.name);
  }
}

function checkId(id: unknown, store: VectorStore, what: string): asserts id is string {
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw invalid(`${what} must be a non-empty string of at most ${MAX_ID_LENGTH} characters`, store.name);
  }
}

function isMetadataValue(v: unknown): v is VectorMetadataValue {
  if (typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

function checkRecord(record: VectorRecord, store: VectorStore, index: number): void {
  const where = `records[${index}]`;
  if (!record || typeof record !== "object") throw invalid(`${where} must be an object`, store.name);
  checkId(record.id, store, `${where}.id`);
  checkVector(record.values, store, `${where} (${record.id}).values`);
  const m = record.metadata as Record<string, unknown> | undefined;
  if (!m || typeof m !== "object" || Array.isArray(m)) throw invalid(`${where} (${record.id}).metadata must be an object`, store.name);
  if (m.kind !== "recommendation" && m.kind !== "context") {
    throw invalid(`${where} (${record.id}).metadata.kind must be "recommendation" or "context"`, store.name);
  }
  for (const key of ["persona_type", "status", "user_id"] as const) {
    if (typeof m[key] !== "string") throw invalid(`${where} (${record.id}).metadata.${key} must be a string`, store.name);
  }
  if (typeof m.window_days !== "number" || !Number.isInteger(m.window_days)) {
    throw invalid(`${where} (${record.id}).metadata.window_days must be a whole number`, store.name);
  }
  for (const [key, value] of Object.entries(m)) {
    if (!isMetadataValue(value)) {
      throw invalid(`${where} (${record.id}).metadata.${key} must be a string, number, boolean or list of strings`, store.name);
    }
  }
  if (new TextEncoder().encode(JSON.stringify(m)).length > MAX_METADATA_BYTES) {
    throw invalid(`${where} (${record.id}).metadata is larger than ${MAX_METADATA_BYTES} bytes`, store.name);
  }
}

/** The last record for each id wins, as if the records were written one after another. */
function lastPerId(records: VectorRecord[]): VectorRecord[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}

function checkIds(ids: string[], store: VectorStore): string[] {
  if (!Array.isArray(ids)) throw invalid("ids must be an array of strings", store.name);
  ids.forEach((id, i) => checkId(id, store, `ids[${i}]`));
  return [...new Set(ids)];
}

interface FilterClause {
  field: string;
  /** Any of these values matches (one value for equality and $eq). */
  values: VectorFilterValue[];
}

const isFilterValue = (v: unknown): v is VectorFilterValue =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/** Check a filter against the supported subset; unknown operators are refused, not ignored. */
function parseFilter(filter: unknown, store: VectorStore): FilterClause[] {
  if (filter === undefined) return [];
  if (!filter || typeof filter !== "object" || Array.isArray(filter)) throw invalid("filter must be an object", store.name);
  const clauses: FilterClause[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith("$") || field.length === 0) {
      throw invalid(`filter: "${field}" is not supported; use { field: value | { $eq: value } | { $in: [values] } } (fields are ANDed)`, store.name);
    }
    if (isFilterValue(condition)) {
      clauses.push({ field, values: [condition] });
      continue;
    }
    const ops = condition && typeof condition === "object" && !Array.isArray(condition) ? Object.keys(condition) : [];
    if (ops.length === 1 && ops[0] === "$eq" && isFilterValue((condition as { $eq: unknown }).$eq)) {
      clauses.push({ field, values: [(condition as { $eq: VectorFilterValue }).$eq] });
      continue;
    }
    if (ops.length === 1 && ops[0] === "$in") {
      const list = (condition as { $in: unknown }).$in;
      if (!Array.isArray(list) || list.length === 0 || !list.every(isFilterValue)) {
        throw invalid(`filter.${field}.$in must be a non-empty list of strings, numbers or booleans`, store.name);
      }
      clauses.push({ field, values: list });
      continue;
    }
    throw invalid(`filter.${field}: supported conditions are a value, { $eq: value } and { $in: [values] }`, store.name);
  }
  return clauses;
}

function byScoreDesc(a: VectorMatch, b: VectorMatch): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function checkEmbedder(embedderId: unknown, dimensions: unknown, provider: VectorStore["name"]): void {
  if (typeof embedderId !== "string" || embedderId.trim() === "") {
    throw new VectorStoreError("invalid_argument", "embedderId must be a non-empty string", { provider });
  }
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new VectorStoreError("invalid_argument", `dimensions must be a positive whole number, got ${String(dimensions)}`, { provider });
  }
}

// ---- pgvector ----

/** Metadata fields that have a real column in `vectors` (filters on them can use its indexes). */
const COLUMNS = {
  kind: { column: vectors.kind, type: "string" },
  persona_type: { column: vectors.personaType, type: "string" },
  status: { column: vectors.status, type: "string" },
  window_days: { column: vectors.windowDays, type: "number" },
} as const;

/**
 * Query tuning, per query. HNSW with a WHERE filter can return fewer than topK rows: the
 * index yields its `hnsw.ef_search` nearest candidates, and the filter runs after. So we
 *   - raise `hnsw.ef_search` to max(100, 2·topK) (default 40), and
 *   - on pgvector ≥ 0.8 (PGlite ships 0.8.x; Neon offers 0.8) turn on iterative index scans in
 *     `relaxed_order` mode: the scan keeps going until enough rows pass the filter (bounded by
 *     hnsw.max_scan_tuples, 20,000 by default). Relaxed order may return rows slightly out of
 *     distance order, so the caller re-sorts by score.
 * The version is read from pg_extension in the same statement, so an older pgvector still gets
 * the larger ef_search instead of an error. `set_config(…, true)` is SET LOCAL: it ends with the
 * query's implicit transaction and never leaks to other users of a pooled connection.
 */
function tuningStatement(topK: number): SQL {
  const efSearch = Math.max(100, topK * 2);
  return sql.raw(`DO $tune$
BEGIN
  PERFORM set_config('hnsw.ef_search', '${efSearch}', true);
  IF EXISTS (
    SELECT 1 FROM pg_extension
    WHERE extname = 'vector' AND (regexp_match(extversion, '^(\\d+)\\.(\\d+)'))::int[] >= ARRAY[0, 8]
  ) THEN
    PERFORM set_config('hnsw.iterative_scan', 'relaxed_order', true);
  END IF;
END
$tune$`);
}

const vectorLiteral = (values: number[]) => `[${values.join(",")}]`;
type QueryRow = { id: string; metadata: VectorMetadata; distance: number | string };

/**
 * pgvector in the project's Postgres. Rows live in `vectors` with `embedder = embedderId`, so
 * vectors of different embedders never mix. The column is vector(1536): other dimensions are
 * refused when the store is made.
 */
export class PgVectorStore implements VectorStore {
  readonly name = "pgvector" as const;
  readonly embedderId: string;
  readonly dimensions: number;
  readonly #db: () => Database;

  /** `db` may be a function, so that a pool is only opened when the store is first used. */
  constructor(db: Database | (() => Database), options: { embedderId: string; dimensions: number }) {
    checkEmbedder(options.embedderId, options.dimensions, "pgvector");
    if (options.dimensions !== EMBEDDING_DIMENSIONS) {
      throw new VectorStoreError(
        "dimension_mismatch",
        `the embedded index stores ${EMBEDDING_DIMENSIONS}-d vectors, but embedder "${options.embedderId}" makes ${options.dimensions}-d vectors: use a ${EMBEDDING_DIMENSIONS}-d embedder, or Pinecone with an index of ${options.dimensions} dimensions`,
        { provider: "pgvector" },
      );
    }
    this.embedderId = options.embedderId;
    this.dimensions = options.dimensions;
    this.#db = typeof db === "function" ? db : () => db;
  }

  async upsert(records: VectorRecord[]): Promise<{ upserted: number }> {
    if (!Array.isArray(records)) throw invalid("records must be an array", this.name);
    records.forEach((r, i) => checkRecord(r, this, i));
    const unique = lastPerId(records);
    if (unique.length === 0) return { upserted: 0 };
    const db = this.#db();
    for (const batch of chunks(unique, PG_UPSERT_BATCH)) {
      await db
        .insert(vectors)
        .values(
          batch.map((r) => ({
            id: r.id,
            embedder: this.embedderId,
            kind: r.metadata.kind,
            embedding: r.values,
            personaType: r.metadata.persona_type,
            windowDays: r.metadata.window_days,
            status: r.metadata.status,
            metadata: r.metadata,
          })),
        )
        .onConflictDoUpdate({
          target: [vectors.embedder, vectors.id],
          set: {
            kind: sql`excluded.kind`,
            embedding: sql`excluded.embedding`,
            personaType: sql`excluded.persona_type`,
            windowDays: sql`excluded.window_days`,
            status: sql`excluded.status`,
            metadata: sql`excluded.metadata`,
            updatedAt: sql`now()`,
          },
        });
    }
    return { upserted: unique.length };
  }

  async query(q: { vector: number[]; topK: number; filter?: VectorFilter }): Promise<VectorMatch[]> {
    checkVector(q?.vector, this, "the query vector");
    checkTopK(q.topK, this);
    const conditions = [eq(vectors.embedder, this.embedderId), ...parseFilter(q.filter, this).map(filterCondition)];
    const distance = sql`${vectors.embedding} <=> ${vectorLiteral(q.vector)}::vector`;
    const select = sql`select ${vectors.id} as id, ${vectors.metadata} as metadata, ${distance} as distance
        from ${vectors}
        where ${and(...conditions)}
        order by distance
        limit ${q.topK}`;
    // One round trip: the tuning and the query go as one batch, which runs as one transaction, so
    // SET LOCAL holds for the query and ends with it (and an error rolls both back).
    const db = this.#db();
    const [, result] = await db.batch([db.execute(tuningStatement(q.topK)), db.execute<QueryRow>(select)]);
    const rows = result.rows;
    return rows.map((r) => ({ id: r.id, score: 1 - Number(r.distance), metadata: r.metadata })).sort(byScoreDesc);
  }

  async fetch(ids: string[]): Promise<Omit<VectorRecord, "values">[]> {
    const unique = checkIds(ids, this);
    if (unique.length === 0) return [];
    const found = new Map<string, VectorMetadata>();
    for (const batch of chunks(unique, PG_ID_BATCH)) {
      const rows = await this.#db()
        .select({ id: vectors.id, metadata: vectors.metadata })
        .from(vectors)
        .where(and(eq(vectors.embedder, this.embedderId), inArray(vectors.id, batch)));
      for (const row of rows) found.set(row.id, row.metadata as VectorMetadata);
    }
    return unique.flatMap((id) => {
      const metadata = found.get(id);
      return metadata ? [{ id, metadata }] : [];
    });
  }

  async delete(ids: string[]): Promise<void> {
    const unique = checkIds(ids, this);
    for (const batch of chunks(unique, PG_ID_BATCH)) {
      await this.#db()
        .delete(vectors)
        .where(and(eq(vectors.embedder, this.embedderId), inArray(vectors.id, batch)));
    }
  }

  async stats(): Promise<IndexStats> {
    const result = await this.#db().execute<{ total: number; mine: number }>(
      sql`select count(*)::int as total, (count(*) filter (where ${vectors.embedder} = ${this.embedderId}))::int as mine from ${vectors}`,
    );
    const row = result.rows[0];
    const totalVectors = Number(row?.total ?? 0);
    return {
      totalVectors,
      dimension: EMBEDDING_DIMENSIONS,
      namespaceVectors: Number(row?.mine ?? 0),
      fullness: totalVectors / FREE_TIER_RECORDS,
    };
  }
}

/**
 * One filter clause as SQL, with Pinecone's semantics: a value of the wrong type never matches
 * (30 ≠ "30"). Column fields compare the column; other fields compare `metadata -> field` with
 * jsonb containment, which is type-aware and also matches an element of a list of strings.
 */
function filterCondition(clause: FilterClause): SQL {
  const col = COLUMNS[clause.field as keyof typeof COLUMNS];
  if (col) {
    const values = clause.values.filter((v) => typeof v === col.type) as (string | number)[];
    if (values.length === 0) return sql`false`;
    return values.length === 1 ? eq(col.column, values[0]!) : inArray(col.column, values);
  }
  const field = sql`${vectors.metadata} -> ${clause.field}::text`;
  const matches = clause.values.map((v) => sql`${field} @> ${JSON.stringify(v)}::jsonb`);
  return matches.length === 1 ? matches[0]! : sql`(${sql.join(matches, sql` or `)})`;
}

// ---- Pinecone ----

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
  /** Waits between attempts; injectable so tests do not wait. */
  sleep?: ((ms: number) => Promise<void>) | undefined;
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
  return `${embedderId.replace(/[^A-Za-z0-9._:-]/g, "_").slice(0, 480)}-${fnv1a(embedderId)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Thrown by our fetch wrapper for 429/5xx so the retry loop knows the exact status. */
class TransientHttpStatus extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: string,
  ) {
    super(`HTTP ${httpStatus}`);
    this.name = "TransientHttpStatus";
  }
}

interface Failure {
  transient: boolean;
  status?: number;
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
      return { transient: true, status: e.httpStatus, what: `HTTP ${e.httpStatus}${detail ? `: ${detail}` : ""}` };
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
 * skip 429); this class retries 429, 5xx and connection errors itself, with exponential backoff
 * and jitter, and never retries another 4xx.
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
  readonly #sleep: (ms: number) => Promise<void>;
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
      throw new VectorStoreError("invalid_argument", `maxRetries must be a whole number from 0 to 10, got ${maxRetries}`, { provider: "pinecone" });
    }
    this.#apiKey = apiKey;
    this.embedderId = options.embedderId;
    this.dimensions = options.dimensions;
    this.indexName = options.indexName;
    this.namespace = pineconeNamespace(options.embedderId);
    this.#indexHost = options.indexHost?.trim() || undefined;
    this.#maxRetries = maxRetries;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    // Keyed by project too (a 32-bit fingerprint of the key, kept in memory only).
    this.#cacheKey = `${options.controllerHostUrl ?? ""}|${fnv1a(apiKey)}|${options.indexName}`;

    const base: FetchFunction = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const fetchApi: FetchFunction = async (input, init) => {
      const response = await base(input, init);
      if (response.status === 429 || response.status >= 500) {
        throw new TransientHttpStatus(response.status, await response.text().catch(() => ""));
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

  async #retrying<T>(operation: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (err instanceof VectorStoreError) throw err;
        const failure = classify(err);
        if (failure.transient && attempt <= this.#maxRetries) {
          // Exponential backoff with "equal jitter": half fixed, half random.
          const ceiling = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (attempt - 1));
          await this.#sleep(ceiling / 2 + Math.random() * (ceiling / 2));
          continue;
        }
        throw this.#error(operation, failure, attempt, err);
      }
    }
  }

  #error(operation: string, failure: Failure, attempts: number, cause: unknown): VectorStoreError {
    const details = { provider: "pinecone" as const, attempts, cause, ...(failure.status ? { status: failure.status } : {}) };
    const what = this.#redact(failure.what);
    if (failure.status === 404 && operation === "describeIndex") {
      return new VectorStoreError(
        "index_not_found",
        `Pinecone index "${this.indexName}" was not found: create it with \`${CREATE_INDEX_COMMAND}\` (PINECONE_INDEX_NAME=${this.indexName}), or set PINECONE_INDEX_NAME to an existing index`,
        details,
      );
    }
    if (failure.status === 401 || failure.status === 403) {
      return new VectorStoreError("unauthorized", `Pinecone rejected the API key during ${operation} (HTTP ${failure.status}): check PINECONE_API_KEY`, details);
    }
    if (failure.transient) {
      return new VectorStoreError("unavailable", `Pinecone ${operation} failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${what}`, details);
    }
    return new VectorStoreError("request_failed", `Pinecone ${operation} failed: ${what}`, details);
  }

  /** Belt and braces: the SDK's messages carry URLs, never the key, but make sure. */
  #redact(text: string): string {
    // (A key too short to be real would only mangle ordinary words.)
    return this.#apiKey.length >= 8 ? text.split(this.#apiKey).join("[redacted]") : text;
  }
}

// ---- choice ----

export interface VectorStoreConfig {
  pineconeApiKey?: string | undefined;
  pineconeIndexName: string;
  embedderId: string;
  dimensions: number;
  /** Called when the pgvector store first needs the database. */
  db: () => Database;
  fetch?: FetchFunction | undefined;
  pineconeIndexHost?: string | undefined;
  /** Pinecone's own retries (429/5xx/network); default 3. 0 when the caller retries (the vector tier). */
  maxRetries?: number | undefined;
}

/** Pinecone when a non-blank API key is set, else pgvector in the project's Postgres. */
export function createVectorStore(config: VectorStoreConfig): VectorStore {
  if (config.pineconeApiKey?.trim()) {
    return new PineconeVectorStore({
      apiKey: config.pineconeApiKey,
      indexName: config.pineconeIndexName,
      embedderId: config.embedderId,
      dimensions: config.dimensions,
      indexHost: config.pineconeIndexHost,
      fetch: config.fetch,
      maxRetries: config.maxRetries,
    });
  }
  return new PgVectorStore(config.db, { embedderId: config.embedderId, dimensions: config.dimensions });
}
