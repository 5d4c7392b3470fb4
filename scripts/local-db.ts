import { resolve } from "node:path";
import { Command, Option } from "commander";
import { runMain } from "./lib/cli";
import { DATA_DIR, clearRunningDatabase, writeRunningDatabase } from "./lib/local-settings";

const program = new Command("db:local")
  .description("Run the embedded Postgres (PGlite + pgvector) on loopback, migrated, until Ctrl-C.")
  .addOption(new Option("--pg-port <port>", "Postgres wire-protocol port").default(54322).argParser(Number))
  .addOption(new Option("--ws-port <port>", "WebSocket bridge port for the Neon driver").default(54323).argParser(Number))
  .option("--data-dir <dir>", "where the database is persisted", resolve(DATA_DIR, "pglite"))
  .option("--memory", "keep the database in memory only")
  .action(async (opts: { pgPort: number; wsPort: number; dataDir: string; memory?: boolean }) => {
    const { startEmbeddedPostgres } = await import("./lib/embedded-postgres");
    const { openDatabase } = await import("./lib/db");
    const { migrateDatabase } = await import("./lib/migrate");

    const pg = await startEmbeddedPostgres({
      dataDir: opts.memory ? undefined : opts.dataDir,
      pgPort: opts.pgPort,
      wsPort: opts.wsPort,
    });
    const handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
    await migrateDatabase(handle);
    await handle.close();
    writeRunningDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
    console.log(`Embedded Postgres ready (${opts.memory ? "in memory" : opts.dataDir})`);
    console.log(`  DATABASE_URL=${pg.databaseUrl}`);
    console.log(`  DATABASE_WS_PROXY=${pg.wsProxy}`);
    console.log("Ctrl-C stops it.");
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    clearRunningDatabase();
    await pg.stop();
  });

await runMain(program);
