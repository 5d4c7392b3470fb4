import { Command, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";

const program = new Command("test:repeat")
  .description(
    "Clone the current commit into a new temporary folder N times, one after another, and run the README's install and test commands in each (as CI does, with CI=true). " +
      "Prints pass or fail per run, the failing tests, and the p50 and p90 times. Exits 1 when any run failed. Only committed work is tested.",
  )
  .addOption(new Option("--runs <n>", "how many fresh clones to run, 1–20").default(5).argParser(wholeNumber("--runs", 1, 20)))
  .option("--log-dir <dir>", "where each run's full output is written (default: a new temporary folder)")
  .option("--keep", "keep each clone (with its node_modules) instead of removing it after its run")
  .option("--out <file>", "also write the Markdown report to this file")
  .action(async (opts: { runs: number; logDir?: string; keep?: boolean; out?: string }) => {
    const { execFileSync } = await import("node:child_process");
    const { mkdirSync, mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join, resolve } = await import("node:path");
    const { readmeCommands, repeatOnce, report } = await import("./lib/test-repeat");

    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
    const repo = git("rev-parse", "--show-toplevel");
    const commit = git("rev-parse", "HEAD");
    if (git("status", "--porcelain")) console.error("note: the work tree has uncommitted changes; the runs test the commit only.");
    const commands = readmeCommands(readFileSync(join(repo, "README.md"), "utf8"));
    const logDir = opts.logDir ? resolve(opts.logDir) : mkdtempSync(join(tmpdir(), "spendsense-repeat-logs-"));
    mkdirSync(logDir, { recursive: true });
    console.error(`${opts.runs} run(s) of \`${commands.install}\` then \`${commands.test}\` at ${commit.slice(0, 7)}; logs in ${logDir}`);

    const results = [];
    const started = Date.now();
    for (let run = 1; run <= opts.runs; run++) {
      const result = await repeatOnce({
        repo,
        commit,
        commands,
        run,
        logDir,
        keep: Boolean(opts.keep),
        onStep: (step) => {
          const elapsed = Math.round((Date.now() - started) / 1000);
          const done = results.length;
          const eta = done ? Math.round(((Date.now() - started) / 1000 / done) * (opts.runs - done)) : null;
          console.error(`[run ${run}/${opts.runs}] ${step}… (${elapsed} s elapsed${eta === null ? "" : `, about ${eta} s left`})`);
        },
      });
      results.push(result);
      console.error(
        `[run ${run}/${opts.runs}] ${result.passed ? "pass" : `FAIL in ${result.failedStep}`}: install ${result.installSeconds.toFixed(0)} s, test ${result.testSeconds.toFixed(0)} s`,
      );
    }
    const text = report(results, commands, commit);
    console.log(text);
    if (opts.out) writeFileSync(opts.out, `${text}\n`);
    if (results.some((r) => !r.passed)) process.exitCode = 1;
  });

await runMain(program);
