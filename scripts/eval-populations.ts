/**
 * npm run eval:populations: the vector tier on two held-out populations built differently (the
 * product's own generator and scripts/lib/varied-people), per population: hit rate, coverage of
 * the generator's topics, top-topic and urgent-topic coverage, answers in priority order, the
 * recommended threshold, and one per persona. Its own in-memory database; no network, no keys.
 */
import { Command, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";
import type { PopulationEvalOptions } from "./lib/eval/populations";

const program = new Command("eval:populations")
  .description(
    "The vector tier measured on two held-out populations built differently: the product's own people and a second generator's (students with a loan, retirees without a card, gig workers, families with several cards, many subscriptions, overdue with savings, a few weeks of history, refunds). Writes docs/eval/populations.md.",
  )
  .addOption(
    new Option("--index-users <n>", "people of the product's generator in the index (1-1000)")
      .default(500)
      .argParser(wholeNumber("--index-users", 1, 1000)),
  )
  .addOption(
    new Option("--people <n>", "held-out people in each population (1-1000)").default(160).argParser(wholeNumber("--people", 1, 1000)),
  )
  .addOption(new Option("--seed <n>", "seed of the second generator's population").default(7).argParser(wholeNumber("--seed", 0, 2 ** 31)))
  .option("--out-dir <dir>", "where populations.md is written", "docs/eval")
  .action(async (opts: PopulationEvalOptions) => {
    const { runPopulationEval } = await import("./lib/eval/populations");
    await runPopulationEval(opts);
  });

await runMain(program);
