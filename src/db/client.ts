import { Pool, neonConfig } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import * as schema from "./schema";

export type Database = NeonDatabase<typeof schema>;

export interface DatabaseSettings {
  databaseUrl: string;
  /** host:port[/path] of the local WebSocket-to-TCP bridge; only for the embedded database. */
  wsProxy?: string | undefined;
  /** Node has no reliable global WebSocket for the driver: scripts pass the `ws` package here. */
  webSocketConstructor?: unknown;
  /** Give up connecting after this long, so a dead database fails fast (503) instead of hanging. */
  connectionTimeoutMs?: number;
  maxConnections?: number;
}

export interface DatabaseHandle {
  db: Database;
  pool: Pool;
  close(): Promise<void>;
}

/**
 * The one database factory for the Worker and the Node scripts: the Neon driver over WebSockets.
 * For the embedded database the driver is pointed at the loopback bridge, in plain ws and without
 * the TLS/pipelining shortcuts that only Neon's proxy understands.
 */
export function createDatabase(settings: DatabaseSettings): DatabaseHandle {
  if (settings.wsProxy) {
    neonConfig.wsProxy = settings.wsProxy.includes("/") ? settings.wsProxy : `${settings.wsProxy}/v1`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  if (settings.webSocketConstructor) {
    neonConfig.webSocketConstructor = settings.webSocketConstructor as typeof neonConfig.webSocketConstructor;
  }
  const pool = new Pool({
    connectionString: settings.databaseUrl,
    connectionTimeoutMillis: settings.connectionTimeoutMs ?? 5_000,
    max: settings.maxConnections ?? 5,
  });
  // An idle client that loses its socket emits 'error' on the pool; without a listener it would crash.
  pool.on("error", () => {});
  return { db: drizzle({ client: pool, schema }), pool, close: () => pool.end() };
}

export { schema };
