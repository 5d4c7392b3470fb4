/**
 * The vector index's interface and what its adapters share (pgvector.ts, pinecone.ts): record,
 * filter and match shapes, limits, and the typed error. Imports no adapter; adapters import it.
 *
 * Vectors from different embedders are not comparable, so each store is bound to one embedder id
 * and one dimension, and refuses a vector of another length before any I/O (reason
 * "dimension_mismatch"). Both stores speak the same subset of Pinecone's filter language
 * (equality, `$eq`, `$in`, implicit AND) with the same semantics (checks.ts). No node: imports:
 * this runs unchanged in the Worker and in the Node scripts.
 */
import { UpstreamError } from "../../resilience";

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
type VectorFilterCondition = VectorFilterValue | { $eq: VectorFilterValue } | { $in: VectorFilterValue[] };
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
/** Ids per pgvector fetch or delete statement. */
export const PG_ID_BATCH = 1000;
/** Pinecone's per-record metadata limit. */
export const MAX_METADATA_BYTES = 40 * 1024;
export const MAX_ID_LENGTH = 512;
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
  /** What the index asked us to wait before the next attempt (Retry-After), in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * A vector-store failure with a machine-readable reason. Its message never carries a secret.
 * `retryable` is true for a transient failure (rate limit, 5xx, network, the database out of
 * reach): reason "unavailable".
 */
export class VectorStoreError extends UpstreamError<VectorStoreErrorReason> {
  readonly provider: "pinecone" | "pgvector" | undefined;

  constructor(reason: VectorStoreErrorReason, message: string, details: VectorStoreErrorDetails = {}) {
    const { provider, ...rest } = details;
    super(reason, message, { ...rest, retryable: reason === "unavailable" }, "VectorStoreError");
    this.provider = provider;
  }
}
