import type { TestProject } from "vitest/node";
import { openDatabase } from "../../scripts/lib/db";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateDatabase } from "../../scripts/lib/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseWsProxy: string;
  }
}

/** An in-memory Postgres on free loopback ports, migrated, shared by every test project, then stopped. */
export default async function setup(project: TestProject) {
  const pg = await startEmbeddedPostgres();
  const handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  project.provide("databaseUrl", pg.databaseUrl);
  project.provide("databaseWsProxy", pg.wsProxy);
  return async () => {
    await pg.stop();
  };
}
