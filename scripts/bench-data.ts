import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, Option } from "commander";
import { runMain } from "./lib/cli";
import { openDatabase } from "./lib/db";
import { loadDataset, readDataset } from "./lib/dataset-loader";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { migrateDatabase } from "./lib/migrate";
import { writeDataset } from "./lib/synthetic/dataset-writer";

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

const program = new Command("bench:data")
  .description("Measure generating and loading synthetic populations into a fresh in-memory embedded Postgres.")
  .addOption(new Option("--sizes <list>", "comma-separated user counts").default("500,1000"))
  .addOption(new Option("--seed <n>", "generator seed").default(42).argParser(Number))
  .action(async (opts: { sizes: string; seed: number }) => {
    const sizes = opts.sizes.split(",").map((s) => Number(s.trim()));
    if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) throw new Error("--sizes must be whole numbers between 1 and 1000");
    const dir = mkdtempSync(join(tmpdir(), "bench-data-"));
    console.log(`node ${process.version}, ${process.arch}; seed ${opts.seed}; as-of 2026-11-01`);
    console.log("| users | transactions | generate | load (read+check+insert) | peak RSS |");
    console.log("|---|---|---|---|---|");
    try {
      for (const n of sizes) {
        const pg = await startEmbeddedPostgres();
        const handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
        try {
          await migrateDatabase(handle);
          const written = await writeDataset({ numUsers: n, seed: opts.seed, asOf: "2026-11-01", outDir: dir });
          const loadStart = performance.now();
          const result = await loadDataset(handle.sessionDb, await readDataset(written.path));
          await handle.endSessions();
          const loadMs = performance.now() - loadStart;
          const rss = process.resourceUsage().maxRSS * 1024;
          console.log(`| ${n} | ${result.inserted.transactions} | ${(written.durationMs / 1000).toFixed(2)} s | ${(loadMs / 1000).toFixed(1)} s | ${mib(rss)} |`);
        } finally {
          await handle.close();
          await pg.stop();
        }
      }
      console.log("\nPeak RSS is the whole process (generator, loader and the embedded Postgres together).");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

await runMain(program);
