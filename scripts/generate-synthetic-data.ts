/**
 * Generate the synthetic dataset: npx tsx scripts/generate-synthetic-data.ts --num-users 500 --seed 42
 *
 * Writes {out-dir}/synthetic_users_{N}.json, streamed in chunks of 100 users (up to 100,000 users in
 * bounded memory), runs the data-quality checks as it goes and prints a summary. Exit codes: 0 ok, 1 a quality check failed (or the run
 * failed), 2 a bad command line. The library behind it is scripts/lib/synthetic (import it from there: this
 * module loads the generator only when it runs, so --help and bad arguments answer at once).
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { capEchoedArguments } from "./lib/cli";
import { formatDay } from "./lib/synthetic/dates";
import { MemoryMonitor } from "./lib/synthetic/memory-monitor";
import {
  checkIdRange,
  DEFAULT_CONSENT_RATE,
  DEFAULT_NUM_USERS,
  DEFAULT_SEED,
  MAX_USERS,
  MAX_USER_NUMBER,
  MIN_USERS,
  OptionError,
  parseAsOf,
  parseConsentRate,
  parseNumUsers,
  parseSeed,
  parseFirstId,
} from "./lib/synthetic/options";
import { PERSONAS } from "./lib/synthetic/personas";
import type { WriteDatasetResult } from "./lib/synthetic/dataset-writer";

export const EXIT_QUALITY_FAILED = 1;
export const EXIT_USAGE = 2;

interface CliOptions {
  numUsers: number;
  seed: number;
  firstId: number;
  consentRate: number;
  asOf?: string;
  outDir: string;
  quiet?: boolean;
}

/** Turn a strict parser into a commander argument parser with a clear message. */
const arg =
  <T>(parse: (text: string) => T) =>
  (text: string): T => {
    try {
      return parse(text);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof OptionError ? err.message : String(err));
    }
  };

export function buildProgram(): Command {
  const program = new Command("generate-synthetic-data")
    .description(
      "Generate synthetic SpendSense users with accounts, 6 months of transactions and credit-card " +
        "liabilities, as one streamed JSON file {users, accounts, transactions, liabilities}. " +
        "Personas: high_utilization 40%, subscription_heavy 30%, savings_builder 15%, " +
        "variable_income 10%, wealth_builder 5% (largest-remainder rounding).",
    )
    .addOption(
      new Option("--num-users <n>", `number of users, a whole number from ${MIN_USERS} to ${MAX_USERS}`)
        .default(DEFAULT_NUM_USERS)
        .argParser(arg(parseNumUsers)),
    )
    .addOption(
      new Option("--seed <int>", "PRNG seed; the same seed and --as-of give a byte-identical file")
        .default(DEFAULT_SEED)
        .argParser(arg(parseSeed)),
    )
    .addOption(
      new Option("--consent-rate <rate>", "share of users with consent granted, 0 to 1")
        .default(DEFAULT_CONSENT_RATE)
        .argParser(arg(parseConsentRate)),
    )
    .addOption(
      new Option(
        "--as-of <date>",
        "YYYY-MM-DD, the last day of the data; transactions cover the 180 days ending on it (default: today, UTC)",
      ).argParser(arg(parseAsOf)),
    )
    .addOption(
      new Option(
        "--first-id <n>",
        `number of the first user (1 → user_00001); another range gives a second population that can be loaded beside the first; the last user's number must be at most ${MAX_USER_NUMBER}`,
      )
        .default(1)
        .argParser(arg(parseFirstId)),
    )
    .option("--out-dir <dir>", "output directory (created if missing)", "data")
    .option("--quiet", "no progress bar")
    .addHelpText(
      "after",
      "\nOutput: <out-dir>/synthetic_users_<N>.json (synthetic_users_<N>_from_<first-id>.json with --first-id). Format: docs/DATA_FORMAT.md.\n" +
        `Exit codes: 0 ok, ${EXIT_QUALITY_FAILED} a data-quality check failed, ${EXIT_USAGE} bad arguments.\n\n` +
        "Example:\n  npx tsx scripts/generate-synthetic-data.ts --num-users 1000 --seed 42 --as-of 2026-11-01",
    )
    .exitOverride();
  return capEchoedArguments(program);
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    program.parse(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_USAGE;
    throw err;
  }
  const opts = program.opts<CliOptions>();
  try {
    checkIdRange(opts.firstId, opts.numUsers);
  } catch (err) {
    if (!(err instanceof OptionError)) throw err;
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const { Presets, SingleBar } = await import("cli-progress");
  const { writeDataset } = await import("./lib/synthetic/dataset-writer");

  const showBar = !opts.quiet && process.stderr.isTTY === true;
  const bar = new SingleBar(
    { stream: process.stderr, format: "users |{bar}| {value}/{total} {percentage}% | ETA {eta}s", hideCursor: true },
    Presets.shades_classic,
  );
  const monitor = new MemoryMonitor((message) => process.stderr.write(`${showBar ? "\n" : ""}${message}\n`));
  if (showBar) bar.start(opts.numUsers, 0);
  monitor.sample();
  let result: WriteDatasetResult;
  try {
    result = await writeDataset({
      numUsers: opts.numUsers,
      seed: opts.seed,
      consentRate: opts.consentRate,
      asOf: opts.asOf,
      firstId: opts.firstId,
      outDir: opts.outDir,
      onUser: () => monitor.sample(),
      onChunk: (done) => {
        if (showBar) bar.update(done);
      },
    });
  } finally {
    if (showBar) bar.stop();
  }
  monitor.sample();
  process.stdout.write(summary(result, monitor));
  return result.quality.ok ? 0 : EXIT_QUALITY_FAILED;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const pct = (part: number, whole: number) => `${whole ? ((100 * part) / whole).toFixed(1) : "0.0"}%`;

export function summary(r: WriteDatasetResult, monitor: MemoryMonitor): string {
  const { totals, personaCounts, intentPassed, checks } = r.quality;
  const o = r.options;
  const lines = [
    `Wrote ${r.path} (${mib(r.bytes)})`,
    `  seed ${o.seed}, as-of ${o.asOf} (window ${formatDay(o.windowStart)}..${o.asOf}), consent rate ${o.consentRate}`,
    `  users ${totals.users}, accounts ${totals.accounts}, transactions ${totals.transactions}, liabilities ${totals.liabilities}`,
    `  card holders ${totals.cardHolders} (${pct(totals.cardHolders, totals.users)})`,
    "  personas (intended; users whose data matches it and no higher-priority persona):",
    ...PERSONAS.map(
      (p) =>
        `    ${p.padEnd(20)} ${String(personaCounts[p]).padStart(5)} (${pct(personaCounts[p], totals.users).padStart(6)})  matched ${intentPassed[p]}`,
    ),
    `  quality checks: ${checks.filter((c) => c.failures === 0).length}/${checks.length} passed`,
    ...checks
      .filter((c) => c.failures > 0)
      .flatMap((c) => [`    FAILED ${c.name}: ${c.failures}`, ...c.examples.map((e) => `      - ${e}`)]),
    `  duration ${(r.durationMs / 1000).toFixed(2)} s, peak RSS ${mib(monitor.peakRssBytes())}, peak heap ${mib(monitor.peakHeapUsed)}`,
    "",
  ];
  return lines.join("\n");
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      if (process.env.DEBUG) console.error(err);
      process.exitCode = 1;
    },
  );
}
