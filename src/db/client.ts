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
    // The embedded database serves one session at a time (see embedded-postgres.ts): one
    // connection per pool, so parallel queries queue on it instead of waiting on each other.
    max: settings.wsProxy ? 1 : (settings.maxConnections ?? 5),
  });
  // An idle client that loses its socket emits 'error' on the pool; without a listener it would crash.
  pool.on("error", () => {});
  // The driver's Connection.end() hands its callback to Socket.write() in the encoding slot, so a
  // client's WebSocket is never closed and a Node process cannot exit. Track the clients and close
  // their sockets after pool.end(), once the Terminate message (flushed on a timer) has gone out.
  const clients = new Set<unknown>();
  pool.on("connect", (client: unknown) => clients.add(client));
  const close = async () => {
    await pool.end();
    for (const client of clients) closeWhenFlushed((client as { connection?: { stream?: NeonSocket } }).connection?.stream);
    clients.clear();
  };
  return { db: drizzle({ client: pool, schema }), pool, close };
}

export { schema };

interface NeonSocket {
  ws?: { close(): void; readyState?: number } | null;
  writeBuffer?: unknown;
}

/** Close the driver's socket once its coalesced writes (the Terminate message) have gone out. */
function closeWhenFlushed(stream: NeonSocket | undefined, tries = 0): void {
  if (!stream?.ws) return;
  if (stream.writeBuffer !== undefined && tries < 50) {
    setTimeout(() => closeWhenFlushed(stream, tries + 1), 1);
    return;
  }
  try {
    stream.ws.close();
  } catch {
    // already closed
  }
}
