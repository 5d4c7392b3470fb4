/**
 * The pieces of `npm run test:repeat`: which commands a new user runs (read from the README, so the
 * repeat runs what the README says and not a copy of it), what a run's output says failed, and the
 * summary over the runs.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ReadmeCommands {
  install: string;
  test: string;
}

/**
 * The install and test commands of the README's "Two commands" block: the part of its first line
 * before `&& npm start`, and its second line, each without its comment.
 */
export function readmeCommands(readme: string): ReadmeCommands {
  const section = readme.split(/^## /m).find((s) => s.startsWith("Two commands"));
  const block = section?.match(/```[a-z]*\n([\s\S]*?)```/)?.[1];
  const lines = (block ?? "")
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
  const install = lines[0]?.split("&&")[0]?.trim();
  const test = lines[1];
  if (!install || !test) throw new Error('the README has no "## Two commands" block with an install line and a test line');
  return { install, test };
}

// Vitest's colours and cursor moves, so its lines can be read.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** The failing tests a vitest run printed ("FAIL  project file > suite > test"), each once, in order. */
export function failingTests(output: string): string[] {
  const seen = new Set<string>();
  for (const raw of output.replace(ANSI, "").split("\n")) {
    const m = raw.match(/^\s*FAIL\s+(.+?)\s*$/);
    if (m && m[1]!.includes(" > ")) seen.add(m[1]!.replace(/\s+/g, " "));
  }
  return [...seen];
}

/** The nearest-rank percentile (p in 0–100) of some seconds; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface RunResult {
  run: number;
  passed: boolean;
  /** The step that failed ("install" or "test"), or null. */
  failedStep: "install" | "test" | null;
  installSeconds: number;
  testSeconds: number;
  failing: string[];
  /** The last lines of the failed step's output, when it named no failing test (a check, a crash). */
  tail: string[];
  log: string;
}

interface StepResult {
  code: number;
  seconds: number;
  output: string;
}

/** Run one shell command in a folder, its output both kept and written to a log file. */
function runStep(command: string, cwd: string, logPath: string, env: NodeJS.ProcessEnv): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const log = createWriteStream(logPath, { flags: "a" });
    log.write(`$ ${command}\n`);
    const child = spawn(command, { cwd, shell: true, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: string[] = [];
    const keep = (b: Buffer) => {
      chunks.push(b.toString());
      log.write(b);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => {
      log.end();
      resolve({ code: code ?? 1, seconds: (performance.now() - started) / 1000, output: chunks.join("") });
    });
  });
}

/** Run a command that must succeed (git), failing with its output. */
async function mustRun(command: string, cwd: string): Promise<void> {
  const res = await runStep(command, cwd, "/dev/null", process.env);
  if (res.code !== 0) throw new Error(`${command} failed: ${res.output.trim().split("\n").slice(-3).join(" / ")}`);
}

export interface RepeatOptions {
  repo: string;
  commit: string;
  commands: ReadmeCommands;
  run: number;
  logDir: string;
  keep: boolean;
  onStep?: (step: "clone" | "install" | "test") => void;
}

/** Clone the commit into a new temporary folder, run the README's install and test commands there, and say how it went. */
export async function repeatOnce(opts: RepeatOptions): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), `spendsense-repeat-${opts.run}-`));
  const log = join(opts.logDir, `run-${opts.run}.log`);
  // As CI runs it: a clean environment for npm, with CI set.
  const env = { ...process.env, CI: "true" };
  try {
    opts.onStep?.("clone");
    await mustRun(`git clone --quiet --no-hardlinks ${JSON.stringify(opts.repo)} ${JSON.stringify(dir)}`, tmpdir());
    await mustRun(`git -c advice.detachedHead=false checkout --quiet ${opts.commit}`, dir);
    opts.onStep?.("install");
    const install = await runStep(opts.commands.install, dir, log, env);
    const base = { run: opts.run, installSeconds: install.seconds, log };
    if (install.code !== 0)
      return { ...base, passed: false, failedStep: "install", testSeconds: 0, failing: [], tail: lastLines(install.output) };
    opts.onStep?.("test");
    const test = await runStep(opts.commands.test, dir, log, env);
    const failing = test.code === 0 ? [] : failingTests(test.output);
    return {
      ...base,
      passed: test.code === 0,
      failedStep: test.code === 0 ? null : "test",
      testSeconds: test.seconds,
      failing,
      tail: test.code !== 0 && !failing.length ? lastLines(test.output) : [],
    };
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
}

const lastLines = (output: string, n = 15) => output.replace(ANSI, "").trimEnd().split("\n").slice(-n);

/** The Markdown report: one row per run, then p50 and p90 of the times, then what failed. */
export function report(results: readonly RunResult[], commands: ReadmeCommands, commit: string): string {
  const s = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} s` : "-");
  const rows = results.map(
    (r) =>
      `| ${r.run} | ${r.passed ? "pass" : `FAIL (${r.failedStep})`} | ${s(r.installSeconds)} | ${r.failedStep === "install" ? "-" : s(r.testSeconds)} | ${s(r.installSeconds + r.testSeconds)} | ${r.failing.length} |`,
  );
  const tested = results.filter((r) => r.failedStep !== "install");
  const tests = tested.map((r) => r.testSeconds);
  const totals = tested.map((r) => r.installSeconds + r.testSeconds);
  const passed = results.filter((r) => r.passed).length;
  const lines = [
    `Commit ${commit.slice(0, 7)}: \`${commands.install}\` then \`${commands.test}\` in ${results.length} fresh clone(s), one after another.`,
    "",
    "| run | result | install | test | total | failing tests |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    `${passed} of ${results.length} passed. \`${commands.test}\`: p50 ${s(percentile(tests, 50))}, p90 ${s(percentile(tests, 90))}; install and test: p50 ${s(percentile(totals, 50))}, p90 ${s(percentile(totals, 90))}.`,
  ];
  for (const r of results.filter((x) => !x.passed)) {
    lines.push("", `Run ${r.run} failed in ${r.failedStep} (log: ${r.log}):`);
    for (const t of r.failing) lines.push(`- ${t}`);
    if (r.tail.length) lines.push("```", ...r.tail, "```");
  }
  return lines.join("\n");
}
