import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { createFreshCluster } from "./fresh-cluster";
import { freePort, LOOPBACK, startWsBridge, type WsBridge } from "./ws-bridge";

export { endsWithTerminate, freePort } from "./ws-bridge";

export interface EmbeddedPostgresOptions {
  /** Folder to persist the database in; omit for an in-memory database (tests). */
  dataDir?: string;
  /** Postgres wire-protocol port on 127.0.0.1; 0 picks a free one. */
  pgPort?: number;
  /** WebSocket bridge port on 127.0.0.1 for the Neon driver; 0 picks a free one. */
  wsPort?: number;
  maxConnections?: number;
  /** Delay every message between clients and the database by this long each way (ms): an edge location's distance. */
  oneWayDelayMs?: number;
}

export interface EmbeddedPostgres {
  databaseUrl: string;
  /** Value for DATABASE_WS_PROXY: where the Neon driver opens its WebSocket. */
  wsProxy: string;
  pgPort: number;
  wsPort: number;
  db: PGlite;
  /** Change the one-way delay between clients and the database from now on. */
  setOneWayDelay(ms: number): void;
  stop(): Promise<void>;
}

/**
 * Postgres (PGlite + pgvector) served on loopback, with a WebSocket-to-TCP bridge in front so the
 * Worker and the scripts reach it through the same Neon driver that production uses.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const pgPort = options.pgPort || (await freePort());
  const wsPort = options.wsPort || (await freePort());

  const db = options.dataDir ? await openDataDir(options.dataDir) : await createFreshCluster();

  // PGlite runs one query at a time; the socket server queues the connections' queries.
  const pgServer = new PGLiteSocketServer({ db, port: pgPort, host: LOOPBACK, maxConnections: options.maxConnections ?? 64 });
  try {
    await pgServer.start();
  } catch (err) {
    await db.close();
    throw portError("Postgres", pgPort, err);
  }

  // PGlite is one Postgres session, and pglite-socket interleaves the protocol messages of
  // concurrent connections (it only keeps transactions apart), which mixes up extended-protocol
  // queries. So the bridge forwards one WebSocket session at a time; the others wait their turn.
  let bridge: WsBridge;
  try {
    bridge = await startWsBridge({ pgPort, wsPort, serializeSessions: true, oneWayDelayMs: options.oneWayDelayMs ?? 0 });
  } catch (err) {
    await pgServer.stop();
    await db.close();
    throw portError("WebSocket bridge", wsPort, err);
  }

  let stopped = false;
  return {
    databaseUrl: `postgresql://postgres:postgres@${LOOPBACK}:${pgPort}/postgres`,
    wsProxy: bridge.wsProxy,
    pgPort,
    wsPort,
    db,
    setOneWayDelay: (ms) => bridge.setOneWayDelay(ms),
    async stop() {
      if (stopped) return;
      stopped = true;
      await bridge.stop();
      await pgServer.stop();
      await db.close();
    },
  };
}

async function openDataDir(dataDir: string): Promise<PGlite> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir, { extensions: { vector } });
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
  return db;
}

function portError(what: string, port: number, cause: unknown): Error {
  const code = (cause as { code?: string })?.code;
  const hint = code === "EADDRINUSE" ? ` Port ${port} is in use: stop the other process or pick another port.` : "";
  return new Error(`Could not start the embedded ${what} on ${LOOPBACK}:${port}.${hint}`, { cause });
}
