/**
 * A private stack for the console's browser test: in-memory Postgres and `wrangler dev` on free
 * ports (scripts/lib/local-stack.ts), a small synthetic population, recommendations left pending
 * for review (AUTO_APPROVE_GUARDED=false), one set approved and indexed so that a later request is
 * answered by the vector tier (a "reused from" recommendation), and a day of request history.
 */
import { createHash, randomBytes } from "node:crypto";
import { loadDataset } from "../../scripts/lib/dataset-loader";
import { openDatabase } from "../../scripts/lib/db";
import { startLocalStack, type LocalStack } from "../../scripts/lib/local-stack";
import { generateDataset } from "../../scripts/lib/synthetic/dataset-generator";
import { populateVectorIndex } from "../../scripts/lib/vector-population";
import type { DatabaseHandle } from "../../src/db/client";
import { qualitySamples, requestLog } from "../../src/db/schema";
import { PgVectorStore } from "../../src/adapters/vector/pgvector";
import { createEmbedder } from "../../src/services/services";
import { BulkApproveSchema, ConsentSchema, GenerateSchema, TokenSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";
import type { z } from "zod";

export interface ConsoleStack {
  stack: LocalStack;
  /** Consenting people, in id order, with their first generated recommendation ids (some approved, one set superseded: see startConsoleStack). */
  people: { userId: string; persona: string; recommendationIds: string[] }[];
  /** Recommendations still pending review (the people outside the approved group). */
  pendingIds: string[];
  /** A recommendation the vector tier reused from another person's approved one, if one was served. */
  reusedId: string | undefined;
  /** A token bound to one person (user scope), minted by the operator. */
  boundUserToken: string;
  /** A second named operator (OPERATORS): reviews beside "operator" (OPERATOR_TOKEN). */
  alice: { name: string; token: string };
}

const HOUR = 3600_000;

/** A day of generate requests per source, so the charts have a history to show (marked as seeded: request ids `seed-…`). */
async function seedHistory(handle: DatabaseHandle): Promise<void> {
  const now = Date.now();
  const rows: (typeof requestLog.$inferInsert)[] = [];
  for (let h = 23; h >= 1; h--) {
    const mix: [string, number, number][] = [
      ["kv_cache", 4 + (h % 5), 2],
      ["vector_db", 6 + ((h * 7) % 6), 38],
      ["catalog", 2 + (h % 3), 27],
      ["catalog_fallback", h % 8 === 0 ? 1 : 0, 250],
    ];
    for (const [source, n, base] of mix) {
      for (let i = 0; i < n; i++) {
        const total = base * (1 + ((i * 37 + h * 11) % 23) / 10);
        rows.push({
          requestId: `seed-${h}-${source}-${i}`,
          route: "generate",
          source,
          similarityScore: source === "vector_db" ? 0.86 + ((i * 13 + h) % 12) / 100 : null,
          totalMs: total,
          status: 200,
          createdAt: new Date(now - h * HOUR - ((i * 97) % 50) * 60_000),
        });
      }
    }
  }
  await handle.db.insert(requestLog).values(rows);
  // Live-quality samples, so the metrics page always shows its quality table (sampling itself is random).
  await handle.db.insert(qualitySamples).values(
    ["high_utilization", "subscription_heavy", "savings_builder"].flatMap((personaType, p) =>
      Array.from({ length: 4 }, (_, i) => ({
        userId: `seed_quality_${p}_${i}`,
        windowDays: 30,
        personaType,
        similarityScore: 0.86 + i / 100,
        servedTopics: ["a", "b", "c"],
        generatorTopics: i === 0 ? ["d", "a", "b"] : ["a", "b", "c"],
        urgentTopics: [],
        coverage: i === 0 ? 2 / 3 : 1,
        topTopicAgreed: i !== 0,
        urgentAgreed: true,
        generatorSource: "catalog",
        createdAt: new Date(now - (i + 1) * HOUR),
      })),
    ),
  );
}

/** A request the stack is built on, its answer checked against the route's contract. */
async function api<T extends z.ZodType>(stack: LocalStack, method: string, path: string, schema: T, body?: unknown): Promise<z.infer<T>> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.operatorToken}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return answerOf(res, schema, res.status);
}

export async function startConsoleStack(log: (line: string) => void = () => {}): Promise<ConsoleStack> {
  const started = performance.now();
  const step = (what: string) => log(`${Math.round(performance.now() - started)} ms: ${what}`);
  const generated = generateDataset({ numUsers: 24, seed: 7 });
  const alice = { name: "alice", token: `ss_op_alice_${randomBytes(18).toString("base64url")}` };
  const stack = await startLocalStack({
    // 0.80: what the eval recommends for the local embedder (docs/eval/calibration.md).
    vars: {
      AUTO_APPROVE_GUARDED: "false",
      VECTOR_DB_SIMILARITY_THRESHOLD: "0.80",
      USER_TOKEN_SECRET: randomBytes(32).toString("base64url"),
      OPERATORS: `${alice.name}:${createHash("sha256").update(alice.token).digest("hex")}`,
    },
    prepare: async (handle) => {
      await loadDataset(handle, generated.dataset);
      await seedHistory(handle);
    },
  });
  step("stack up");
  try {
    const consenting = generated.dataset.users.filter((u) => u.consent_status === "granted").map((u) => u.user_id);
    const people: ConsoleStack["people"] = [];
    for (const userId of consenting) {
      const res = await api(stack, "POST", `/recommendations/generate/${userId}?window_days=30&use_vector_db=false`, GenerateSchema);
      people.push({ userId, persona: res.persona_type, recommendationIds: res.recommendations.map((r) => r.id) });
    }
    step("sets generated");
    // Approve the sets of the largest persona group but one person, and index them, so that
    // person can be answered from someone like them.
    const byPersona = Map.groupBy(people, (p) => p.persona);
    const group = [...byPersona.values()].sort((a, b) => b.length - a.length)[0]!;
    const requester = group[group.length - 1]!;
    await api(stack, "POST", "/recommendations/bulk-approve", BulkApproveSchema, {
      ids: group.slice(0, -1).flatMap((p) => p.recommendationIds),
      reason: "seeded for the reuse example",
    });
    const handle = await openDatabase(stack.database);
    try {
      const embedder = createEmbedder({ openaiApiKey: undefined, model: "text-embedding-3-small", dimensions: 1536 });
      await populateVectorIndex({
        db: handle.db,
        embedder,
        store: new PgVectorStore(handle.db, { embedderId: embedder.id, dimensions: embedder.dimensions }),
        batchSize: 50,
      });
    } finally {
      await handle.close();
    }
    step("indexed");
    const reuse = await api(
      stack,
      "POST",
      `/recommendations/generate/${requester.userId}?window_days=30&use_vector_db=true&force_regenerate=true`,
      GenerateSchema,
    );
    const reusedId = reuse.source === "vector_db" ? reuse.recommendations[0]?.id : undefined;
    // A consent history to show: revoked, then granted again.
    for (const action of ["revoke", "grant"]) await api(stack, "POST", "/consent", ConsentSchema, { user_id: people[0]!.userId, action });
    const bound = await api(stack, "POST", `/users/${people[0]!.userId}/token`, TokenSchema);
    step("ready");
    const pendingIds = people.filter((p) => !group.includes(p)).flatMap((p) => p.recommendationIds);
    return { stack, people, pendingIds, reusedId, boundUserToken: bound.token, alice };
  } catch (err) {
    await stack.stop();
    throw err;
  }
}
