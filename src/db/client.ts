import { Client, neon, neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle as drizzleHttp, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import { drizzle as drizzleSockets, type NeonDatabase } from "drizzle-orm/neon-serverless";
import { RoundTrips } from "./round-trips";
import * as schema from "./schema";

/**
 * Queries over Neon's SQL-over-HTTP protocol: each statement, or each `db.batch([...])` (run as one
 * transaction), is one HTTP request, so one round trip and no connection handshake. What the
 * Worker and the engine use.
 */
export type Database = NeonHttpDatabase<typeof schema>;
/** Queries over a WebSocket session (the Pool): for long interactive transactions in Node jobs. */
export type SessionDatabase = NeonDatabase<typeof schema>;

export interface DatabaseSettings {
  databaseUrl: string;
  /** host:port[/path] of the local bridge; only for the embedded database (its /sql answers HTTP queries). */
  wsProxy?: string | undefined;
  /** Node has no reliable global WebSocket for the driver: scripts pass the `ws` package here. */
  webSocketConstructor?: unknown;
  /** Give up connecting after this long, so a dead database fails fast (503) instead of hanging. */
  connectionTimeoutMs?: number;
  /** Give up on an HTTP query after this long (default 10 s: a request fails fast; jobs with bulk writes pass more). */
  queryTimeoutMs?: number;
  maxConnections?: number;
  /** Counts this handle's HTTP round trips (the request's Server-Timing and log). */
  roundTrips?: RoundTrips;
  /** How HTTP queries are sent (default: the global fetch). Tests pass one that fails, to inject a database fault. */
  fetch?: typeof fetch;
}

export interface DatabaseHandle {
  db: Database;
  /** Opened on first use: only jobs that need a session transaction (the dataset loader) use it. */
  readonly pool: Pool;
  readonly sessionDb: SessionDatabase;
  roundTrips: RoundTrips;
  /**
   * End the Pool's sessions (it opens again on next use). The embedded database serves one session
   * at a time, so a job ends its session before its HTTP queries can be served.
   */
  endSessions(): Promise<void>;
  close(): Promise<void>;
}

/** Where the local bridge answers HTTP queries, from DATABASE_WS_PROXY ("127.0.0.1:port/v1"). */
const httpEndpointOf = (wsProxy: string) => `http://${wsProxy.split("/")[0]}/sql`;

interface TracedInit extends RequestInit {
  roundTrips?: RoundTrips;
  timeoutMs?: number;
  send?: typeof fetch;
  /** This handle's HTTP endpoint; absent for Neon, whose endpoint the driver derives from the host. */
  endpoint?: string;
}

// The driver reads fetchFunction at each query and spreads a client's fetchOptions into the
// request init, so everything that belongs to one handle (its endpoint, counter and time limit)
// rides along in the init. Nothing per database is set module-wide: the driver's fetchEndpoint
// and wsProxy are shared by every handle in the isolate, so two handles to two databases would
// send each other's queries to the wrong place.
neonConfig.fetchFunction = async (url: string, init: TracedInit) => {
  const { roundTrips, timeoutMs, send = fetch, endpoint, ...rest } = init;
  const call = () => send(endpoint ?? url, { ...rest, ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}) });
  return roundTrips ? roundTrips.around(call) : call();
};

/**
 * A session client class for one handle: the embedded database's bridge address (plain ws, without
 * the TLS and pipelining shortcuts only Neon's proxy understands) and the WebSocket constructor the
 * handle was given, each set on the client, never module-wide (another handle may differ).
 */
function clientClassFor(settings: Pick<DatabaseSettings, "wsProxy" | "webSocketConstructor">): typeof Client {
  const proxy = settings.wsProxy && (settings.wsProxy.includes("/") ? settings.wsProxy : `${settings.wsProxy}/v1`);
  const webSocket = settings.webSocketConstructor as typeof neonConfig.webSocketConstructor;
  return class HandleClient extends Client {
    constructor(config?: ConstructorParameters<typeof Client>[0]) {
      super(config);
      if (webSocket) this.neonConfig.webSocketConstructor = webSocket;
      if (proxy) {
        this.neonConfig.wsProxy = proxy;
        this.neonConfig.useSecureWebSocket = false;
        this.neonConfig.pipelineTLS = false;
        this.neonConfig.pipelineConnect = false;
      }
    }
  };
}

/**
 * The one database factory for the Worker and the Node scripts. For the embedded database the
 * driver is pointed at the loopback bridge: HTTP queries to its /sql, WebSockets in plain ws and
 * without the TLS/pipelining shortcuts that only Neon's proxy understands.
 */
export function createDatabase(settings: DatabaseSettings): DatabaseHandle {
  const roundTrips = settings.roundTrips ?? new RoundTrips();
  const timeoutMs = settings.queryTimeoutMs ?? 10_000;
  const init: TracedInit = { roundTrips, timeoutMs };
  if (settings.fetch) init.send = settings.fetch;
  if (settings.wsProxy) init.endpoint = httpEndpointOf(settings.wsProxy);
  const sql = neon(settings.databaseUrl, { fetchOptions: init });
  const db = drizzleHttp({ client: sql, schema });

  let pool: Pool | undefined;
  let sessionDb: SessionDatabase | undefined;
  const clients = new Set<unknown>();
  const openPool = () => {
    if (pool) return pool;
    pool = new Pool({
      connectionString: settings.databaseUrl,
      connectionTimeoutMillis: settings.connectionTimeoutMs ?? 5_000,
      // The embedded database serves one session at a time (see embedded-postgres.ts): one
      // connection per pool, so parallel queries queue on it instead of waiting on each other.
      max: settings.wsProxy ? 1 : (settings.maxConnections ?? 5),
    });
    // The driver's Pool sets its Client class after pg-pool reads the `Client` option, so it is replaced here.
    if (settings.wsProxy || settings.webSocketConstructor) (pool as unknown as { Client: typeof Client }).Client = clientClassFor(settings);
    // An idle client that loses its socket emits 'error' on the pool; without a listener it would crash.
    pool.on("error", () => {});
    // The driver's Connection.end() hands its callback to Socket.write() in the encoding slot, so a
    // client's WebSocket is never closed and a Node process cannot exit. Track the clients and close
    // their sockets after pool.end(), once the Terminate message (flushed on a timer) has gone out.
    pool.on("connect", (client: unknown) => clients.add(client));
    return pool;
  };
  const endSessions = async () => {
    if (!pool) return;
    const ending = pool;
    pool = undefined;
    sessionDb = undefined;
    await ending.end();
    for (const client of clients) closeWhenFlushed((client as { connection?: { stream?: NeonSocket } }).connection?.stream);
    clients.clear();
  };
  return {
    db,
    roundTrips,
    get pool() {
      return openPool();
    },
    get sessionDb() {
      sessionDb ??= drizzleSockets({ client: openPool(), schema });
      return sessionDb;
    },
    endSessions,
    close: endSessions,
  };
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
