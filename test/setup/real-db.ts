import { startRealPostgres } from "../../scripts/lib/real-postgres";
import { startWsBridge } from "../../scripts/lib/ws-bridge";
import { migrateTestDatabase } from "./migrate-db";

export interface RealDatabase {
  /** postgresql://postgres:<random password>@127.0.0.1:<port>/postgres: the server checks the password. */
  databaseUrl: string;
  wsProxy: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server (sessions in parallel, real locks) behind a bridge that does not
 * serialize sessions, migrated like the embedded one: the database of the race tests
 * (test/worker/concurrency.happy.test.ts), which point the Worker at it per request.
 */
export async function startRealDatabase(): Promise<RealDatabase> {
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
  } catch (err) {
    await stop();
    throw err;
  }
  return { databaseUrl: pg.databaseUrl, wsProxy: bridge.wsProxy, stop };
}
