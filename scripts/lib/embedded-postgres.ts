import { mkdirSync } from "node:fs";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { WebSocketServer } from "ws";

export interface EmbeddedPostgresOptions {
  /** Folder to persist the database in; omit for an in-memory database (tests). */
  dataDir?: string;
  /** Postgres wire-protocol port on 127.0.0.1; 0 picks a free one. */
  pgPort?: number;
  /** WebSocket bridge port on 127.0.0.1 for the Neon driver; 0 picks a free one. */
  wsPort?: number;
  maxConnections?: number;
}

export interface EmbeddedPostgres {
  databaseUrl: string;
  /** Value for DATABASE_WS_PROXY: where the Neon driver opens its WebSocket. */
  wsProxy: string;
  pgPort: number;
  wsPort: number;
  db: PGlite;
  stop(): Promise<void>;
}

const LOOPBACK = "127.0.0.1";

/** Ask the OS for a free loopback port (used when a caller passes 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, LOOPBACK, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Postgres (PGlite + pgvector) served on loopback, with a WebSocket-to-TCP bridge in front so the
 * Worker and the scripts reach it through the same Neon driver that production uses.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const pgPort = options.pgPort || (await freePort());
  const wsPort = options.wsPort || (await freePort());

  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir, { extensions: { vector } });
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector");

  // PGlite runs one query at a time; the socket server queues the connections' queries.
  const pgServer = new PGLiteSocketServer({ db, port: pgPort, host: LOOPBACK, maxConnections: options.maxConnections ?? 64 });
  try {
    await pgServer.start();
  } catch (err) {
    await db.close();
    throw portError("Postgres", pgPort, err);
  }

  const wss = new WebSocketServer({ host: LOOPBACK, port: wsPort });
  const sockets = new Set<net.Socket>();
  wss.on("connection", (ws, request) => {
    // The Neon driver names its target as ?address=host:port; only this database is reachable.
    const address = new URL(request.url ?? "/", "http://bridge").searchParams.get("address");
    if (address && !isThisDatabase(address, pgPort)) {
      ws.close(1008, "address not allowed");
      return;
    }
    const tcp = net.connect(pgPort, LOOPBACK);
    sockets.add(tcp);
    // Frames in, bytes out; each side's end closes the other with a proper handshake, so the
    // driver's WebSocket closes cleanly and a script's process can exit.
    ws.on("message", (data: Buffer) => tcp.write(data));
    tcp.on("data", (chunk) => ws.send(chunk));
    ws.on("close", () => tcp.end());
    ws.on("error", () => tcp.destroy());
    tcp.on("close", () => {
      sockets.delete(tcp);
      if (ws.readyState === ws.OPEN) ws.close();
    });
    tcp.on("error", () => ws.terminate());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      wss.once("listening", resolve);
      wss.once("error", reject);
    });
  } catch (err) {
    await pgServer.stop();
    await db.close();
    throw portError("WebSocket bridge", wsPort, err);
  }

  let stopped = false;
  return {
    databaseUrl: `postgresql://postgres:postgres@${LOOPBACK}:${pgPort}/postgres`,
    wsProxy: `${LOOPBACK}:${wsPort}/v1`,
    pgPort,
    wsPort,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await pgServer.stop();
      await db.close();
    },
  };
}

function isThisDatabase(address: string, pgPort: number): boolean {
  const [host, port] = [address.slice(0, address.lastIndexOf(":")), Number(address.slice(address.lastIndexOf(":") + 1))];
  return port === pgPort && ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host);
}

function portError(what: string, port: number, cause: unknown): Error {
  const code = (cause as { code?: string })?.code;
  const hint = code === "EADDRINUSE" ? ` Port ${port} is in use: stop the other process or pick another port.` : "";
  return new Error(`Could not start the embedded ${what} on ${LOOPBACK}:${port}.${hint}`, { cause });
}
