import { Command } from "commander";
import cliProgress from "cli-progress";
import { runMain } from "./lib/cli";
import { openDatabase } from "./lib/db";
import { datasetRowCount, loadDataset, readDataset } from "./lib/dataset-loader";

const program = new Command("data:load")
  .description(
    "Load a dataset file ({users, accounts, transactions, liabilities}; see docs/DATA_FORMAT.md) into Postgres, all or nothing. Loading the same file twice changes nothing.",
  )
  .argument("<file>", "the dataset JSON, e.g. data/synthetic_users_500.json")
  .option("--quiet", "no progress bar")
  .action(async (file: string, opts: { quiet?: boolean }) => {
    const started = performance.now();
    const dataset = await readDataset(file);
    const handle = await openDatabase();
    const bar = new cliProgress.SingleBar(
      { format: "loading [{bar}] {percentage}% | {value}/{total} rows | ETA {eta}s", noTTYOutput: false },
      cliProgress.Presets.shades_classic,
    );
    const showBar = !opts.quiet && process.stderr.isTTY;
    if (showBar) bar.start(datasetRowCount(dataset), 0);
    try {
      const result = await loadDataset(handle.sessionDb, dataset, (n) => showBar && bar.increment(n));
      await handle.endSessions();
      if (showBar) bar.stop();
      const line = (k: keyof typeof result.inserted) => `${k}: ${result.inserted[k]} inserted, ${result.skipped[k]} already there`;
      console.log(`Loaded ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      for (const k of ["users", "accounts", "transactions", "liabilities"] as const) console.log(`  ${line(k)}`);
    } finally {
      if (showBar) bar.stop();
      await handle.close();
    }
  });

await runMain(program);
