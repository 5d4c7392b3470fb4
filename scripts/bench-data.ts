import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { runMain } from "./lib/cli";
import { MAX_USERS } from "./lib/synthetic/options";

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const maxRss = () => process.resourceUsage().maxRSS * 1024;

function parseSizes(text: string): number[] {
  const sizes = text.split(",").map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : Number.NaN));
  if (sizes.length === 0 || sizes.some((n) => !Number.isSafeInteger(n) || n < 1 || n > MAX_USERS)) {
    throw new InvalidArgumentError(`--sizes must be comma-separated whole numbers from 1 to ${MAX_USERS} (got "${text.slice(0, 40)}")`);
  }
  return sizes;
}

const program = new Command("bench:data")
  .description(
    "Measure generating each population and loading it (streamed, checked, inserted) into a fresh in-memory embedded Postgres " +
      "(PGlite, in this process). PGlite holds about 2 GiB for 10,000 users: past that, measure against a real PostgreSQL (docs/DECISIONS.md).",
  )
  .addOption(
    new Option("--sizes <list>", `comma-separated user counts, each 1 to ${MAX_USERS}`)
      .default([500, 1000], "500,1000")
      .argParser(parseSizes),
  )
  .addOption(new Option("--seed <n>", "generator seed").default(42).argParser(Number))
  .action(async (opts: { sizes: number[]; seed: number }) => {
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    const { openDatabase } = await import("./lib/db");
    const { migrateDatabase } = await import("./lib/migrate");
    const { writeDataset } = await import("./lib/synthetic/dataset-writer");
    const { loadDatasetFile } = await import("./lib/dataset-loader");

    const dir = mkdtempSync(join(tmpdir(), "bench-data-"));
    console.log(`node ${process.version}, ${process.arch}; seed ${opts.seed}; as-of 2026-11-01`);
    console.log(
      "| users | transactions | file | generate | load (stream + check + insert) | peak RSS after generate | peak RSS after load |",
    );
    console.log("|---|---|---|---|---|---|---|");
    try {
      for (const n of opts.sizes) {
        const pg = await startEmbeddedPostgres();
        const handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
        try {
          await migrateDatabase(handle);
          const written = await writeDataset({ numUsers: n, seed: opts.seed, asOf: "2026-11-01", outDir: dir });
          const afterGenerate = maxRss();
          const result = await loadDatasetFile(handle, written.path);
          console.log(
            `| ${n} | ${result.inserted.transactions} | ${mib(written.bytes)} | ${(written.durationMs / 1000).toFixed(2)} s | ${(result.ms / 1000).toFixed(1)} s | ${mib(afterGenerate)} | ${mib(maxRss())} |`,
          );
          rmSync(written.path, { force: true });
        } finally {
          await handle.close();
          await pg.stop();
        }
      }
      console.log(
        "\nPeak RSS is the whole process so far (generator, loader and the embedded Postgres together), so it only grows from row to row.",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

await runMain(program);
