import { writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { runMain } from "./lib/cli";
import { createApiClient } from "./lib/api-client";
import { readDevVars } from "./lib/local-settings";

interface Options {
  batchSize: number;
  dryRun?: boolean;
  failedFile: string;
  quiet?: boolean;
  job?: boolean;
  baseUrl: string;
  token?: string;
}

const program = new Command("vector:populate")
  .description(
    "Embed every approved recommendation (rec_{id}) and the context of every person who has one (context_{user_id}_{window}), and upsert them into the vector index (pgvector, or Pinecone when PINECONE_API_KEY is set). Idempotent.",
  )
  .addOption(new Option("--batch-size <n>", "recommendations per embedding batch").default(50).argParser(Number))
  .option("--dry-run", "embed and report, but write nothing to the index")
  .option("--failed-file <path>", "where failures are written", "failed_embeddings.json")
  .option("--quiet", "no progress bar")
  .option("--job", "run as a bulk job in the API's queue consumers (POST /jobs/vectors) and follow it: for large populations")
  .addOption(new Option("--base-url <url>", "the running API, for --job").env("API_BASE_URL").default("http://127.0.0.1:8787"))
  .addOption(
    new Option("--token <token>", "operator token for --job (default: OPERATOR_TOKEN from the environment or .dev.vars)").env(
      "OPERATOR_TOKEN",
    ),
  )
  .action(async (opts: Options) => {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1 || opts.batchSize > 2048) throw new Error("--batch-size must be 1-2048");
    return opts.job ? populateAsJob(opts) : populate(opts);
  });

/** This process embeds and writes to the index itself. */
async function populate(opts: Options): Promise<void> {
  const { default: cliProgress } = await import("cli-progress");
  const { embeddingCostUsd } = await import("../src/adapters/embedding/openai");
  const { openDatabase } = await import("./lib/db");
  const { scriptProviders } = await import("./lib/providers");
  const { populateVectorIndex } = await import("./lib/vector-population");

  const started = performance.now();
  const handle = await openDatabase();
  try {
    const { embedder, store } = scriptProviders(handle);
    const bar = new cliProgress.SingleBar(
      { format: "embedding [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}" },
      cliProgress.Presets.shades_classic,
    );
    const showBar = !opts.quiet && process.stderr.isTTY;

    const result = await populateVectorIndex({
      db: handle.db,
      embedder,
      store,
      batchSize: opts.batchSize,
      dryRun: opts.dryRun,
      onStart: (totals) => {
        console.log(
          `Embedder ${embedder.id} (${embedder.dimensions}-d) → ${store.name}${opts.dryRun ? " (dry run: nothing is written)" : ""}; ${totals.recommendations} approved recommendations, ${totals.contexts} contexts.`,
        );
        if (showBar) bar.start(totals.recommendations + totals.contexts, 0);
      },
      onProgress: (n) => {
        if (showBar) bar.increment(n);
      },
    });
    if (showBar) bar.stop();

    const { failures, tokens } = result;
    if (failures.length) writeFileSync(opts.failedFile, JSON.stringify({ generated_at: new Date().toISOString(), failures }, null, 2));
    const stats = await store.stats();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      [
        "",
        "Summary",
        `  recommendations embedded: ${result.recommendations}`,
        `  user contexts embedded:   ${result.contexts}`,
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

/** The same work as a bulk job in the API's queue consumers, followed until done. */
async function populateAsJob(opts: Options): Promise<void> {
  const token = opts.token ?? readDevVars().OPERATOR_TOKEN;
  if (!token) throw new Error("--job needs an operator token: pass --token, set OPERATOR_TOKEN, or run npm start once to create .dev.vars");
  const { runJob } = await import("./lib/job-follow");

  const done = await runJob(createApiClient(opts.baseUrl, token), "vectors", {}, { quiet: opts.quiet });
  if (done.failures.length)
    writeFileSync(
      opts.failedFile,
      JSON.stringify({ generated_at: new Date().toISOString(), job_id: done.id, failures: done.failures }, null, 2),
    );
  console.log(
    `\nSummary\n  job: ${done.id}\n  person-windows indexed: ${done.done} (already indexed ${done.skipped}, failed ${done.failed})\n  duration: ${done.seconds.toFixed(1)} s`,
  );
  if (done.failed) process.exitCode = 1;
}

await runMain(program);
