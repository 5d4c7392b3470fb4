import { Command, Option } from "commander";
import { runMain } from "./lib/cli";
import type { CheckStatus } from "./lib/data-validation";

const MARK: Record<CheckStatus, string> = { pass: "PASS", fail: "FAIL", pending: "----" };

const program = new Command("data:validate")
  .description("Check the population in Postgres: counts, persona mix, coverage, duplicates, dates, amounts. Exits 1 when a check fails.")
  .addOption(new Option("--expected-users <n>", "the user count the data was generated with").argParser(Number))
  .addOption(new Option("--tolerance <pp>", "allowed deviation of each persona share, percentage points").default(5).argParser(Number))
  .addOption(new Option("--min-coverage <share>", "minimum recommendation coverage per window (0–1)").default(0.8).argParser(Number))
  .option("--strict", "treat checks with nothing to check yet (pending) as failures")
  .option("--json", "print the results as JSON")
  .action(async (opts: { expectedUsers?: number; tolerance: number; minCoverage: number; strict?: boolean; json?: boolean }) => {
    if (opts.expectedUsers !== undefined && !(Number.isInteger(opts.expectedUsers) && opts.expectedUsers > 0)) {
      throw new Error("--expected-users must be a positive whole number");
    }
    const { openDatabase } = await import("./lib/db");
    const { validateScaledData } = await import("./lib/data-validation");

    const handle = await openDatabase();
    try {
      const results = await validateScaledData(handle.db, {
        expectedUsers: opts.expectedUsers,
        personaTolerancePp: opts.tolerance,
        recommendationCoverage: opts.minCoverage,
      });
      if (opts.json) console.log(JSON.stringify(results, null, 2));
      else {
        const width = Math.max(...results.map((r) => r.check.length));
        console.log("Scaled data validation");
        for (const r of results) console.log(`  ${MARK[r.status]}  ${r.check.padEnd(width)}  ${r.detail}`);
      }
      const failed = results.filter((r) => r.status === "fail" || (opts.strict && r.status === "pending"));
      console.log(failed.length ? `\n${failed.length} check(s) failed.` : "\nAll checks passed.");
      if (failed.length) process.exitCode = 1;
    } finally {
      await handle.close();
    }
  });

await runMain(program);
