import { afterAll, beforeAll } from "vitest";
import type { DatabaseHandle } from "../../src/db/client";
import { openDatabase } from "../../scripts/lib/db";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateDatabase } from "../../scripts/lib/migrate";

/**
 * The embedded Postgres of this vitest worker, started the first time a file asks. Node files run
 * one after another in each worker (isolate: false), so they take turns with it: starting one costs
 * about 2 s, emptying it a fraction. It ends with the worker process.
 */
let workerDatabase: Promise<EmbeddedPostgres> | undefined;

/**
 * A migrated in-memory database that is the test file's alone while it runs (for tests that count or
 * tamper with every row): emptied (its schemas dropped) and migrated again before the file's tests.
 * Returns a getter for the handle.
 */
export function useOwnDatabase(): () => DatabaseHandle {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    workerDatabase ??= startEmbeddedPostgres();
    const pg = await workerDatabase;
    await pg.db.exec("DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
    await migrateDatabase(handle);
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (!handle) throw new Error("the test database is not started yet");
    return handle;
  };
}
