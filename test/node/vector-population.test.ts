/**
 * `npm run vector:populate` (scripts/lib/vector-population.ts) rebuilds the index from Postgres:
 * the index can die, or the run be killed, part-way through, and a re-run completes it.
 */
import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { approvedContexts, insertRecommendationSet } from "../../src/db/recommendations";
import { DISCLOSURE } from "../../src/domain/guardrails";
import { LocalHashEmbedder } from "../../src/adapters/embedding/local";
import { CatalogGenerator } from "../../src/adapters/llm/catalog";
import { ensureProfile } from "../../src/services/profile-service";
import { contextVectorId, recommendationVectorId } from "../../src/services/vector-records";
import { VectorStoreError, type VectorStore } from "../../src/adapters/vector/interface";
import { createVectorStore } from "../../src/services/services";
import { loadDataset } from "../../scripts/lib/dataset-loader";
import { generateDataset } from "../../scripts/lib/synthetic/dataset-generator";
import { populateVectorIndex } from "../../scripts/lib/vector-population";
import { useOwnDatabase } from "./own-database";

const database = useOwnDatabase();
const embedder = new LocalHashEmbedder(1536);
const healthyStore = () =>
  createVectorStore({ pineconeIndexName: "unused", embedderId: embedder.id, dimensions: embedder.dimensions, db: () => database().db });
/** Small batches and upserts, so a run has many of them to fail between; no waits between retries. */
const SMALL = { batchSize: 4, upsertChunk: 6, retry: { retries: 1, minTimeout: 0 } } as const;

/** The ids the index must hold: every approved recommendation, and every context that has one. */
let expected: string[] = [];
/** Recommendations that are not approved: they must stay out of the index. */
let notApproved: string[] = [];

beforeAll(async () => {
  const { db } = database();
  const generated = generateDataset({ numUsers: 10, seed: 23, asOf: "2026-11-01" });
  await loadDataset(database(), generated.dataset);
  const catalog = new CatalogGenerator();
  for (const [i, user] of generated.dataset.users.entries()) {
    for (const windowDays of [30, 180] as const) {
      const profile = await ensureProfile(db, user.user_id, windowDays);
      // Every third set waits for an operator: pending recommendations are not indexed.
      const status = (i + windowDays) % 3 === 0 ? ("pending" as const) : ("approved" as const);
      await insertRecommendationSet(db, {
        userId: user.user_id,
        windowDays,
        personaType: profile.persona.persona_type,
        actor: "test",
        items: catalog.recommend(profile).map((r) => ({ ...r, disclosure: DISCLOSURE, status, source: "catalog" })),
      });
    }
  }
  const { rows } = await db.execute<{ id: string; status: string }>(sql`select id, status from recommendations`);
  const contexts = await approvedContexts(db);
  expected = [
    ...rows.filter((r) => r.status === "approved").map((r) => recommendationVectorId(r.id)),
    ...contexts.map((c) => contextVectorId(c.userId, c.windowDays)),
  ].sort();
  notApproved = rows.filter((r) => r.status !== "approved").map((r) => recommendationVectorId(r.id));
  expect(contexts.length).toBeGreaterThan(3);
  expect(notApproved.length).toBeGreaterThan(0);
});

beforeEach(async () => {
  await database().db.execute(sql`delete from vectors`);
});

/** Which of the expected ids the index holds now. */
async function indexed(): Promise<string[]> {
  return (await healthyStore().fetch(expected)).map((r) => r.id).sort();
}

/** A store that works for `healthy` upsert calls, then behaves as `after` says on every later one. */
function dyingStore(healthy: number, after: "fail" | "hang"): { store: VectorStore; upserts: () => number; hung: Promise<void> } {
  const inner = healthyStore();
  let calls = 0;
  let onHang: () => void = () => {};
  const hung = new Promise<void>((resolve) => (onHang = resolve));
  const store = Object.create(inner) as VectorStore;
  store.upsert = async (records) => {
    calls += 1;
    if (calls <= healthy) return inner.upsert(records);
    if (after === "hang") {
      onHang();
      return new Promise<never>(() => {}); // the process is gone: this call never returns
    }
    throw new VectorStoreError("unavailable", "the index went away (test)", { provider: "pgvector" });
  };
  return { store, upserts: () => calls, hung };
}

describe("vector:populate", () => {
  it("indexes every approved recommendation and context, and nothing else", async () => {
    const result = await populateVectorIndex({ db: database().db, embedder, store: healthyStore(), ...SMALL });
    expect(result.failures).toEqual([]);
    expect(await indexed()).toEqual(expected);
    expect(await healthyStore().fetch(notApproved)).toEqual([]);
    const { rows } = await database().db.execute<{ n: number }>(sql`select count(*)::int as n from vectors`);
    expect(rows[0]!.n).toBe(expected.length);
  });

  it("when the index dies mid-run, reports every record it could not write; a re-run completes the index", async () => {
    const dying = dyingStore(2, "fail");
    const first = await populateVectorIndex({ db: database().db, embedder, store: dying.store, ...SMALL });
    const partial = await indexed();
    // It really died part-way: some records written, some not.
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(expected.length);
    // Nothing is silently dropped: what is missing is exactly what the run reported as failed.
    expect(first.failures.map((f) => f.id).sort()).toEqual(expected.filter((id) => !partial.includes(id)));
    expect(first.recommendations + first.contexts).toBe(partial.length);

    const second = await populateVectorIndex({ db: database().db, embedder, store: healthyStore(), ...SMALL });
    expect(second.failures).toEqual([]);
    expect(await indexed()).toEqual(expected);
  });

  it("when the run is killed mid-way (it never finishes), a re-run completes the index", async () => {
    const dying = dyingStore(1, "hang");
    void populateVectorIndex({ db: database().db, embedder, store: dying.store, ...SMALL });
    await dying.hung; // the second upsert has started and will never return: the run is dead
    const partial = await indexed();
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(expected.length);

    const rerun = await populateVectorIndex({ db: database().db, embedder, store: healthyStore(), ...SMALL });
    expect(rerun.failures).toEqual([]);
    expect(await indexed()).toEqual(expected);
    expect(dying.upserts()).toBe(2); // the dead run made no further writes
  });
});
