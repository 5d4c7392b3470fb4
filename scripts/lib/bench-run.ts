/** The work of `npm run bench` (scripts/bench.ts, which defines and checks its options). */
import { mkdirSync, writeFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import os from "node:os";
import { dirname } from "node:path";
import autocannon from "autocannon";
import { DEFAULTS } from "../../src/config";
import { PineconeVectorStore } from "../../src/adapters/vector/pinecone";
import { createEmbedder } from "../../src/services/services";
import { startPopulatedStack, type BatchTimings } from "./bench-stack";
import { openDatabase } from "./db";
import type { LocalStack } from "./local-stack";
import { startPineconeStandIn, type PineconeStandIn } from "./pinecone-stand-in";
import { populateVectorIndex } from "./vector-population";
import type { GenerateResponse } from "./api-client";

export interface BenchOptions {
  users: number;
  duration: number;
  connections: number;
  /** Round-trip times to the region to run every path at, besides loopback (ms). */
  dbRttMs: number[];
  out: string;
}

interface PathResult {
  path: string;
  /** The index the Worker queried: pgvector in Postgres, or the Pinecone stand-in. */
  index: "pgvector" | "pinecone";
  /** Round-trip time to the region (database and index) while it ran (ms). */
  rttMs: number;
  /** Sequential round trips to the region, to Postgres and to the index, per response (Server-Timing `regional`, `db`, `index`). */
  roundTrips: number[];
  dbTrips: number[];
  indexTrips: number[];
  /** Time in the person's object and in the KV read (Server-Timing `person`, `kv`), where they ran. */
  personMs: number[];
  kvMs: number[];
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

const tripsOf = (timing: string, metric: string) => {
  const found = new RegExp(`(?:^|,)\\s*${metric};(?:dur=[\\d.]+;)?desc="(\\d+) round trips?"`).exec(timing);
  return found ? Number(found[1]) : undefined;
};
const durOf = (timing: string, metric: string) => {
  const found = new RegExp(`(?:^|,)\\s*${metric};dur=([\\d.]+)`).exec(timing);
  return found ? Number(found[1]) : undefined;
};

async function measure(
  url: string,
  token: string,
  label: string,
  paths: string[],
  opts: BenchOptions,
  rttMs: number,
  index: PathResult["index"],
): Promise<PathResult> {
  const server: number[] = [];
  const roundTrips: number[] = [];
  const dbTrips: number[] = [];
  const indexTrips: number[] = [];
  const personMs: number[] = [];
  const kvMs: number[] = [];
  const push = (list: number[], value: number | undefined) => value !== undefined && list.push(value);
  // A few requests first, unrecorded: the Worker just (re)started or the distance just changed.
  for (const path of paths.slice(0, 10)) await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
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
        push(roundTrips, tripsOf(timing, "regional"));
        push(dbTrips, tripsOf(timing, "db"));
        push(indexTrips, tripsOf(timing, "index"));
        push(personMs, durOf(timing, "person"));
        push(kvMs, durOf(timing, "kv"));
        const parsed = JSON.parse(body) as GenerateResponse;
        server.push(parsed.latency.total_ms);
        sources.set(parsed.source, (sources.get(parsed.source) ?? 0) + 1);
      },
    })),
  });
  for (const list of [server, roundTrips, dbTrips, indexTrips, personMs, kvMs]) list.sort((a, b) => a - b);
  return {
    path: label,
    index,
    rttMs,
    roundTrips,
    dbTrips,
    indexTrips,
    personMs,
    kvMs,
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

const median = (sorted: number[]) => (sorted.length ? `${quantile(sorted, 0.5)}` : "-");

function table(results: PathResult[]): string {
  const rows = results.map((r) => {
    const s = r.server;
    const served = [...r.sources].map(([k, n]) => `${k} ${n}`).join(", ") || "-";
    const trips = r.roundTrips.length ? `**${quantile(r.roundTrips, 0.5)}** (max ${r.roundTrips.at(-1)})` : "-";
    return `| ${r.path} | ${r.index} | ${r.rttMs} ms | ${trips} | ${median(r.dbTrips)} / ${median(r.indexTrips)} | ${r.requests} | ${r.rps.toFixed(0)} | ${quantile(s, 0.5).toFixed(1)} | ${quantile(s, 0.95).toFixed(1)} | ${quantile(s, 0.99).toFixed(1)} | ${r.clientP50} | ${r.clientP99} | ${r.non2xx} | ${r.errors} | ${served} |`;
  });
  return [
    "| path | index | regional RTT | sequential regional round trips before the answer (median) | of which Postgres / index (median) | requests | req/s | server p50 ms | server p95 ms | server p99 ms | client p50 ms | client p99 ms | non-2xx | errors | served by |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** Where a KV hit's time goes: the person's object, then the KV read. */
function kvTable(results: PathResult[]): string {
  const q = (sorted: number[], p: number) => (sorted.length ? quantile(sorted, p).toFixed(1) : "-");
  const rows = results
    .filter((r) => r.path === "KV hit")
    .map(
      (r) =>
        `| ${r.rttMs} ms | ${r.requests} | ${q(r.personMs, 0.5)} / ${q(r.personMs, 0.99)} | ${q(r.kvMs, 0.5)} / ${q(r.kvMs, 0.99)} | ${q(r.server, 0.5)} / ${q(r.server, 0.99)} / ${r.server.length ? r.server.at(-1)!.toFixed(1) : "-"} |`,
    );
  return [
    "| regional RTT | requests | person's object p50 / p99 ms | KV read p50 / p99 ms | server p50 / p99 / max ms |",
    "|---|---|---|---|---|",
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
  const pinecone = await startPineconeStandIn({
    apiKey: `bench-stand-in-${Date.now()}`,
    indexes: { [DEFAULTS.PINECONE_INDEX_NAME]: DEFAULTS.EMBEDDING_DIMENSIONS },
  });
  try {
    await fillStandIn(stack, pinecone);
    const gen = (users: string[], query: string) => users.slice(0, 200).map((u) => `/recommendations/generate/${u}?window_days=30${query}`);
    const all = [...vectorHitUsers, ...vectorMissUsers];
    // Warm the KV tier for the KV path (the bulk run cached 30-day answers, but warm them anyway).
    for (const path of gen(all, ""))
      await fetch(`${stack.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${stack.operatorToken}` } });
    const plan: { label: string; paths: string[] }[] = [
      { label: "KV hit", paths: gen(all, "") },
      { label: "vector hit", paths: gen(vectorHitUsers, "&force_regenerate=true") },
      { label: "generation miss (vector tier consulted)", paths: gen(vectorMissUsers, "&force_regenerate=true") },
      { label: "use_vector_db=false", paths: gen(all, "&force_regenerate=true&use_vector_db=false") },
    ];
    const results: PathResult[] = [];
    const distances = [0, ...opts.dbRttMs.filter((d) => d > 0)];
    const run = async (index: PathResult["index"], paths: typeof plan) => {
      for (const rtt of distances) {
        stack.setDbLatency(rtt / 2);
        pinecone.setRtt(rtt);
        for (const p of paths) {
          if (p.paths.length === 0) {
            console.log(`${p.label}: no user takes this path in this population at the configured threshold; skipped`);
            continue;
          }
          console.log(
            `${p.label} (${index}), regional RTT ${rtt} ms: ${opts.duration} s, ${opts.connections} connections, ${p.paths.length} users …`,
          );
          const result = await measure(stack.url, stack.operatorToken, p.label, p.paths, opts, rtt, index);
          results.push(result);
          console.log(table([result]).split("\n")[2]);
        }
      }
    };
    await run("pgvector", plan);
    // The same paths that query the index, with Pinecone's stand-in holding the same vectors, as far away as the database.
    stack.setDbLatency(0);
    pinecone.setRtt(0);
    await stack.restartWorker({ PINECONE_API_KEY: pinecone.apiKey, PINECONE_CONTROLLER_HOST: pinecone.url });
    await run(
      "pinecone",
      plan.filter((p) => p.label === "vector hit" || p.label.startsWith("generation miss")),
    );
    stack.setDbLatency(0);
    pinecone.setRtt(0);
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
        "- **KV hit**: a repeat request, answered from Workers KV (or from the isolate's memory of the same key, when it saw the answer lately);",
        "- **vector hit**: `force_regenerate=true` for a person the vector tier answers (GET /vector/search said `vector_db`);",
        "- **generation miss**: `force_regenerate=true` for a person the vector tier passes on to the generator;",
        "- **use_vector_db=false**: `force_regenerate=true&use_vector_db=false`, straight to the generator.",
        "",
        `Each path runs with the region on loopback, then ${distances.slice(1).join(" and ")} ms away: the bridge delays every message to and from Postgres by half that each way, and the Pinecone stand-in answers each request that long after it arrived (an edge location far from the region where the database and the index live). The paths that query the index run twice: with pgvector in Postgres, then with a stand-in for Pinecone at the HTTP boundary (\`scripts/lib/pinecone-stand-in.ts\`, filled with the same vectors by the real population job through the real Pinecone store). **Round trips** are the sequential round trips to the region before the answer, as each response's \`Server-Timing\` reports them (\`regional\`; of which \`db\` to Postgres and \`index\` to the index: pgvector's query is both, so they can add up to more than the total). Work after the response (storing a vector-tier set, the request log, offering the serving state back to the person's object) is not counted.`,
        "",
        endpoint,
        "",
        "### Where a KV hit's time goes",
        "",
        "Server-Timing `person` (the person's Durable Object: consent and data version) and `kv` (the KV read), per KV hit:",
        "",
        kvTable(results),
        "",
        "## Batch jobs (the ones that built the stack)",
        "",
        batch,
        "",
      ].join("\n"),
    );
    console.log(`wrote ${opts.out}`);
  } finally {
    await pinecone.stop();
    await stack.stop();
  }
}

/** The stand-in gets the same vectors as pgvector, by the real population job through the real Pinecone store. */
async function fillStandIn(stack: LocalStack, pinecone: PineconeStandIn): Promise<void> {
  const handle = await openDatabase(stack.database);
  try {
    const embedder = createEmbedder({
      openaiApiKey: undefined,
      model: DEFAULTS.OPENAI_EMBEDDING_MODEL,
      dimensions: DEFAULTS.EMBEDDING_DIMENSIONS,
    });
    const store = new PineconeVectorStore({
      apiKey: pinecone.apiKey,
      indexName: DEFAULTS.PINECONE_INDEX_NAME,
      embedderId: embedder.id,
      dimensions: embedder.dimensions,
      controllerHostUrl: pinecone.url,
    });
    const result = await populateVectorIndex({ db: handle.db, embedder, store, batchSize: 50 });
    if (result.failures.length)
      throw new Error(`filling the Pinecone stand-in failed for ${result.failures.length} records, e.g. ${result.failures[0]!.error}`);
  } finally {
    await handle.close();
  }
}
