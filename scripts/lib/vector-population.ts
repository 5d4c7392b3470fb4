import pRetry, { type Options as RetryOptions } from "p-retry";
import type { Database } from "../../src/db/client";
import { approvedContexts, approvedRecommendationsAfter, countApproved } from "../../src/db/recommendations";
import type { WindowDays } from "../../src/domain/signals";
import type { Embedder } from "../../src/adapters/embedding/interface";
import { contextRecords, recommendationRecords } from "../../src/services/vector-indexing";
import { contextVectorId, recommendationVectorId } from "../../src/services/vector-records";
import type { VectorRecord, VectorStore } from "../../src/adapters/vector/interface";

/** Records per upsert call (the stores split further: Pinecone 100 per request, pgvector 500 per statement). */
const UPSERT_CHUNK = 1_000;

/** The script's retries for embedding and upserting: 3, from 0.5 s, doubling, with jitter. */
const POPULATION_RETRY: RetryOptions = { retries: 3, minTimeout: 500, factor: 2, randomize: true };

export interface PopulationOptions {
  db: Database;
  embedder: Embedder;
  store: VectorStore;
  /** Recommendations per embedding batch (and contexts per slice). */
  batchSize: number;
  /** Embed and report, but write nothing to the index. */
  dryRun?: boolean | undefined;
  /** Records gathered per upsert call; default UPSERT_CHUNK. */
  upsertChunk?: number | undefined;
  /** p-retry options for each embedding and upsert call; default POPULATION_RETRY. */
  retry?: RetryOptions | undefined;
  /** Called once the totals are known, before any work. */
  onStart?: ((totals: { recommendations: number; contexts: number }) => void) | undefined;
  /** Called as recommendations and contexts are processed (written or failed). */
  onProgress?: ((processed: number) => void) | undefined;
}

export interface PopulationResult {
  /** Approved recommendations in Postgres, and (user, window) contexts with one, at the start. */
  totals: { recommendations: number; contexts: number };
  /** Vectors written (embedded, in a dry run), by kind. */
  recommendations: number;
  contexts: number;
  /** Every record that is not in the index because of this run, with the reason. */
  failures: { id: string; error: string }[];
  tokens: number;
  /** Approved recommendations the reuse rule kept out of their person's context (they carry something of their author). */
  refused: number;
  /** Person-windows left without a context vector: nothing of theirs is reusable. */
  withoutReusable: number;
}

/**
 * Rebuild the vector index from Postgres: embed every approved recommendation (`rec_{id}`, marked
 * reusable or not) and the context of every person who has one (`context_{user_id}_{window}`, with
 * their reusable items and author digest under the current reuse rule), and upsert them. Upserts are
 * by id, so running it again, after a crash or a failed run, completes the index and changes
 * nothing that was already right. A record that could not be embedded or written is reported in
 * `failures` (every record of a failed upsert, not only the last batch's), never silently dropped.
 */
export async function populateVectorIndex(opts: PopulationOptions): Promise<PopulationResult> {
  const { db, embedder, store } = opts;
  const upsertChunk = opts.upsertChunk ?? UPSERT_CHUNK;
  const retryOptions = opts.retry ?? POPULATION_RETRY;
  const retry = <T>(fn: () => Promise<T>) => pRetry(fn, retryOptions);
  const progress = opts.onProgress ?? (() => {});

  const [recTotal, withPersona] = await Promise.all([countApproved(db), approvedContexts(db)]);
  // One context per person and window, whatever personas their approved sets were made under.
  const contexts = [...new Map(withPersona.map((c) => [contextVectorId(c.userId, c.windowDays), c])).values()];
  const totals = { recommendations: recTotal, contexts: contexts.length };
  opts.onStart?.(totals);

  const result: PopulationResult = { totals, recommendations: 0, contexts: 0, failures: [], tokens: 0, refused: 0, withoutReusable: 0 };
  // Embedding batches follow batchSize; writes are gathered into larger upserts, since each round
  // trip to the index costs more than the rows in it. A record counts as done once it is written.
  const pending: VectorRecord[] = [];
  const flush = async () => {
    const records = pending.splice(0);
    if (records.length === 0) return;
    try {
      if (!opts.dryRun) await retry(() => store.upsert(records));
    } catch (err) {
      for (const r of records) result.failures.push({ id: r.id, error: (err as Error).message });
      return;
    }
    for (const r of records) {
      if (r.metadata.kind === "context") result.contexts += 1;
      else result.recommendations += 1;
    }
  };
  const write = async (records: VectorRecord[]) => {
    pending.push(...records);
    if (pending.length >= upsertChunk) await flush();
  };

  for (let after: string | null = null; ; ) {
    const batch = await approvedRecommendationsAfter(db, after, opts.batchSize);
    if (batch.length === 0) break;
    after = batch.at(-1)!.id;
    try {
      const built = await retry(() => recommendationRecords(db, embedder, batch));
      result.tokens += built.tokens;
      await write(built.records);
    } catch (err) {
      for (const rec of batch) result.failures.push({ id: recommendationVectorId(rec.id), error: (err as Error).message });
    }
    progress(batch.length);
  }

  for (let i = 0; i < contexts.length; i += opts.batchSize) {
    const slice = contexts.slice(i, i + opts.batchSize).map((c) => ({ userId: c.userId, windowDays: c.windowDays as WindowDays }));
    try {
      const plan = await retry(() => contextRecords(db, embedder, slice));
      result.tokens += plan.tokens;
      result.refused += plan.refused.length;
      result.withoutReusable += plan.remove.length;
      await write(plan.upsert);
      if (plan.remove.length && !opts.dryRun) await retry(() => store.delete(plan.remove));
    } catch (err) {
      for (const ctx of slice) result.failures.push({ id: contextVectorId(ctx.userId, ctx.windowDays), error: (err as Error).message });
    }
    progress(slice.length);
  }
  await flush();
  return result;
}
