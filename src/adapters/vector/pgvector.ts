/**
 * The vector index in the project's own Postgres: pgvector (the `vectors` table, HNSW cosine
 * index), keyed by (embedder, id). The offline default, and a valid production choice on Neon.
 * A database out of reach is a retryable VectorStoreError ("unavailable", the driver's error as
 * its cause); any other database error passes through as it is.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { EMBEDDING_DIMENSIONS, vectors } from "../../db/schema";
import { isDatabaseUnavailable } from "../../errors";
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
  type FilterClause,
} from "./checks";
import {
  FREE_TIER_RECORDS,
  PG_ID_BATCH,
  PG_UPSERT_BATCH,
  VectorStoreError,
  type IndexStats,
  type VectorFilter,
  type VectorMatch,
  type VectorMetadata,
  type VectorRecord,
  type VectorStore,
} from "./interface";

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
  readonly #upsertBatch: number;

  /** `db` may be a function, so that a pool is only opened when the store is first used. */
  constructor(db: Database | (() => Database), options: { embedderId: string; dimensions: number; upsertBatch?: number }) {
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
    this.#upsertBatch = options.upsertBatch ?? PG_UPSERT_BATCH;
  }

  async upsert(records: VectorRecord[]): Promise<{ upserted: number }> {
    if (!Array.isArray(records)) throw invalid("records must be an array", this.name);
    records.forEach((r, i) => checkRecord(r, this, i));
    const unique = lastPerId(records);
    if (unique.length === 0) return { upserted: 0 };
    const db = this.#db();
    for (const batch of chunks(unique, this.#upsertBatch)) {
      await this.#reachable("upsert", () =>
        db
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
          }),
      );
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
    const [, result] = await this.#reachable("query", () => db.batch([db.execute(tuningStatement(q.topK)), db.execute<QueryRow>(select)]));
    const rows = result.rows;
    return rows.map((r) => ({ id: r.id, score: 1 - Number(r.distance), metadata: r.metadata })).sort(byScoreDesc);
  }

  async fetch(ids: string[]): Promise<Omit<VectorRecord, "values">[]> {
    const unique = checkIds(ids, this);
    if (unique.length === 0) return [];
    const found = new Map<string, VectorMetadata>();
    for (const batch of chunks(unique, PG_ID_BATCH)) {
      const rows = await this.#reachable("fetch", () =>
        this.#db()
          .select({ id: vectors.id, metadata: vectors.metadata })
          .from(vectors)
          .where(and(eq(vectors.embedder, this.embedderId), inArray(vectors.id, batch))),
      );
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
      await this.#reachable("delete", () =>
        this.#db()
          .delete(vectors)
          .where(and(eq(vectors.embedder, this.embedderId), inArray(vectors.id, batch))),
      );
    }
  }

  async stats(): Promise<IndexStats> {
    const result = await this.#reachable("stats", () =>
      this.#db().execute<{ total: number; mine: number }>(
        sql`select count(*)::int as total, (count(*) filter (where ${vectors.embedder} = ${this.embedderId}))::int as mine from ${vectors}`,
      ),
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

  /** The database out of reach becomes a typed, retryable failure; anything else is left as it is. */
  async #reachable<T>(operation: string, run: () => PromiseLike<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      throw new VectorStoreError("unavailable", `pgvector ${operation} failed: the database is out of reach`, {
        provider: "pgvector",
        cause: err,
      });
    }
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
