/** The work of `npm run load` (scripts/load-test.ts, which defines and checks its options). */
import { mkdirSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import os from "node:os";
import { dirname } from "node:path";
import autocannon from "autocannon";
import { inArray } from "drizzle-orm";
import { schema } from "../../src/db/client";
import { startPopulatedStack } from "./bench-stack";
import { openDatabase } from "./db";
import type { GenerateResponse } from "./api-client";

export interface LoadTestOptions {
  users: number;
  duration: number;
  connections: number;
  out: string;
}

type Kind = "generate" | "read" | "bad";

/** How many of these request ids have their request-log row. */
async function loggedOf(database: { databaseUrl: string; wsProxy: string }, requestIds: string[]): Promise<number> {
  const handle = await openDatabase(database);
  try {
    const found = new Set<string>();
    for (let i = 0; i < requestIds.length; i += 5_000) {
      const rows = await handle.db
        .selectDistinct({ id: schema.requestLog.requestId })
        .from(schema.requestLog)
        .where(inArray(schema.requestLog.requestId, requestIds.slice(i, i + 5_000)));
      for (const row of rows) found.add(row.id);
    }
    return found.size;
  } finally {
    await handle.close();
  }
}

export async function runLoadTest(opts: LoadTestOptions): Promise<void> {
  const { stack, vectorHitUsers, vectorMissUsers } = await startPopulatedStack({ users: opts.users });
  try {
    const users = [...vectorHitUsers, ...vectorMissUsers];
    const pick = (i: number) => users[i % users.length]!;
    // The mix, per 10 requests: 4 KV hits, 2 fresh (vector tier), 1 generator, 2 reads, 1 bad request.
    const requests: { method: "GET" | "POST"; path: string; kind: Kind }[] = [];
    for (let i = 0; i < 200; i++) {
      const u = pick(i);
      const slot = i % 10;
      if (slot < 4) requests.push({ method: "POST", path: `/recommendations/generate/${u}?window_days=30`, kind: "generate" });
      else if (slot < 6)
        requests.push({
          method: "POST",
          path: `/recommendations/generate/${u}?window_days=${slot === 4 ? 30 : 180}&force_regenerate=true`,
          kind: "generate",
        });
      else if (slot === 6)
        requests.push({
          method: "POST",
          path: `/recommendations/generate/${u}?window_days=30&force_regenerate=true&use_vector_db=false`,
          kind: "generate",
        });
      else if (slot === 7) requests.push({ method: "GET", path: `/users/${u}/profile`, kind: "read" });
      else if (slot === 8) requests.push({ method: "GET", path: `/recommendations/${u}?window_days=30`, kind: "read" });
      else requests.push({ method: "POST", path: `/recommendations/generate/${u}?window_days=45`, kind: "bad" });
    }
    const status = new Map<string, number>();
    const server: number[] = [];
    const servedIds: string[] = [];
    console.log(`load: ${opts.duration} s, ${opts.connections} connections, mixed requests over ${users.length} users …`);
    const result = await autocannon({
      url: stack.url,
      connections: opts.connections,
      duration: opts.duration,
      headers: { authorization: `Bearer ${stack.operatorToken}` },
      requests: requests.map((r) => ({
        method: r.method,
        path: r.path,
        onResponse: (code: number, body: string, _context: object, headers: IncomingHttpHeaders | undefined) => {
          const key = `${r.kind} ${code}`;
          status.set(key, (status.get(key) ?? 0) + 1);
          if (r.kind === "generate" && code === 200) {
            // autocannon keeps the header names' case as sent.
            const id = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "x-request-id")?.[1];
            servedIds.push(String(id));
            server.push((JSON.parse(body) as GenerateResponse).latency.total_ms);
          }
        },
      })),
    });
    // Request-log rows are written after each response (waitUntil): give the last ones a moment.
    const generated200 = servedIds.length;
    let logged = await loggedOf(stack.database, servedIds);
    for (let i = 0; i < 20 && logged < generated200; i++) {
      await new Promise((r) => setTimeout(r, 500));
      logged = await loggedOf(stack.database, servedIds);
    }
    server.sort((a, b) => a - b);
    const q = (p: number) => server[Math.min(server.length - 1, Math.floor(p * server.length))] ?? Number.NaN;
    const total = result.requests.total;
    const fives = [...status].filter(([k]) => / 5\d\d$/.test(k)).reduce((n, [, v]) => n + v, 0);
    const bad = fives + result.errors + result.timeouts;
    const lines = [
      `| measure | value |`,
      `|---|---|`,
      `| requests | ${total} in ${opts.duration} s (${result.requests.average.toFixed(1)} req/s, ${opts.connections} connections) |`,
      `| answers by kind and status | ${[...status]
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ")} |`,
      `| 5xx + connection errors + timeouts | ${bad} (${((100 * bad) / Math.max(1, total)).toFixed(2)}%) |`,
      `| client latency p50 / p99 | ${result.latency.p50} ms / ${result.latency.p99} ms |`,
      `| generate, server latency p50 / p95 / p99 | ${q(0.5).toFixed(1)} / ${q(0.95).toFixed(1)} / ${q(0.99).toFixed(1)} ms |`,
      `| generate 200s with their request-log row (by X-Request-Id) | ${logged} / ${generated200}${logged === generated200 ? " (all written)" : " (MISSING ROWS)"} |`,
    ].join("\n");
    console.log(`\n${lines}\n`);
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(
      opts.out,
      [
        "# Reliability under load",
        "",
        `Written by \`npm run load\` (${new Date().toISOString().slice(0, 10)}) on ${machine}.`,
        "",
        `A private stack (in-memory PGlite + pgvector, \`wrangler dev\` with Miniflare KV and Queues, local embedder, catalog generator), ${opts.users} synthetic users with recommendations, indexed. autocannon keeps ${opts.connections} connections busy for ${opts.duration} s, as fast as the stack answers, cycling a mix per 10 requests: 4 repeat generates (KV), 2 fresh generates (vector tier), 1 generate with \`use_vector_db=false\`, a profile read, a list read, and 1 bad request (window 45, expected 400). The embedded database serves one session at a time, so throughput here is the bridge's, not Neon's.`,
        "",
        "Targets: no answer other than 2xx/4xx; every served generate leaves its request-log row (written after the response).",
        "",
        lines,
        "",
      ].join("\n"),
    );
    console.log(`wrote ${opts.out}`);
    if (bad > 0 || logged !== generated200) process.exitCode = 1;
  } finally {
    await stack.stop();
  }
}
