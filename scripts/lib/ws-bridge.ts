import { createServer } from "node:http";
import net from "node:net";
import { WebSocketServer } from "ws";
import { sqlOverHttp } from "./sql-over-http";

export const LOOPBACK = "127.0.0.1";
/** Close a bridged session after this long without traffic (a client that leaked its socket). */
const SESSION_IDLE_MS = 15_000;

export interface WsBridgeOptions {
  /** The Postgres wire-protocol port on 127.0.0.1 that every session is forwarded to. */
  pgPort: number;
  /** WebSocket port on 127.0.0.1; 0 picks a free one. */
  wsPort?: number;
  /**
   * Forward one WebSocket session at a time, the others waiting their turn: for a server that is
   * a single Postgres session (PGlite). A real Postgres server runs sessions in parallel.
   */
  serializeSessions: boolean;
  /** Delay every message each way by this long (ms): the distance from an edge location to the database. */
  oneWayDelayMs?: number;
}

export interface WsBridge {
  wsPort: number;
  /** Value for DATABASE_WS_PROXY: where the Neon driver opens its WebSocket (and its HTTP queries go to /sql). */
  wsProxy: string;
  /** Change the one-way delay from now on. */
  setOneWayDelay(ms: number): void;
  stop(): Promise<void>;
}

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
 * A WebSocket-to-TCP bridge on loopback in front of a local Postgres, so the Worker and the scripts
 * reach it through the same Neon driver (which speaks Postgres over a WebSocket) that production uses.
 * Rejects with the listen error (e.g. EADDRINUSE) if the port cannot be taken.
 */
export async function startWsBridge(options: WsBridgeOptions): Promise<WsBridge> {
  const { pgPort, serializeSessions } = options;
  const wsPort = options.wsPort || (await freePort());
  let delayMs = options.oneWayDelayMs ?? 0;
  const sockets = new Set<net.Socket>();
  let queue: Promise<void> = Promise.resolve();
  /** A turn at the database: immediate for a real server; one at a time for PGlite (see above). */
  const takeTurn = () => {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const ready = serializeSessions ? queue : Promise.resolve();
    if (serializeSessions) queue = ready.then(() => turn);
    return { ready, release };
  };
  /** Deliver in arrival order, each `delayMs` after it arrived (a burst is not delayed n times). */
  const delayed = () => {
    let lastDue = 0;
    return (deliver: () => void) => {
      if (delayMs <= 0 && lastDue <= Date.now()) return deliver();
      const due = Math.max(Date.now() + delayMs, lastDue);
      lastDue = due;
      setTimeout(deliver, due - Date.now());
    };
  };
  const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

  const sql = sqlOverHttp({
    maxSessions: serializeSessions ? 1 : 32,
    isThisDatabase: (host, port) => isThisDatabase(`${host}:${port}`, pgPort),
  });
  const server = createServer((req, res) => {
    void (async () => {
      await sleep(delayMs);
      const { ready, release } = takeTurn();
      await ready;
      const end = res.end.bind(res);
      // The answer travels back the same distance.
      res.end = ((...args: Parameters<typeof res.end>) => {
        release();
        void sleep(delayMs).then(() => end(...args));
        return res;
      }) as typeof res.end;
      if (!sql.handle(req, res)) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("the bridge answers POST /sql and WebSocket upgrades only");
      }
    })();
  });
  // Node closes a keep-alive connection after 5 s idle; workerd may reuse that connection for its
  // next query and report the reset as an uncaught exception. Idle connections stay open until
  // the bridge stops (stop() closes them all).
  server.keepAliveTimeout = 0;
  const wss = new WebSocketServer({ server });
  wss.on("connection", (ws, request) => {
    // The Neon driver names its target as ?address=host:port; only this database is reachable.
    const address = new URL(request.url ?? "/", "http://bridge").searchParams.get("address");
    if (address && !isThisDatabase(address, pgPort)) {
      ws.close(1008, "address not allowed");
      return;
    }
    const toDatabase = delayed();
    const toClient = delayed();
    const pending: Buffer[] = [];
    let tcp: net.Socket | undefined;
    let closed = false;
    ws.on("message", (data: Buffer) => toDatabase(() => (tcp ? tcp.write(data) : pending.push(data))));
    const { ready: previous, release } = takeTurn();
    const finish = () => {
      if (closed) return;
      closed = true;
      clearTimeout(idle);
      release();
    };
    // A session that goes quiet (a client that never closed its socket) must not block the rest.
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => ws.terminate(), SESSION_IDLE_MS);
    };
    ws.on("message", touch);
    // A client that ends its session sends Terminate ('X', length 4), but the Neon driver never
    // closes its WebSocket afterwards (see src/db/client.ts), e.g. when its pool retires an idle
    // client. End the session here, so the next one does not wait for the idle cut.
    ws.on("message", (data: Buffer) => {
      if (endsWithTerminate(data)) setTimeout(() => ws.close(), 0);
    });
    ws.on("close", () => {
      tcp?.end();
      finish();
    });
    ws.on("error", () => {
      tcp?.destroy();
      finish();
    });
    void previous.then(() => {
      if (closed) return;
      const socket = net.connect(pgPort, LOOPBACK);
      tcp = socket;
      sockets.add(socket);
      touch();
      for (const data of pending.splice(0)) socket.write(data);
      socket.on("data", (chunk) => {
        touch();
        toClient(() => ws.readyState === ws.OPEN && ws.send(chunk));
      });
      socket.on("close", () => {
        sockets.delete(socket);
        if (ws.readyState === ws.OPEN) ws.close();
        finish();
      });
      socket.on("error", () => ws.terminate());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wsPort, LOOPBACK, () => resolve());
  });

  let stopped = false;
  return {
    wsPort,
    wsProxy: `${LOOPBACK}:${wsPort}/v1`,
    setOneWayDelay(ms: number) {
      delayMs = Math.max(0, ms);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.stop();
    },
  };
}

/**
 * Whether a frame is a run of whole protocol messages (type byte, int32 length) whose last one is
 * Terminate. Frames that do not parse that way (the startup message, a partial frame) are not.
 */
export function endsWithTerminate(data: Buffer): boolean {
  let pos = 0;
  let last = -1;
  while (pos + 5 <= data.length) {
    const length = data.readInt32BE(pos + 1);
    if (length < 4) return false;
    last = data[pos]!;
    pos += 1 + length;
  }
  return pos === data.length && last === 0x58 && data.readInt32BE(data.length - 4) === 4;
}

function isThisDatabase(address: string, pgPort: number): boolean {
  const [host, port] = [address.slice(0, address.lastIndexOf(":")), Number(address.slice(address.lastIndexOf(":") + 1))];
  return port === pgPort && ["127.0.0.1", "localhost", "::1", "[::1]"].includes(host);
}
