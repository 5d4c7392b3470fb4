import { afterAll, beforeAll } from "vitest";
import type { DatabaseHandle } from "../../src/db/client";
import { openDatabase } from "../../scripts/lib/db";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateDatabase } from "../../scripts/lib/migrate";

/**
 * A migrated in-memory database of the test file's own (for tests that count or tamper with every
 * row), started before its tests and stopped after. Returns a getter for the handle.
 */
export function useOwnDatabase(): () => DatabaseHandle {
  let pg: EmbeddedPostgres | undefined;
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    pg = await startEmbeddedPostgres();
    handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
    await migrateDatabase(handle);
  });
  afterAll(async () => {
    await handle?.close();
    await pg?.stop();
  });
  return () => {
    if (!handle) throw new Error("the test database is not started yet");
    return handle;
  };
}
