/**
 * npm run bench: latency and throughput per path of the generate endpoint, with autocannon against
 * `wrangler dev` on a private embedded stack (scripts/lib/bench-stack.ts), and the speed of the
 * batch jobs that built it. Loopback only, bounded in time; writes docs/eval/benchmarks.md.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";
import type { BenchOptions } from "./lib/bench-run";

/** "30,150" → [30, 150]; each a whole number of ms, 0-1000. */
function rttList(value: string): number[] {
  const each = wholeNumber("--db-rtt-ms", 0, 1000);
  const list = value.split(",").map((part) => each(part.trim()));
  if (list.length > 4) throw new InvalidArgumentError("--db-rtt-ms takes at most 4 distances");
  return list;
}

const program = new Command("bench")
  .description(
    "Benchmark the generate endpoint per path (KV hit, vector hit, generation miss, use_vector_db=false) with autocannon against wrangler dev on a private embedded stack, plus the batch jobs that build it. Loopback only; writes docs/eval/benchmarks.md.",
  )
  .addOption(
    new Option("--users <n>", "population of the private stack (50-1000)").default(300).argParser(wholeNumber("--users", 50, 1000)),
  )
  .addOption(new Option("--duration <s>", "seconds per path (1-120)").default(10).argParser(wholeNumber("--duration", 1, 120)))
  .addOption(
    new Option("--connections <n>", "concurrent connections (1-64); the embedded database serves one session at a time, so more only queue")
      .default(1)
      .argParser(wholeNumber("--connections", 1, 64)),
  )
  .addOption(
    new Option(
      "--db-rtt-ms <ms,...>",
      "also run every path with the region (database and index) this far away (round trip, ms; a comma-separated list), as an edge location far from it; 0: loopback only",
    )
      .default([30, 150], "30,150")
      .argParser(rttList),
  )
  .option("--out <file>", "where the results are written", "docs/eval/benchmarks.md")
  .action(async (opts: BenchOptions) => {
    const { runBench } = await import("./lib/bench-run");
    await runBench(opts);
  });

await runMain(program);
