import { resolve } from "node:path";
import { migrate } from "drizzle-orm/neon-serverless/migrator";
import type { DatabaseHandle } from "../../src/db/client";
import { ROOT } from "./local-settings";

const MIGRATIONS_DIR = resolve(ROOT, "migrations");

/** Apply drizzle-kit's SQL migrations (idempotent: applied ones are recorded and skipped). */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  try {
    await migrate(handle.sessionDb, { migrationsFolder: MIGRATIONS_DIR });
  } finally {
    await handle.endSessions();
  }
}
