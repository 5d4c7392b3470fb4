/**
 * npm run bench:jobs: bulk generation through the job path (POST /jobs/recommendations, Miniflare's
 * queues and consumers, the catalog generator) on a private stack, then a count of what was stored
 * against what was asked, and a re-run that must find nothing to do. Writes docs/eval/jobs.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Command, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";

interface Options {
  users: number;
  out: string;
  quiet?: boolean;
}

const program = new Command("bench:jobs")
  .description(
    "Generate recommendations for a whole population through the job path on a private stack (in-memory Postgres, wrangler dev, its queues and consumers), count stored sets against the person-windows asked for, and re-run the job. Loopback only; writes docs/eval/jobs.md.",
  )
  .addOption(new Option("--users <n>", "population (100-10000)").default(10_000).argParser(wholeNumber("--users", 100, 10_000)))
  .option("--out <file>", "where the results are written", "docs/eval/jobs.md")
  .option("--quiet", "no progress bar")
  .action(run);

async function run(opts: Options): Promise<void> {
  const { sql } = await import("drizzle-orm");
  const { createApiClient } = await import("./lib/api-client");
  const { openDatabase } = await import("./lib/db");
  const { loadDataset } = await import("./lib/dataset-loader");
  const { runJob } = await import("./lib/job-follow");
  const { startLocalStack } = await import("./lib/local-stack");
  const { generateDataset } = await import("./lib/synthetic/dataset-generator");

  const t0 = performance.now();
  const generated = generateDataset({ numUsers: opts.users, seed: 42 });
  const consenting = generated.dataset.users.filter((u) => u.consent_status === "granted").length;
  console.log(
    `${opts.users} users (${consenting} consenting) generated in ${((performance.now() - t0) / 1000).toFixed(1)} s; starting the stack and loading them …`,
  );
  let loadMs = 0;
  const stack = await startLocalStack({
    prepare: async (handle) => {
      const t = performance.now();
      await loadDataset(handle, generated.dataset);
      loadMs = performance.now() - t;
    },
    readyTimeoutMs: 120_000,
  });
  try {
    const api = createApiClient(stack.url, stack.operatorToken);
    const first = await runJob(api, "recommendations", {}, { quiet: opts.quiet, pollMs: 2_000 });
    const handle = await openDatabase(stack.database);
    let stored = 0;
    try {
      const { rows } = await handle.db.execute<{ n: number }>(sql`
        select count(*)::int as n from (select distinct r.user_id, r.window_days from recommendations r join users u on u.user_id = r.user_id
          where u.consent_status = 'granted' and r.status <> 'superseded' and r.withdrawn_at is null) s`);
      stored = rows[0]!.n;
    } finally {
      await handle.close();
    }
    const again = await runJob(api, "recommendations", {}, { quiet: true });
    const asked = consenting * 2;
    const lost = asked - stored - first.failed;
    const lines = [
      "| measure | figure |",
      "|---|---|",
      `| population | ${opts.users} users, ${consenting} consenting, ${generated.dataset.transactions.length} transactions (loaded in ${(loadMs / 1000).toFixed(1)} s) |`,
      `| person-windows asked for (consenting × 2 windows) | ${asked} |`,
      `| job items | ${first.total} (done ${first.done}, already finished ${first.skipped}, failed ${first.failed}) |`,
      `| sets stored afterwards (distinct person-windows with a current set) | ${stored} |`,
      `| lost (asked − stored − listed as failed) | ${lost} |`,
      `| duration | ${first.seconds.toFixed(0)} s (${(first.total / first.seconds).toFixed(1)} person-windows/s) |`,
      `| re-run | ${again.total} items |`,
    ].join("\n");
    console.log(`\n${lines}\n`);
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(
      opts.out,
      [
        "# Bulk generation through the job path",
        "",
        `Written by \`npm run bench:jobs -- --users ${opts.users}\` (${new Date().toISOString().slice(0, 10)}). A private stack: in-memory PGlite behind the loopback bridge (one session at a time), \`wrangler dev\` with Miniflare's queues and consumers, the local embedder and the catalog generator. \`POST /jobs/recommendations\` for everyone consenting; the job's fan-out sends one message per person and window; the consumers generate (vector tier first, as a request would), and the embedding queue indexes the new sets meanwhile, so later people are served by the vector tier. Then the stored sets are counted against the person-windows asked for, and the job is started again.`,
        "",
        lines,
        "",
      ].join("\n"),
    );
    console.log(`wrote ${opts.out}`);
    if (lost !== 0 || again.total !== 0) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}

await runMain(program);
