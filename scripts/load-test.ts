/**
 * npm run load: a sustained mixed load against `wrangler dev` on a private embedded stack, bounded
 * in time and loopback only. Reports the error rate (target: no answer other than 2xx/4xx), the
 * p99, and whether every served generate request left its request-log row. Writes
 * docs/eval/reliability.md.
 */
import { Command, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";
import type { LoadTestOptions } from "./lib/load-test-run";

const program = new Command("load")
  .description(
    "Sustained mixed load (generate: KV, vector and generator paths; profile and list reads; some bad requests) against wrangler dev on a private embedded stack, as fast as the machine answers. Loopback only, bounded in time. Writes docs/eval/reliability.md.",
  )
  .addOption(
    new Option("--users <n>", "population of the private stack (50-1000)").default(200).argParser(wholeNumber("--users", 50, 1000)),
  )
  .addOption(new Option("--duration <s>", "seconds of load (5-600)").default(60).argParser(wholeNumber("--duration", 5, 600)))
  .addOption(new Option("--connections <n>", "concurrent connections (1-64)").default(4).argParser(wholeNumber("--connections", 1, 64)))
  .option("--out <file>", "where the results are written", "docs/eval/reliability.md")
  .action(async (opts: LoadTestOptions) => {
    const { runLoadTest } = await import("./lib/load-test-run");
    await runLoadTest(opts);
  });

await runMain(program);
