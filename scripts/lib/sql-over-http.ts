/**
 * Neon's SQL-over-HTTP protocol, answered by a local Postgres: what `neon()` from
 * `@neondatabase/serverless` sends to Neon's `/sql` endpoint, so the embedded stack runs the same
 * one-round-trip query code as production.
 *
 *   POST /sql   headers: Neon-Connection-String, Neon-Raw-Text-Output: true, Neon-Array-Mode: true,
 *                        and for a batch Neon-Batch-Isolation-Level / -Read-Only / -Deferrable
 *               body:    {query, params} or {queries: [{query, params}, …]} (a batch: one transaction)
 *   200         {command, rowCount, fields: [{name, dataTypeID, …}], rows: [[text | null, …]], rowAsArray}
 *               or {results: [that, …]} for a batch
 *   400         a Postgres error: {message, code, severity, detail, hint, position, …}
 *   5xx         anything else, as text
 * Values travel as Postgres text; the driver parses them by type id, as it does with Neon.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";

/** Every value as Postgres sent it (text): the driver parses by dataTypeID, as with Neon's endpoint. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;
const ISOLATION = new Set(["Serializable", "RepeatableRead", "ReadCommitted", "ReadUncommitted"]);
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const ERROR_FIELDS = [
  "severity",
  "code",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "file",
  "line",
  "routine",
] as const;

interface Query {
  query: string;
  params?: unknown[];
}

export interface SqlOverHttp {
  /** Answer a request whose path is /sql; returns false (nothing written) for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  stop(): Promise<void>;
}

function toResult(r: pg.QueryResult<unknown[]>) {
  return {
    command: r.command,
    rowCount: r.rowCount,
    rows: r.rows,
    fields: r.fields.map((f) => ({
      name: f.name,
      tableID: f.tableID,
      columnID: f.columnID,
      dataTypeID: f.dataTypeID,
      dataTypeSize: f.dataTypeSize,
      dataTypeModifier: f.dataTypeModifier,
      format: "text",
    })),
    rowAsArray: true,
  };
}

function beginStatement(headers: IncomingMessage["headers"]): string {
  const parts = ["BEGIN"];
  const level = headers["neon-batch-isolation-level"];
  if (typeof level === "string" && ISOLATION.has(level))
    parts.push(`ISOLATION LEVEL ${level.replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase()}`);
  if (headers["neon-batch-read-only"] === "true") parts.push("READ ONLY");
  if (headers["neon-batch-deferrable"] === "true") parts.push("DEFERRABLE");
  return parts.join(" ");
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The /sql endpoint in front of a local Postgres. `maxSessions` bounds the sessions it opens (1 for
 * PGlite, which is one session; more for a real server, which runs them in parallel).
 * `isThisDatabase` refuses a connection string that names any other server.
 */
export function sqlOverHttp(options: { maxSessions: number; isThisDatabase: (host: string, port: number) => boolean }): SqlOverHttp {
  // One pool per connection string, as the header names it (its credentials are the server's).
  const pools = new Map<string, pg.Pool>();
  const poolFor = (connectionString: string) => {
    let pool = pools.get(connectionString);
    if (!pool) {
      pool = new pg.Pool({ connectionString, max: options.maxSessions, idleTimeoutMillis: 10_000 });
      pool.on("error", () => {}); // an idle session that dies is replaced on next use
      pools.set(connectionString, pool);
    }
    return pool;
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    if (res.headersSent) return;
    res.writeHead(status, { "content-type": typeof body === "string" ? "text/plain" : "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") return reply(res, 405, "POST only");
    let target: URL;
    try {
      target = new URL(String(req.headers["neon-connection-string"] ?? ""));
    } catch {
      return reply(res, 400, { message: "missing or malformed Neon-Connection-String header" });
    }
    if (!options.isThisDatabase(target.hostname, Number(target.port || 5432)))
      return reply(res, 403, "connection string names another database");
    let body: Query & { queries?: Query[] };
    try {
      body = JSON.parse(await readBody(req));
    } catch (err) {
      return reply(res, 400, { message: `malformed request body: ${(err as Error).message}` });
    }
    const batch = Array.isArray(body.queries) ? body.queries : undefined;
    let client: pg.PoolClient;
    try {
      client = await poolFor(target.toString()).connect();
    } catch (err) {
      return reply(res, 503, `cannot reach the local database: ${(err as Error).message}`);
    }
    let broken = false;
    try {
      const run = (q: Query) => client.query<unknown[]>({ text: q.query, values: q.params ?? [], rowMode: "array", types: RAW_TEXT });
      if (!batch) return reply(res, 200, toResult(await run(body)));
      await client.query(beginStatement(req.headers));
      try {
        const results = [];
        for (const q of batch) results.push(toResult(await run(q)));
        await client.query("COMMIT");
        return reply(res, 200, { results });
      } catch (err) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw err;
      }
    } catch (err) {
      const e = err as Record<string, unknown>;
      if (typeof e.severity !== "string") {
        broken = true;
        return reply(res, 500, `the local database failed: ${String(e.message ?? err)}`);
      }
      return reply(res, 400, Object.fromEntries([["message", e.message], ...ERROR_FIELDS.map((k) => [k, e[k]])]));
    } finally {
      client.release(broken);
    }
  }

  return {
    handle(req, res) {
      if (new URL(req.url ?? "/", "http://bridge").pathname !== "/sql") return false;
      answer(req, res).catch((err: unknown) => reply(res, 500, String((err as Error)?.message ?? err)));
      return true;
    },
    stop: async () => {
      await Promise.all([...pools.values()].map((p) => p.end()));
    },
  };
}
