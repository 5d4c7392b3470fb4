import { writeFileSync } from "node:fs";
import cliProgress from "cli-progress";
import { Command, Option } from "commander";
import pRetry from "p-retry";
import { getStoredProfile } from "../src/db/profiles";
import { approvedContexts, approvedRecommendationsAfter, countApproved } from "../src/db/recommendations";
import { embedUserContext, embeddingCostUsd, recommendationEmbeddingText } from "../src/services/embedding";
import { contextVector, contextVectorId, recommendationVector, recommendationVectorId } from "../src/services/vector-records";
import type { VectorRecord } from "../src/services/vector-store";
import { runMain } from "./lib/cli";
import { openDatabase } from "./lib/db";
import { scriptProviders } from "./lib/providers";

/** Records per upsert call (the stores split further: Pinecone 100 per request, pgvector 500 per statement). */
const UPSERT_CHUNK = 1_000;

interface Options {
  batchSize: number;
  dryRun?: boolean;
  failedFile: string;
  quiet?: boolean;
}

const program = new Command("vector:populate")
  .description(
    "Embed every approved recommendation (rec_{id}) and the context of every person who has one (context_{user_id}_{window}), and upsert them into the vector index (pgvector, or Pinecone when PINECONE_API_KEY is set). Idempotent.",
  )
  .addOption(new Option("--batch-size <n>", "recommendations per embedding batch").default(50).argParser(Number))
  .option("--dry-run", "embed and report, but write nothing to the index")
  .option("--failed-file <path>", "where failures are written", "failed_embeddings.json")
  .option("--quiet", "no progress bar")
  .action(populate);

async function populate(opts: Options): Promise<void> {
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1 || opts.batchSize > 2048) throw new Error("--batch-size must be 1-2048");
  const started = performance.now();
  const handle = await openDatabase();
  try {
    const { embedder, store } = scriptProviders(handle);
    const db = handle.db;
    const [recTotal, contexts] = await Promise.all([countApproved(db), approvedContexts(db)]);
    console.log(
      `Embedder ${embedder.id} (${embedder.dimensions}-d) → ${store.name}${opts.dryRun ? " (dry run: nothing is written)" : ""}; ${recTotal} approved recommendations, ${contexts.length} contexts.`,
    );
    const bar = new cliProgress.SingleBar({ format: "embedding [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}" }, cliProgress.Presets.shades_classic);
    const showBar = !opts.quiet && process.stderr.isTTY;
    if (showBar) bar.start(recTotal + contexts.length, 0);

    const failures: { id: string; error: string }[] = [];
    let tokens = 0;
    let recsDone = 0;
    let contextsDone = 0;
    const retry = <T>(fn: () => Promise<T>) => pRetry(fn, { retries: 3, minTimeout: 500, factor: 2, randomize: true });
    // Embedding batches follow --batch-size; writes are gathered into larger upserts, since each
    // round trip to the index costs more than the rows in it.
    const pending: VectorRecord[] = [];
    const flush = async () => {
      const records = pending.splice(0);
      if (!opts.dryRun && records.length) await retry(() => store.upsert(records));
    };
    const write = async (records: VectorRecord[]) => {
      pending.push(...records);
      if (pending.length >= UPSERT_CHUNK) await flush();
    };

    for (let after: string | null = null; ; ) {
      const batch = await approvedRecommendationsAfter(db, after, opts.batchSize);
      if (batch.length === 0) break;
      after = batch.at(-1)!.id;
      try {
        const embedded = await retry(() => embedder.embedBatch(batch.map((r) => recommendationEmbeddingText(r))));
        tokens += embedded.usage.tokens;
        await write(batch.map((rec, i) => recommendationVector(rec, embedded.vectors[i]!)));
        recsDone += batch.length;
      } catch (err) {
        for (const rec of batch) failures.push({ id: recommendationVectorId(rec.id), error: (err as Error).message });
      }
      if (showBar) bar.increment(batch.length);
    }

    for (let i = 0; i < contexts.length; i += opts.batchSize) {
      const slice = contexts.slice(i, i + opts.batchSize);
      const records: VectorRecord[] = [];
      for (const ctx of slice) {
        try {
          const profile = await getStoredProfile(db, ctx.userId, ctx.windowDays as 30 | 180);
          if (!profile) throw new Error("no stored profile: compute features first (POST /users/:id/features)");
          const embedded = await retry(() => embedUserContext(embedder, profile.signals, profile.persona));
          if (!embedded.cached) tokens += embedded.text.split(/\s+/).length;
          records.push(contextVector({ ...ctx, personaType: profile.persona.persona_type, canonicalText: embedded.text }, embedded.vector));
        } catch (err) {
          failures.push({ id: contextVectorId(ctx.userId, ctx.windowDays), error: (err as Error).message });
        }
      }
      try {
        await write(records);
        contextsDone += records.length;
      } catch (err) {
        for (const r of records) failures.push({ id: r.id, error: (err as Error).message });
      }
      if (showBar) bar.increment(slice.length);
    }
    try {
      await flush();
    } catch (err) {
      failures.push({ id: "final upsert", error: (err as Error).message });
    }
    if (showBar) bar.stop();

    if (failures.length) writeFileSync(opts.failedFile, JSON.stringify({ generated_at: new Date().toISOString(), failures }, null, 2));
    const stats = await store.stats();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      [
        "",
        "Summary",
        `  recommendations embedded: ${recsDone}`,
        `  user contexts embedded:   ${contextsDone}`,
        `  failed:                   ${failures.length}${failures.length ? ` → ${opts.failedFile}` : ""}`,
        `  tokens:                   ${tokens}${embedder.id.startsWith("local") ? " (local embedder: word tokens, no cost)" : ""}`,
        `  cost:                     $${embeddingCostUsd(tokens, embedder.id).toFixed(6)}`,
        `  duration:                 ${seconds.toFixed(1)} s`,
        "Index",
        `  total vectors: ${stats.totalVectors} (this embedder: ${stats.namespaceVectors})`,
        `  dimension:     ${stats.dimension}`,
        `  fullness:      ${(stats.fullness * 100).toFixed(3)}% of the 1M-record free tier`,
      ].join("\n"),
    );
    if (failures.length) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

await runMain(program);
