import type { TestProject } from "vitest/node";
import { startRealPostgres } from "../../scripts/lib/real-postgres";
import { startWsBridge } from "../../scripts/lib/ws-bridge";
import { migrateTestDatabase } from "./migrate-db";

/**
 * A real PostgreSQL server (sessions in parallel, real locks) behind a bridge that does not
 * serialize sessions, migrated like the embedded one. Its values override the embedded
 * database's for the project; returns the teardown.
 */
export async function startRealDatabase(project: TestProject): Promise<() => Promise<void>> {
  const pg = await startRealPostgres();
  const bridge = await startWsBridge({ pgPort: pg.port, serializeSessions: false }).catch(async (err: unknown) => {
    await pg.stop();
    throw err;
  });
  const stop = async () => {
    await bridge.stop();
    await pg.stop();
  };
  try {
    await migrateTestDatabase(pg.databaseUrl, bridge.wsProxy);
    // The server checks this random password; the secret grep looks for it in the run's logs.
    project.provide("databaseUrl", pg.databaseUrl);
    project.provide("databaseWsProxy", bridge.wsProxy);
  } catch (err) {
    await stop();
    throw err;
  }
  return stop;
}
