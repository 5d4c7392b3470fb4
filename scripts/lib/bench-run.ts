/** The work of `npm run bench` (scripts/bench.ts, which defines and checks its options). */
import { mkdirSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import os from "node:os";
import { dirname } from "node:path";
import autocannon from "autocannon";
import { startPopulatedStack, type BatchTimings } from "./bench-stack";
import type { GenerateResponse } from "./api-client";

export interface BenchOptions {
  users: number;
  duration: number;
  connections: number;
  dbRttMs: number;
  out: string;
}

interface PathResult {
  path: string;
  /** Round-trip time to the database while it ran (ms). */
  rttMs: number;
  /** Sequential round trips to Postgres on each response path (Server-Timing `db`). */
  roundTrips: number[];
  requests: number;
  rps: number;
  sources: Map<string, number>;
  server: number[];
  clientP50: number;
  clientP99: number;
  non2xx: number;
  errors: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

const ROUND_TRIPS = /(?:^|,)\s*db;desc="(\d+) round trips?"/;

async function measure(url: string, token: string, label: string, paths: string[], opts: BenchOptions, rttMs: number): Promise<PathResult> {
  const server: number[] = [];
  const roundTrips: number[] = [];
  const sources = new Map<string, number>();
  const result = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.duration,
    headers: { authorization: `Bearer ${token}` },
    requests: paths.map((path) => ({
      method: "POST" as const,
      path,
      onResponse: (status: number, body: string, _context: object, headers?: IncomingHttpHeaders) => {
        if (status !== 200) return;
        // autocannon keeps the header names as sent.
        const timing = String(Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === "server-timing")?.[1] ?? "");
        const trips = ROUND_TRIPS.exec(timing);
        if (trips) roundTrips.push(Number(trips[1]));
        const parsed = JSON.parse(body) as GenerateResponse;
        server.push(parsed.latency.total_ms);
        sources.set(parsed.source, (sources.get(parsed.source) ?? 0) + 1);
      },
    })),
  });
  server.sort((a, b) => a - b);
  roundTrips.sort((a, b) => a - b);
  return {
    path: label,
    rttMs,
    roundTrips,
    requests: result.requests.total,
    rps: result.requests.average,
    sources,
    server,
    clientP50: result.latency.p50,
    clientP99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function table(results: PathResult[]): string {
  const rows = results.map((r) => {
    const s = r.server;
    const served = [...r.sources].map(([k, n]) => `${k} ${n}`).join(", ") || "-";
    const trips = r.roundTrips.length ? `${quantile(r.roundTrips, 0.5)} (max ${r.roundTrips.at(-1)})` : "-";
    return `| ${r.path} | ${r.rttMs} ms | ${trips} | ${r.requests} | ${r.rps.toFixed(0)} | ${quantile(s, 0.5).toFixed(1)} | ${quantile(s, 0.95).toFixed(1)} | ${quantile(s, 0.99).toFixed(1)} | ${r.clientP50} | ${r.clientP99} | ${r.non2xx} | ${r.errors} | ${served} |`;
  });
  return [
    "| path | database RTT | round trips to Postgres before the answer (median) | requests | req/s | server p50 ms | server p95 ms | server p99 ms | client p50 ms | client p99 ms | non-2xx | errors | served by |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function batchTable(t: BatchTimings): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return [
    "| job | work | time |",
    "|---|---|---|",
    `| data generation (\`data:generate\`) | ${t.users} users, ${t.transactions} transactions | ${s(t.generateMs)} |`,
    `| loading (\`data:load\`) | the same, one transaction | ${s(t.loadMs)} |`,
    `| bulk generation through the API (\`recs:generate-all\`) | ${t.bulkSets} sets (${t.users} users × 2 windows) | ${s(t.bulkMs)} |`,
    `| population (\`vector:populate\`, local embedder → pgvector) | ${t.vectors} vectors | ${s(t.populateMs)} |`,
  ].join("\n");
}

export async function runBench(opts: BenchOptions): Promise<void> {
  const { stack, timings, vectorHitUsers, vectorMissUsers } = await startPopulatedStack({ users: opts.users });
  try {
    const gen = (users: string[], query: string) => users.slice(0, 200).map((u) => `/recommendations/generate/${u}?window_days=30${query}`);
    const all = [...vectorHitUsers, ...vectorMissUsers];
    // Warm the KV tier for the KV path (the bulk run cached 30-day answers, but warm them anyway).
    for (const path of gen(all, "")) await fetch(`${stack.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${stack.operatorToken}` } });
    const plan: { label: string; paths: string[] }[] = [
      { label: "KV hit", paths: gen(all, "") },
      { label: "vector hit", paths: gen(vectorHitUsers, "&force_regenerate=true") },
      { label: "generation miss (vector tier consulted)", paths: gen(vectorMissUsers, "&force_regenerate=true") },
      { label: "use_vector_db=false", paths: gen(all, "&force_regenerate=true&use_vector_db=false") },
    ];
    const results: PathResult[] = [];
    for (const rtt of opts.dbRttMs > 0 ? [0, opts.dbRttMs] : [0]) {
      stack.setDbLatency(rtt / 2);
      for (const p of plan) {
        if (p.paths.length === 0) {
          console.log(`${p.label}: no user takes this path in this population at the configured threshold; skipped`);
          continue;
        }
        console.log(`${p.label}, database RTT ${rtt} ms: ${opts.duration} s, ${opts.connections} connections, ${p.paths.length} users …`);
        results.push(await measure(stack.url, stack.operatorToken, p.label, p.paths, opts, rtt));
      }
    }
    stack.setDbLatency(0);
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
    const endpoint = table(results);
    const batch = batchTable(timings);
    console.log(`\n${endpoint}\n\n${batch}\n`);
    mkdirSync(dirname(opts.out), { recursive: true });
    writeFileSync(
      opts.out,
      [
        "# Benchmarks",
        "",
        `Written by \`npm run bench\` (${new Date().toISOString().slice(0, 10)}) on ${machine}.`,
        "",
        `A private stack: in-memory PGlite + pgvector behind the loopback bridge, \`wrangler dev\` (workerd, Miniflare KV and Queues), the local embedder and the catalog generator; ${timings.users} synthetic users (seed 42). autocannon sends ${opts.connections} concurrent connections for ${opts.duration} s per path, each cycling through up to 200 users' \`POST /recommendations/generate/:user_id?window_days=30\`. **Server** latency is the response's \`latency.total_ms\` (inside the Worker); **client** latency includes HTTP on loopback and waiting for the embedded database, which serves one session at a time, so concurrent requests queue on it. Path by path:`,
        "",
        "- **KV hit**: a repeat request, answered from Workers KV;",
        "- **vector hit**: `force_regenerate=true` for a person the vector tier answers (GET /vector/search said `vector_db`);",
        "- **generation miss**: `force_regenerate=true` for a person the vector tier passes on to the generator;",
        "- **use_vector_db=false**: `force_regenerate=true&use_vector_db=false`, straight to the generator.",
        "",
        `Each path runs with the database on loopback, then ${opts.dbRttMs} ms away (the bridge delays every message by half that each way: an edge location far from the database's region). **Round trips** are the sequential round trips to Postgres before the answer, as each response's \`Server-Timing: db;desc="N round trips"\` reports them (work after the response, such as storing a vector-tier set and the request log, is not counted).`,
        "",
        endpoint,
        "",
        "## Batch jobs (the ones that built the stack)",
        "",
        batch,
        "",
      ].join("\n"),
    );
    console.log(`wrote ${opts.out}`);
  } finally {
    await stack.stop();
  }
}
