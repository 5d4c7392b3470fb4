import ws from "ws";
import { createDatabase, type DatabaseHandle } from "../../src/db/client";
import { resolveDatabaseSettings } from "./local-settings";

/** A database handle for Node scripts: the same factory as the Worker, with the `ws` package. */
export async function openDatabase(overrides: { databaseUrl?: string; wsProxy?: string } = {}): Promise<DatabaseHandle> {
  const settings = overrides.databaseUrl ? overrides : await resolveDatabaseSettings();
  return createDatabase({
    ...settings,
    databaseUrl: settings.databaseUrl!,
    webSocketConstructor: ws,
    maxConnections: 4,
    queryTimeoutMs: 300_000,
  });
}
