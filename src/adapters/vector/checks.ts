/**
 * What both vector stores check before any I/O, and the filter language they share: a subset of
 * Pinecone's (`{ field: value | { $eq: value } | { $in: [values] } }`, fields ANDed; a field holding
 * a list of strings matches when any element matches). Unknown operators are refused, not ignored.
 */
import {
  MAX_ID_LENGTH,
  MAX_METADATA_BYTES,
  MAX_TOP_K,
  VectorStoreError,
  type VectorFilterValue,
  type VectorMatch,
  type VectorMetadataValue,
  type VectorRecord,
  type VectorStore,
} from "./interface";

export function invalid(message: string, provider: VectorStore["name"]): VectorStoreError {
  return new VectorStoreError("invalid_argument", message, { provider });
}

export function checkVector(values: unknown, store: VectorStore, what: string): void {
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

export function checkTopK(topK: unknown, store: VectorStore): void {
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

export function checkRecord(record: VectorRecord, store: VectorStore, index: number): void {
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
export function lastPerId(records: VectorRecord[]): VectorRecord[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}

export function checkIds(ids: string[], store: VectorStore): string[] {
  if (!Array.isArray(ids)) throw invalid("ids must be an array of strings", store.name);
  ids.forEach((id, i) => checkId(id, store, `ids[${i}]`));
  return [...new Set(ids)];
}

export interface FilterClause {
  field: string;
  /** Any of these values matches (one value for equality and $eq). */
  values: VectorFilterValue[];
}

const isFilterValue = (v: unknown): v is VectorFilterValue =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/** Check a filter against the supported subset; unknown operators are refused, not ignored. */
export function parseFilter(filter: unknown, store: VectorStore): FilterClause[] {
  if (filter === undefined) return [];
  if (!filter || typeof filter !== "object" || Array.isArray(filter)) throw invalid("filter must be an object", store.name);
  const clauses: FilterClause[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith("$") || field.length === 0) {
      throw invalid(
        `filter: "${field}" is not supported; use { field: value | { $eq: value } | { $in: [values] } } (fields are ANDed)`,
        store.name,
      );
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

export function byScoreDesc(a: VectorMatch, b: VectorMatch): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function checkEmbedder(embedderId: unknown, dimensions: unknown, provider: VectorStore["name"]): void {
  if (typeof embedderId !== "string" || embedderId.trim() === "") {
    throw new VectorStoreError("invalid_argument", "embedderId must be a non-empty string", { provider });
  }
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1) {
    throw new VectorStoreError("invalid_argument", `dimensions must be a positive whole number, got ${String(dimensions)}`, { provider });
  }
}
