/**
 * npm run eval: held-out quality evaluation and threshold calibration of the hybrid engine, then
 * the end-to-end comparison with "always call the LLM" (simulated). No network, no keys needed.
 *
 *   1. An index population (default 1,000 users, seed 1) is generated, loaded into a fresh
 *      in-memory Postgres, given approved recommendations by the engine, and indexed (contexts).
 *   2. A held-out population (default 200 users, seed 2, ids from user_50001) the index has never
 *      seen is served through the vector tier's real search and decision at each threshold,
 *      scored with the quality measures (scripts/lib/eval/measures.ts).
 *   3. A sample of held-out requests is served end to end twice, hybrid and vector-off, with the
 *      LLM simulated by a local OpenAI-compatible endpoint (default 17 s per answer).
 *   4. The reuse rule against each personality of the simulated model (short names, first name,
 *      slang amounts, relative dates, figures, obedient), and its false-refusal rate on held-out
 *      generic paragraphs.
 * Writes docs/eval/calibration.md + .svg (calibration-openai.* with OpenAI embeddings),
 * docs/eval/comparison.md and docs/eval/personalities.md.
 */
import { Command, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";
import type { EvalOptions } from "./lib/eval/run";

const program = new Command("eval")
  .description(
    "Held-out quality evaluation and threshold calibration of the hybrid engine (hit rate, relevance, agreement, grounding, leaks at thresholds 0.70-0.99), then hybrid vs always-LLM latency and cost with a SIMULATED LLM. Runs on its own in-memory database: no network, no keys, nothing else touched.",
  )
  .addOption(
    new Option("--index-users <n>", "users in the index population (1-1000)")
      .default(1000)
      .argParser(wholeNumber("--index-users", 1, 1000)),
  )
  .addOption(new Option("--index-seed <n>", "seed of the index population").default(1).argParser(wholeNumber("--index-seed", 0, 2 ** 31)))
  .addOption(
    new Option("--held-out-users <n>", "users in the held-out population (1-1000)")
      .default(200)
      .argParser(wholeNumber("--held-out-users", 1, 1000)),
  )
  .addOption(
    new Option("--held-out-seed <n>", "seed of the held-out population (not the index seed)")
      .default(2)
      .argParser(wholeNumber("--held-out-seed", 0, 2 ** 31)),
  )
  .addOption(
    new Option("--compare-requests <n>", "held-out requests in the hybrid vs always-LLM comparison (0 skips it)")
      .default(40)
      .argParser(wholeNumber("--compare-requests", 0, 400)),
  )
  .addOption(
    new Option("--llm-delay-ms <ms>", "the simulated LLM's answer time")
      .default(17_000)
      .argParser(wholeNumber("--llm-delay-ms", 0, 60_000)),
  )
  .addOption(
    new Option(
      "--llm <behaviour>",
      "the simulated LLM that writes the index population's recommendations: disobedient (writes people's figures, merchants and first names into titles and contents) or obedient",
    )
      .choices(["disobedient", "obedient"])
      .default("disobedient"),
  )
  .addOption(
    new Option("--leak-percent <n>", "disobedient: the share of items (%) that carry the person's facts")
      .default(50)
      .argParser(wholeNumber("--leak-percent", 0, 100)),
  )
  .addOption(
    new Option("--personality-users <n>", "the reuse rule per personality of the simulated model: index users for each (0 skips it)")
      .default(150)
      .argParser(wholeNumber("--personality-users", 0, 1000)),
  )
  .addOption(
    new Option("--personality-held-out <n>", "the reuse rule per personality: held-out users served for each")
      .default(50)
      .argParser(wholeNumber("--personality-held-out", 1, 1000)),
  )
  .addOption(
    new Option("--refusal-paragraphs <n>", "held-out generic paragraphs the false-refusal rate is measured on")
      .default(600)
      .argParser(wholeNumber("--refusal-paragraphs", 1, 100_000)),
  )
  .option("--out-dir <dir>", "where the tables and the chart are written", "docs/eval")
  .option("--quiet", "no progress bars")
  .action(async (opts: EvalOptions) => {
    if (opts.indexSeed === opts.heldOutSeed)
      throw new Error("--held-out-seed must differ from --index-seed: a held-out population is one the index has never seen");
    const { runEval } = await import("./lib/eval/run");
    await runEval(opts);
  });

await runMain(program);
