import { openDatabase } from "../../scripts/lib/db";
import { migrateDatabase } from "../../scripts/lib/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseWsProxy: string;
    /** The real PostgreSQL of the race tests (test/setup/real-db.ts). */
    realDatabaseUrl: string;
    realDatabaseWsProxy: string;
  }
}

/**
 * Migrate a test database through its bridge. It starts with no people: each Worker test makes its
 * own (test/worker/factories.ts).
 */
export async function migrateTestDatabase(databaseUrl: string, wsProxy: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl, wsProxy });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
}
