/**
 * A vitest reporter that fails the run when a configured secret appears in its logs.
 *
 * It records every console line of every test, in both projects (vitest forwards the Worker's
 * console from workerd too), and everything the vitest process itself writes to stdout and stderr
 * during the run (workerd's own messages, which Miniflare forwards, and vitest's output). At the
 * end it writes all of it to a file of the run's own in `logDir` and looks for each secret the
 * tests configure: the Worker's secret-like bindings, every test token and fake provider key, the
 * test database's password, and the secret-like variables of .dev.vars (which the Worker's test
 * environment and the scripts read).
 * A hit prints the secret's name (never its value) and where it was seen, and sets exit code 1.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseEnv } from "node:util";
import type { Reporter, TestModule, Vitest } from "vitest/node";
import { TEST_PROVIDER_KEYS, TEST_TOKENS } from "./tokens.ts";

/** Variable names that hold secrets. */
export const SECRET_NAME = /TOKEN|SECRET|KEY|PASSWORD/i;
/** Shorter values (e.g. a placeholder password "postgres") would match ordinary words. */
export const MIN_SECRET_LENGTH = 8;

export interface LogEntry {
  /** The test's full name, or "process stdout" / "process stderr". */
  source: string;
  text: string;
}

export interface SecretFinding {
  name: string;
  count: number;
  /** Where it was first seen, and the line of the log file. */
  firstSource: string;
  firstLine: number;
}

/** Every secret (by name) that occurs in the entries; the log file's lines are the entries' lines in order. */
export function findSecrets(entries: readonly LogEntry[], secrets: Readonly<Record<string, string>>): SecretFinding[] {
  const findings = new Map<string, SecretFinding>();
  let line = 1;
  for (const entry of entries) {
    const header = 1; // each entry is written as "--- source" and then its text
    for (const [name, value] of Object.entries(secrets)) {
      if (value.length < MIN_SECRET_LENGTH) continue;
      const count = entry.text.split(value).length - 1;
      if (count === 0) continue;
      const found = findings.get(name);
      if (found) found.count += count;
      else {
        const before = entry.text.slice(0, entry.text.indexOf(value));
        findings.set(name, { name, count, firstSource: entry.source, firstLine: line + header + (before.match(/\n/g)?.length ?? 0) });
      }
    }
    line += header + entry.text.split("\n").length;
  }
  return [...findings.values()];
}

/** The secret-like variables of a .dev.vars-style file, non-empty, by name. */
export function secretsInEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const vars = parseEnv(readFileSync(path, "utf8")) as Record<string, string>;
  return Object.fromEntries(Object.entries(vars).filter(([name, value]) => SECRET_NAME.test(name) && value.trim() !== ""));
}

export interface SecretGrepOptions {
  /** The Worker project's bindings as vitest.config.ts sets them (secret-like names are taken). */
  bindings: Readonly<Record<string, unknown>>;
  /** Where each run's log is written (one file per run, the newest few kept); relative to the vitest root. */
  logDir: string;
  /** Other env files whose secret-like values count (default: .dev.vars). */
  envFiles?: string[];
}

export class SecretGrepReporter implements Reporter {
  private vitest: Vitest | undefined;
  private entries: LogEntry[] = [];
  private restore: (() => void) | undefined;

  constructor(private readonly options: SecretGrepOptions) {}

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
    this.entries = [];
    this.restore?.();
    const tee = (stream: NodeJS.WriteStream, source: string) => {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.entries.push({ source, text: typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8") });
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      return () => {
        stream.write = write;
      };
    };
    const undo = [tee(process.stdout, "process stdout"), tee(process.stderr, "process stderr")];
    this.restore = () => {
      for (const u of undo) u();
      this.restore = undefined;
    };
  }

  onUserConsoleLog(log: { content: string; taskId?: string; type: string }): void {
    const task = log.taskId ? this.vitest?.state.idMap.get(log.taskId) : undefined;
    const name = task ? `${task.file?.name ?? ""} > ${task.name}` : "unknown test";
    this.entries.push({ source: `${log.type} | ${name}`, text: log.content });
  }

  /** What counts as a secret in this run, by name. */
  secrets(): Record<string, string> {
    const root = this.vitest?.config.root ?? process.cwd();
    const secrets: Record<string, string> = {};
    for (const file of this.options.envFiles ?? [".dev.vars"]) {
      for (const [name, value] of Object.entries(secretsInEnvFile(resolve(root, file)))) secrets[`${file}:${name}`] = value;
    }
    for (const [name, value] of Object.entries(this.options.bindings)) {
      if (SECRET_NAME.test(name) && typeof value === "string" && value.trim() !== "") secrets[`binding ${name}`] = value;
    }
    for (const [name, value] of Object.entries(TEST_TOKENS)) secrets[`TEST_TOKENS.${name}`] = value;
    for (const [name, value] of Object.entries(TEST_PROVIDER_KEYS)) secrets[`TEST_PROVIDER_KEYS.${name}`] = value;
    for (const project of this.vitest?.projects ?? []) {
      const provided = project.getProvidedContext() as { databaseUrl?: string; realDatabaseUrl?: string };
      // The real PostgreSQL of the race tests checks its random password.
      for (const [which, url] of [
        ["test", provided.databaseUrl],
        ["real", provided.realDatabaseUrl],
      ] as const) {
        if (!url) continue;
        const password = decodeURIComponent(new URL(url).password);
        if (password && !Object.values(secrets).includes(password)) secrets[`the ${which} database's password`] = password;
      }
    }
    return secrets;
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>): void {
    this.restore?.();
    const root = this.vitest?.config.root ?? process.cwd();
    const dir = resolve(root, this.options.logDir);
    mkdirSync(dir, { recursive: true });
    // A file per run, so runs in parallel (two terminals) never mix; the newest 5 are kept.
    const logFile = join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}.log`);
    writeFileSync(logFile, this.entries.map((e) => `--- ${e.source}\n${e.text}`).join("\n"), { mode: 0o600 });
    const runs = readdirSync(dir)
      .filter((f) => f.endsWith(".log"))
      .sort();
    for (const old of runs.slice(0, -5)) rmSync(join(dir, old), { force: true });
    const shown = relative(root, logFile);
    const secrets = this.secrets();
    const findings = findSecrets(this.entries, secrets);
    const lines =
      findings.length === 0
        ? [`Secret grep: none of ${Object.keys(secrets).length} configured secrets in ${this.entries.length} log entries (${shown}).`]
        : [
            `Secret grep FAILED: configured secrets appear in the test run's logs (${shown}):`,
            ...findings.map((f) => `  ${f.name}: ${f.count}×, first in "${f.firstSource}" (line ${f.firstLine})`),
          ];
    process.stdout.write(`\n${lines.join("\n")}\n`);
    if (findings.length > 0) process.exitCode = 1;
  }
}
