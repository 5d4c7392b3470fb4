/**
 * A populated private stack for `npm run bench` and `npm run load`: a synthetic population,
 * loaded, given recommendations through the running API by the real bulk script, and indexed by
 * the real population job; each batch job timed. Then the users are sorted by what the vector tier
 * would do for them (GET /vector/search), so each benchmark path gets requests that take it.
 */
import { spawn } from "node:child_process";
import { DEFAULTS } from "../../src/config";
import { openDatabase } from "./db";
import { loadDataset } from "./dataset-loader";
import { startLocalStack, type LocalStack } from "./local-stack";
import { ROOT } from "./local-settings";
import { populateVectorIndex } from "./vector-population";
import { generateDataset } from "./synthetic/dataset-generator";
import { PgVectorStore } from "../../src/adapters/vector/pgvector";
import { createEmbedder } from "../../src/services/services";
import type { VectorSearchResponse } from "./api-client";

export interface BatchTimings {
  users: number;
  transactions: number;
  generateMs: number;
  loadMs: number;
  bulkMs: number;
  bulkSets: number;
  populateMs: number;
  vectors: number;
}

export interface PopulatedStack {
  stack: LocalStack;
  timings: BatchTimings;
  /** Consenting users whose 30-day request the vector tier answers, and those it passes on. */
  vectorHitUsers: string[];
  vectorMissUsers: string[];
}

const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t = performance.now();
  const value = await fn();
  return [value, performance.now() - t];
};

export async function startPopulatedStack(opts: {
  users: number;
  vars?: Record<string, string>;
  log?: (line: string) => void;
}): Promise<PopulatedStack> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const [generated, generateMs] = await time(() => generateDataset({ numUsers: opts.users, seed: 42 }));
  let loadMs = 0;
  log(`stack: ${opts.users} users generated in ${(generateMs / 1000).toFixed(2)} s; starting Postgres and wrangler dev …`);
  const stack = await startLocalStack({
    vars: opts.vars,
    prepare: async (handle) => {
      [, loadMs] = await time(() => loadDataset(handle, generated.dataset));
    },
  });
  try {
    log(`stack: serving on ${stack.url}; bulk generation through the API (recs:generate-all) …`);
    const [bulkSets, bulkMs] = await time(() => runBulkGeneration(stack));
    log(`stack: ${bulkSets} sets in ${(bulkMs / 1000).toFixed(1)} s; indexing (vector:populate) …`);
    const handle = await openDatabase(stack.database);
    let vectors = 0;
    let populateMs = 0;
    try {
      const embedder = createEmbedder({
        openaiApiKey: undefined,
        model: DEFAULTS.OPENAI_EMBEDDING_MODEL,
        dimensions: DEFAULTS.EMBEDDING_DIMENSIONS,
      });
      const store = new PgVectorStore(handle.db, { embedderId: embedder.id, dimensions: embedder.dimensions });
      const [result, ms] = await time(() => populateVectorIndex({ db: handle.db, embedder, store, batchSize: 50 }));
      if (result.failures.length)
        throw new Error(`vector:populate failed for ${result.failures.length} records, e.g. ${result.failures[0]!.error}`);
      vectors = result.recommendations + result.contexts;
      populateMs = ms;
    } finally {
      await handle.close();
    }
    const { hit, miss } = await classifyUsers(
      stack,
      generated.dataset.users.filter((u) => u.consent_status === "granted").map((u) => u.user_id),
    );
    log(
      `stack: ${vectors} vectors in ${(populateMs / 1000).toFixed(1)} s; ${hit.length} users answered by the vector tier, ${miss.length} passed to the generator`,
    );
    return {
      stack,
      timings: {
        users: opts.users,
        transactions: generated.dataset.transactions.length,
        generateMs,
        loadMs,
        bulkMs,
        bulkSets,
        populateMs,
        vectors,
      },
      vectorHitUsers: hit,
      vectorMissUsers: miss,
    };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}

/** The real bulk job against the stack; returns the number of sets it generated. */
async function runBulkGeneration(stack: LocalStack): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/generate-all-recommendations.ts", "--quiet", "--batch-size", "10"], {
    cwd: ROOT,
    env: { ...process.env, API_BASE_URL: stack.url, OPERATOR_TOKEN: stack.operatorToken },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number>((done) => child.on("exit", (c) => done(c ?? 1)));
  if (code !== 0) throw new Error(`recs:generate-all exited with ${code}:\n${out.slice(-2000)}`);
  const sets = /sets generated:\s+(\d+)/.exec(out);
  return sets ? Number(sets[1]) : Number.NaN;
}

async function classifyUsers(stack: LocalStack, users: string[]): Promise<{ hit: string[]; miss: string[] }> {
  const hit: string[] = [];
  const miss: string[] = [];
  for (const userId of users) {
    const res = await fetch(`${stack.url}/vector/search?user_id=${userId}&window_days=30&top_k=5`, {
      headers: { authorization: `Bearer ${stack.operatorToken}` },
    });
    if (!res.ok) throw new Error(`GET /vector/search for ${userId}: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as VectorSearchResponse;
    (body.decision === "vector_db" ? hit : miss).push(userId);
  }
  return { hit, miss };
}
