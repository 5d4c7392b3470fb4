/**
 * A private copy of the embedded stack for benchmark and load scripts: an in-memory Postgres
 * (PGlite + pgvector) and `wrangler dev`, each on a free loopback port, with fresh random tokens
 * and its own KV/Queue state directory. It reads no .dev.vars (so no key ever makes a benchmark
 * call a paid API) and leaves nothing behind. `npm start` and its data are untouched.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { DatabaseHandle } from "../../src/db/client";
import { openDatabase } from "./db";
import { freePort, startEmbeddedPostgres } from "./embedded-postgres";
import { ROOT } from "./local-settings";
import { migrateDatabase } from "./migrate";

export interface LocalStack {
  url: string;
  operatorToken: string;
  userToken: string;
  /** The stack's database, for setup and checks: open a handle, use it, close it (the embedded
   *  database serves one session at a time, and the Worker needs it). */
  database: { databaseUrl: string; wsProxy: string };
  /** wrangler's output so far (for a failure report). */
  output(): string;
  /** Put the database this far away each way (ms) from now on. */
  setDbLatency(oneWayMs: number): void;
  /** Stop the Worker and start it again with these vars on top (same database, same KV and Durable Object state); `url` changes. */
  restartWorker(vars: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Worker vars on top of the embedded defaults, e.g. VECTOR_DB_SIMILARITY_THRESHOLD. */
  vars?: Record<string, string>;
  /** Called once the database is migrated and before the Worker starts (load data here). */
  prepare?: (handle: DatabaseHandle) => Promise<void>;
  readyTimeoutMs?: number;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const pg = await startEmbeddedPostgres();
  const database = { databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy };
  const state = mkdtempSync(join(tmpdir(), "spendsense-stack-"));
  let wrangler: ChildProcess | undefined;
  const log: string[] = [];
  const stopWrangler = async () => {
    if (wrangler && wrangler.exitCode === null) {
      const exited = new Promise((done) => wrangler!.once("exit", done));
      wrangler.kill("SIGINT");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (wrangler.exitCode === null) wrangler.kill("SIGKILL");
    }
  };
  const stop = async () => {
    await stopWrangler();
    await pg.stop().catch(() => {});
    rmSync(state, { recursive: true, force: true });
  };
  try {
    const handle = await openDatabase(database);
    try {
      await migrateDatabase(handle);
      await options.prepare?.(handle);
    } finally {
      await handle.close();
    }
    const operatorToken = `ss_op_${randomBytes(24).toString("base64url")}`;
    const userToken = `ss_user_${randomBytes(24).toString("base64url")}`;
    const baseVars: Record<string, string> = {
      DATABASE_URL: pg.databaseUrl,
      DATABASE_WS_PROXY: pg.wsProxy,
      API_TOKEN: userToken,
      OPERATOR_TOKEN: operatorToken,
      LOG_LEVEL: "warn",
      ...options.vars,
    };
    const launch = async (vars: Record<string, string>): Promise<string> => {
      const envFile = join(state, "stack.env");
      writeFileSync(
        envFile,
        Object.entries(vars)
          .map(([k, v]) => `${k}=${v}`)
          .join("\n"),
        { mode: 0o600 },
      );
      const [port, inspectorPort] = [await freePort(), await freePort()];
      const wranglerBin = resolve(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin/wrangler.js");
      wrangler = spawn(
        process.execPath,
        [
          wranglerBin,
          "dev",
          "--port",
          String(port),
          "--ip",
          "127.0.0.1",
          "--inspector-port",
          String(inspectorPort),
          "--persist-to",
          join(state, "wrangler"),
          "--env-file",
          envFile,
          "--show-interactive-dev-session=false",
        ],
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
      );
      for (const stream of [wrangler.stdout!, wrangler.stderr!]) stream.on("data", (chunk: Buffer) => log.push(chunk.toString()));
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
      for (;;) {
        if (wrangler.exitCode !== null) throw new Error(`wrangler dev exited with ${wrangler.exitCode}:\n${log.join("").slice(-2000)}`);
        if (Date.now() > deadline)
          throw new Error(
            `wrangler dev did not answer /health within ${options.readyTimeoutMs ?? 60_000} ms:\n${log.join("").slice(-2000)}`,
          );
        try {
          const res = await fetch(`${url}/health`);
          if (res.ok) break;
        } catch {
          // not up yet
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      return url;
    };
    const stack: LocalStack = {
      url: await launch(baseVars),
      operatorToken,
      userToken,
      database,
      output: () => log.join(""),
      setDbLatency: (ms) => pg.setOneWayDelay(ms),
      async restartWorker(vars) {
        await stopWrangler();
        stack.url = await launch({ ...baseVars, ...vars });
      },
      stop,
    };
    return stack;
  } catch (err) {
    await stop();
    throw err;
  }
}
