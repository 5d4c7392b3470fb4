import type { TestProject } from "vitest/node";
import { startRealPostgres } from "../../scripts/lib/real-postgres";
import { startWsBridge } from "../../scripts/lib/ws-bridge";
import { migrateAndSeed } from "./seed-db";

/**
 * A real PostgreSQL server (sessions in parallel, real locks) behind a bridge that does not
 * serialize sessions, migrated and seeded like the embedded one. Its values override the embedded
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
    const seededUsers = await migrateAndSeed(pg.databaseUrl, bridge.wsProxy);
    // The server checks this random password; the secret grep looks for it in the run's logs.
    project.provide("databaseUrl", pg.databaseUrl);
    project.provide("databaseWsProxy", bridge.wsProxy);
    project.provide("seededUsers", seededUsers);
  } catch (err) {
    await stop();
    throw err;
  }
  return stop;
}
