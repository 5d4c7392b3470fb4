import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { Command, Option } from "commander";
import { runMain, wholeNumber } from "./lib/cli";
import type { EmbeddedPostgres } from "./lib/embedded-postgres";
import { DATA_DIR, ROOT, clearRunningDatabase, isLoopbackUrl, writeRunningDatabase } from "./lib/local-settings";
import type { HealthResponse } from "./lib/api-client";

interface StartOptions {
  port: number;
  pgPort: number;
  wsPort: number;
  dataDir: string;
  seed: boolean;
  dbLatencyMs: number;
}

const program = new Command("start")
  .description(
    "Serve the API locally: start the embedded Postgres (unless .dev.vars names a remote DATABASE_URL), migrate, and run `wrangler dev`. Ctrl-C stops everything.",
  )
  .addOption(new Option("--port <port>", "HTTP port for the API").env("PORT").default(8787).argParser(Number))
  .addOption(new Option("--pg-port <port>", "embedded Postgres port").env("PG_PORT").default(54322).argParser(Number))
  .addOption(new Option("--ws-port <port>", "embedded database WebSocket bridge port").env("PG_WS_PORT").default(54323).argParser(Number))
  .option("--data-dir <dir>", "where the embedded database is persisted", resolve(DATA_DIR, "pglite"))
  .option("--no-seed", "do not load the default population (500 users, seed 42) into an empty database")
  .addOption(
    new Option(
      "--db-latency-ms <ms>",
      "delay every message between the API and the embedded database by this long each way, as an edge location far from the database region would see it (0-1000)",
    )
      .default(0)
      .argParser(wholeNumber("--db-latency-ms", 0, 1000)),
  )
  .action(start);

async function start(opts: StartOptions): Promise<void> {
  const { ensureDevVars, ensureUserTokenSecret } = await import("./lib/dev-vars");
  const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
  const { openDatabase } = await import("./lib/db");
  const { migrateDatabase } = await import("./lib/migrate");
  const { seedIfEmpty } = await import("./lib/seed");

  const { vars, created } = ensureDevVars();
  if (ensureUserTokenSecret()) created.push("USER_TOKEN_SECRET");
  if (created.length) console.log(`Wrote new local ${created.join(", ")} to .dev.vars`);

  let embedded: EmbeddedPostgres | undefined;
  let database: { databaseUrl: string; wsProxy?: string };
  const remoteUrl = vars.DATABASE_URL?.trim();
  if (remoteUrl && !isLoopbackUrl(remoteUrl)) {
    console.log("Using the DATABASE_URL in .dev.vars (remote Postgres).");
    database = { databaseUrl: remoteUrl };
  } else {
    console.log(`Starting the embedded Postgres (PGlite + pgvector) in ${opts.dataDir} …`);
    embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, pgPort: opts.pgPort, wsPort: opts.wsPort });
    if (opts.dbLatencyMs)
      console.log(`The database is ${opts.dbLatencyMs} ms away each way (round trip ${2 * opts.dbLatencyMs} ms), from after setup.`);
    database = { databaseUrl: embedded.databaseUrl, wsProxy: embedded.wsProxy };
    writeRunningDatabase(database);
  }

  const stopDatabase = async () => {
    if (!embedded) return;
    clearRunningDatabase();
    await embedded.stop();
    embedded = undefined;
  };

  let seeded = false;
  try {
    const handle = await openDatabase(database);
    try {
      await migrateDatabase(handle);
      console.log("Database migrated.");
      seeded = opts.seed ? (await seedIfEmpty(handle)) !== undefined : false;
    } finally {
      await handle.close();
    }
    // The distance applies to serving, not to the migration and seed above.
    embedded?.setOneWayDelay(opts.dbLatencyMs);
    process.exitCode = await serve(opts, vars, database, embedded !== undefined, seeded);
  } finally {
    await stopDatabase();
  }
}

/** Run `wrangler dev` until it exits or Ctrl-C; returns the exit code to report. */
async function serve(
  opts: StartOptions,
  vars: Record<string, string>,
  database: { databaseUrl: string; wsProxy?: string },
  embedded: boolean,
  bootstrap: boolean,
): Promise<number> {
  const wranglerBin = resolve(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin/wrangler.js");
  const args = [wranglerBin, "dev", "--port", String(opts.port), "--ip", "127.0.0.1", "--show-interactive-dev-session=false"];
  // Hand the embedded database to the Worker; a remote DATABASE_URL comes from .dev.vars as is.
  if (embedded) args.push("--var", `DATABASE_URL:${database.databaseUrl}`, "--var", `DATABASE_WS_PROXY:${database.wsProxy}`);
  const wrangler = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping wrangler and the database …`);
    wrangler.kill("SIGINT");
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);

  const url = `http://127.0.0.1:${opts.port}`;
  const gaveUp = () => stopping || wrangler.exitCode !== null;
  void announceWhenReady(url, vars, gaveUp).then(async () => {
    if (!bootstrap || gaveUp()) return;
    // A fresh population: give it approved recommendations and index them, through the same
    // scripts an operator would run, so the first requests can already hit the vector tier.
    console.log("First start: generating recommendations for the population and indexing them (about a minute) …");
    const env = { ...process.env, API_BASE_URL: url, OPERATOR_TOKEN: vars.OPERATOR_TOKEN ?? "" };
    for (const script of ["scripts/generate-all-recommendations.ts", "scripts/populate-vector-db.ts"]) {
      if (gaveUp()) return;
      const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, "--quiet"], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "inherit", "inherit"],
      });
      const stop = () => child.kill("SIGINT");
      process.once("SIGINT", stop);
      const code = await new Promise<number>((done) => child.on("exit", (c: number | null) => done(c ?? 0)));
      process.off("SIGINT", stop);
      if (code !== 0) {
        console.error(`${script} exited with ${code}; the API keeps serving. Re-run it by hand (see README).`);
        return;
      }
    }
    console.log(`Ready: the population has approved recommendations, indexed. Try a vector-tier answer:
  curl -s -X POST -H "Authorization: Bearer ${vars.OPERATOR_TOKEN}" "${url}/recommendations/generate/user_00001?window_days=30&force_regenerate=true"`);
  });

  const code = await new Promise<number>((done) => wrangler.on("exit", (c) => done(c ?? 0)));
  return stopping ? 0 : code;
}

/** Poll /health until the Worker answers, then print where it is and how to call it. */
async function announceWhenReady(url: string, vars: Record<string, string>, gaveUp: () => boolean): Promise<void> {
  for (let i = 0; i < 240 && !gaveUp(); i++) {
    try {
      const res = await fetch(`${url}/health`);
      const health = (await res.json()) as HealthResponse;
      console.log(
        [
          "",
          `SpendSense Edge is serving on ${url} (health: ${health.status})`,
          `  user token:     ${vars.API_TOKEN}`,
          `  operator token: ${vars.OPERATOR_TOKEN}`,
          `  try: curl -s ${url}/health`,
          `       curl -s -H "Authorization: Bearer ${vars.OPERATOR_TOKEN}" ${url}/users`,
          "Ctrl-C stops everything.",
          "",
        ].join("\n"),
      );
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

await runMain(program);
