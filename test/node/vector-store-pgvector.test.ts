/**
 * PgVectorStore against a real embedded Postgres (PGlite + pgvector) of its own, reached through
 * the production Neon driver and migrated with the project's migrations.
 */
import { sql } from "drizzle-orm";
import { createDatabase } from "../../src/db/client";
import { isDatabaseUnavailable } from "../../src/errors";
import { isRetryable } from "../../src/resilience";
import { useOwnDatabase } from "./own-database";
import { beforeEach, describe, expect, it } from "vitest";
import { VectorStoreError, type VectorFilter, type VectorMetadata, type VectorRecord } from "../../src/adapters/vector/interface";
import { PgVectorStore } from "../../src/adapters/vector/pgvector";
import { createVectorStore } from "../../src/services/services";

const DIMS = 1536;
const EMBEDDER = "test-embedder-a";

const database = useOwnDatabase();
beforeEach(async () => {
  await database().db.execute(sql`delete from vectors`);
});

// ---- deterministic vectors ----

/** The i-th standard basis vector. */
const unit = (i: number): number[] => Array.from({ length: DIMS }, (_, j) => (j === i ? 1 : 0));

const normalize = (v: number[]): number[] => {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};

/** normalize(e_a + w·e_b): its cosine with e_a is 1/√(1+w²). */
const mix = (a: number, b: number, w: number) => normalize(unit(a).map((x, j) => x + (j === b ? w : 0)));

/** Seeded (mulberry32) random unit vectors. */
function randomUnit(seed: number): number[] {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return normalize(Array.from({ length: DIMS }, () => next() - 0.5));
}

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

function rec(id: string, values: number[], meta: Partial<VectorMetadata> = {}): VectorRecord {
  return {
    id,
    values,
    metadata: { kind: "context", persona_type: "high_utilization", window_days: 30, status: "approved", user_id: `user_${id}`, ...meta },
  };
}

const store = (embedderId = EMBEDDER) => new PgVectorStore(database().db, { embedderId, dimensions: DIMS });
const ids = (matches: { id: string }[]) => matches.map((m) => m.id);
const sorted = (list: string[]) => [...list].sort();

async function expectError(promise: Promise<unknown> | (() => unknown), reason: string, message?: RegExp) {
  let caught: unknown;
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(VectorStoreError);
  expect((caught as VectorStoreError).reason).toBe(reason);
  if (message) expect((caught as VectorStoreError).message).toMatch(message);
  return caught as VectorStoreError;
}

// ---- tests ----

describe("PgVectorStore: nearest neighbours", () => {
  it("returns the identical vector first with score ≈ 1, then the rest by cosine similarity", async () => {
    const s = store();
    const records = [
      rec("far", unit(1)),
      rec("near", mix(0, 1, 0.5)),
      rec("exact", unit(0)),
      rec("mid", mix(0, 1, 2)),
      ...Array.from({ length: 20 }, (_, i) => rec(`noise_${i}`, randomUnit(100 + i))),
    ];
    expect(await s.upsert(records)).toEqual({ upserted: records.length });

    const matches = await s.query({ vector: unit(0), topK: 3 });
    expect(ids(matches)).toEqual(["exact", "near", "mid"]);
    expect(matches[0]!.score).toBeCloseTo(1, 5);
    expect(matches[1]!.score).toBeCloseTo(1 / Math.sqrt(1.25), 5);
    expect(matches[2]!.score).toBeCloseTo(1 / Math.sqrt(5), 5);
    expect(matches[0]!.metadata).toEqual(records[2]!.metadata);

    // Every score is 1 − cosine distance, in descending order, for a random query too.
    const q = randomUnit(7);
    const all = await s.query({ vector: q, topK: 100 });
    expect(all).toHaveLength(records.length);
    const expected = records.map((r) => ({ id: r.id, score: cosine(q, r.values) })).sort((a, b) => b.score - a.score);
    expect(ids(all)).toEqual(ids(expected));
    all.forEach((m, i) => expect(m.score).toBeCloseTo(expected[i]!.score, 5));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
  });

  it("keeps topK within 1..100", async () => {
    const s = store();
    await s.upsert(Array.from({ length: 3 }, (_, i) => rec(`r${i}`, randomUnit(i + 1))));
    for (const topK of [0, -1, 101, 2.5, Number.NaN]) {
      await expectError(s.query({ vector: unit(0), topK }), "invalid_argument", /topK must be a whole number from 1 to 100/);
    }
    expect(await s.query({ vector: unit(0), topK: 1 })).toHaveLength(1);
    expect(await s.query({ vector: unit(0), topK: 100 })).toHaveLength(3);
  });
});

describe("PgVectorStore: filters (Pinecone's semantics)", () => {
  const people: VectorRecord[] = [
    rec("hu30", randomUnit(1), {
      persona_type: "high_utilization",
      window_days: 30,
      topic: "credit_utilization",
      tags: ["credit", "interest"],
    }),
    rec("hu180", randomUnit(2), { persona_type: "high_utilization", window_days: 180, topic: "credit_utilization" }),
    rec("hu30_pending", randomUnit(3), { persona_type: "high_utilization", window_days: 30, status: "pending" }),
    rec("sub30", randomUnit(4), {
      persona_type: "subscription_heavy",
      window_days: 30,
      topic: "subscription_audit",
      tags: ["subscriptions"],
    }),
    rec("sav30", randomUnit(5), { persona_type: "savings_builder", window_days: 30, topic: "emergency_fund" }),
    rec("rec_hu30", randomUnit(6), { kind: "recommendation", persona_type: "high_utilization", window_days: 30, user_id: "user_hu30" }),
    rec("var180", randomUnit(7), { persona_type: "variable_income", window_days: 180, flagged: true, score_bucket: 3 }),
  ];
  const run = async (filter: VectorFilter) => sorted(ids(await store().query({ vector: randomUnit(99), topK: 100, filter })));

  beforeEach(async () => {
    await store().upsert(people);
  });

  it("matches equality on the column fields, ANDed", async () => {
    expect(await run({ persona_type: "high_utilization" })).toEqual(sorted(["hu30", "hu180", "hu30_pending", "rec_hu30"]));
    expect(await run({ window_days: 180 })).toEqual(sorted(["hu180", "var180"]));
    expect(await run({ kind: "recommendation" })).toEqual(["rec_hu30"]);
    expect(await run({ status: "pending" })).toEqual(["hu30_pending"]);
    // The vector tier's own filter.
    expect(await run({ kind: "context", persona_type: "high_utilization", window_days: 30, status: "approved" })).toEqual(["hu30"]);
    expect(await run({ kind: { $eq: "context" }, window_days: { $eq: 30 }, status: { $eq: "approved" } })).toEqual(
      sorted(["hu30", "sub30", "sav30"]),
    );
  });

  it("matches $in", async () => {
    expect(await run({ persona_type: { $in: ["subscription_heavy", "savings_builder"] } })).toEqual(sorted(["sub30", "sav30"]));
    expect(await run({ persona_type: { $in: ["subscription_heavy", "variable_income"] }, window_days: { $in: [180] } })).toEqual([
      "var180",
    ]);
    expect(await run({ window_days: { $in: [30, 180] }, kind: "recommendation" })).toEqual(["rec_hu30"]);
  });

  it("matches metadata-only keys, list elements, booleans and numbers by type", async () => {
    expect(await run({ topic: "credit_utilization" })).toEqual(sorted(["hu30", "hu180"]));
    expect(await run({ topic: { $in: ["emergency_fund", "subscription_audit"] } })).toEqual(sorted(["sav30", "sub30"]));
    expect(await run({ user_id: "user_hu30" })).toEqual(sorted(["hu30", "rec_hu30"]));
    expect(await run({ user_id: "user_hu30", kind: "context" })).toEqual(["hu30"]);
    // A list of strings matches when any element does.
    expect(await run({ tags: "interest" })).toEqual(["hu30"]);
    expect(await run({ tags: { $in: ["subscriptions", "nothing"] } })).toEqual(["sub30"]);
    expect(await run({ flagged: true })).toEqual(["var180"]);
    expect(await run({ score_bucket: 3 })).toEqual(["var180"]);
    // Pinecone compares by type: the number 30 is not the string "30".
    expect(await run({ window_days: "30" })).toEqual([]);
    expect(await run({ score_bucket: "3" })).toEqual([]);
    expect(await run({ topic: "no_such_topic" })).toEqual([]);
  });

  it("treats quotes, backslashes and SQL in filter keys and values as data (they are inlined as escaped literals)", async () => {
    const hostile = ["O'Brien", "x'; drop table vectors; --", "back\\slash\\'", "$tune$", "🙂 ünï"];
    await store().upsert(hostile.map((name, i) => rec(`h${i}`, randomUnit(200 + i), { owner: name, [`k'${i}`]: name })));
    for (const [i, name] of hostile.entries()) {
      expect(await run({ owner: name })).toEqual([`h${i}`]);
      expect(await run({ [`k'${i}`]: name })).toEqual([`h${i}`]);
    }
    expect(await run({ owner: { $in: hostile } })).toHaveLength(hostile.length);
    expect(await run({ persona_type: "x' or '1'='1" })).toEqual([]);
    expect((await store().stats()).namespaceVectors).toBe(people.length + hostile.length);
  });

  it("refuses operators outside the supported subset instead of ignoring them", async () => {
    const s = store();
    const vector = randomUnit(1);
    await expectError(
      s.query({ vector, topK: 5, filter: { window_days: { $gt: 30 } } as unknown as VectorFilter }),
      "invalid_argument",
      /window_days/,
    );
    await expectError(s.query({ vector, topK: 5, filter: { $or: [] } as unknown as VectorFilter }), "invalid_argument", /\$or/);
    await expectError(s.query({ vector, topK: 5, filter: { persona_type: { $in: [] } } }), "invalid_argument", /\$in/);
  });
});

describe("PgVectorStore: writes", () => {
  it("upserts idempotently: the same records twice keep the count, and new metadata wins", async () => {
    const s = store();
    const records = Array.from({ length: 5 }, (_, i) => rec(`r${i}`, randomUnit(i + 10)));
    await s.upsert(records);
    await s.upsert(records);
    expect((await s.stats()).namespaceVectors).toBe(5);

    const changed = { ...records[2]!, values: unit(5), metadata: { ...records[2]!.metadata, status: "rejected", topic: "changed" } };
    expect(await s.upsert([changed])).toEqual({ upserted: 1 });
    expect((await s.stats()).namespaceVectors).toBe(5);
    expect(await s.fetch(["r2"])).toEqual([{ id: "r2", metadata: changed.metadata }]);
    const top = await s.query({ vector: unit(5), topK: 1 });
    expect(top[0]).toMatchObject({ id: "r2", metadata: { status: "rejected" } });
    expect(top[0]!.score).toBeCloseTo(1, 5);
    expect(ids(await s.query({ vector: unit(5), topK: 10, filter: { status: "rejected" } }))).toEqual(["r2"]);

    // A repeated id within one call: the last one wins (one row, no conflict error).
    expect(await s.upsert([rec("dup", unit(1), { topic: "first" }), rec("dup", unit(1), { topic: "second" })])).toEqual({ upserted: 1 });
    expect((await s.fetch(["dup"]))[0]!.metadata.topic).toBe("second");
  });

  it("fetches metadata in the order asked, skipping unknown ids, and deletes", async () => {
    const s = store();
    await s.upsert([rec("a", unit(0)), rec("b", unit(1)), rec("c", unit(2))]);
    expect(ids(await s.fetch(["c", "missing", "a", "c"]))).toEqual(["c", "a"]);
    expect(await s.fetch([])).toEqual([]);

    await s.delete(["a", "missing"]);
    expect(ids(await s.fetch(["a", "b", "c"]))).toEqual(["b", "c"]);
    expect(ids(await s.query({ vector: unit(0), topK: 10 }))).not.toContain("a");
    expect(await s.stats()).toEqual({ totalVectors: 2, dimension: 1536, namespaceVectors: 2, fullness: 2 / 1_000_000 });
    await s.delete([]);
    expect((await s.stats()).totalVectors).toBe(2);
  });

  it("keeps two embedders apart: same ids, separate rows, queries, counts and deletes", async () => {
    const a = store("embedder-a");
    const b = store("embedder-b");
    await a.upsert([rec("shared", unit(0), { topic: "from_a" }), rec("only_a", unit(1))]);
    await b.upsert([rec("shared", unit(3), { topic: "from_b" })]);

    expect((await a.fetch(["shared"]))[0]!.metadata.topic).toBe("from_a");
    expect((await b.fetch(["shared"]))[0]!.metadata.topic).toBe("from_b");
    expect(ids(await b.query({ vector: unit(1), topK: 10 }))).toEqual(["shared"]);
    expect(await b.fetch(["only_a"])).toEqual([]);
    expect(await a.stats()).toMatchObject({ totalVectors: 3, namespaceVectors: 2 });
    expect(await b.stats()).toMatchObject({ totalVectors: 3, namespaceVectors: 1 });

    await b.delete(["shared", "only_a"]);
    expect(ids(await a.fetch(["shared", "only_a"]))).toEqual(["shared", "only_a"]);
    expect(await b.stats()).toMatchObject({ totalVectors: 2, namespaceVectors: 0 });
  });

  it("writes more than one batch a statement and finds filtered neighbours through the HNSW index", async () => {
    // Batches of 100 rows (production's is PG_UPSERT_BATCH), so that a few hundred rows span three
    // statements: building the HNSW graph is most of this test's time.
    const s = new PgVectorStore(database().db, { embedderId: EMBEDDER, dimensions: DIMS, upsertBatch: 100 });
    // 260 people; only every 10th is in the "rare" cohort (26 of them).
    const many = Array.from({ length: 260 }, (_, i) => rec(`p${i}`, randomUnit(1000 + i), { cohort: i % 10 === 0 ? "rare" : "common" }));
    expect(await s.upsert(many)).toEqual({ upserted: 260 });
    expect((await s.stats()).namespaceVectors).toBe(260);
    await database().db.execute(sql`analyze vectors`);

    const q = randomUnit(5);
    const qText = `[${q.join(",")}]`;
    const rawTop20 = sql`select id from vectors where embedder = ${EMBEDDER} and metadata -> 'cohort' @> '"rare"'::jsonb
                         order by embedding <=> ${qText}::vector limit 20`;
    // Steer the store's own queries onto the HNSW index, as on a large table. On a table this
    // small the planner would rather read a btree index and sort (exact, but not what this test
    // is about); PGlite is one Postgres session, so this setting applies to the store's queries.
    await database().db.execute(sql`set enable_sort = off`);
    try {
      const plan = (await database().db.execute<{ "QUERY PLAN": string }>(sql`explain ${rawTop20}`)).rows
        .map((r) => r["QUERY PLAN"])
        .join("\n");
      expect(plan).toMatch(/Index Scan using vectors_embedding_hnsw_idx/);
      // The problem: untuned, the index yields its 40 (ef_search) nearest, and ~5% pass the filter.
      const untuned = (await database().db.execute(rawTop20)).rows;
      expect(untuned.length).toBeLessThan(20);

      // The store tunes its transaction (ef_search, iterative scan) and gets all 20.
      const matches = await s.query({ vector: q, topK: 20, filter: { cohort: "rare" } });
      expect(matches).toHaveLength(20);
      expect(matches.every((m) => m.metadata.cohort === "rare")).toBe(true);
      for (let i = 1; i < matches.length; i++) expect(matches[i - 1]!.score).toBeGreaterThanOrEqual(matches[i]!.score);
      const exact = many
        .filter((r) => r.metadata.cohort === "rare")
        .map((r) => ({ id: r.id, score: cosine(q, r.values) }))
        .sort((x, y) => y.score - x.score)
        .slice(0, 20);
      // Approximate search: nearly all of the exact top 20 are found.
      const found = new Set(ids(matches));
      expect(exact.filter((e) => found.has(e.id)).length).toBeGreaterThanOrEqual(17);
      // The tuning was local to the store's query (its implicit transaction).
      const after = await database().db.execute<{ ef: string; scan: string }>(
        sql`select current_setting('hnsw.ef_search') as ef, current_setting('hnsw.iterative_scan') as scan`,
      );
      expect(after.rows[0]).toEqual({ ef: "40", scan: "off" });
    } finally {
      await database().db.execute(sql`reset enable_sort`);
    }
  });
});

describe("PgVectorStore: refusals before any I/O", () => {
  /** A store whose database must never be touched. */
  const untouchable = () => {
    let calls = 0;
    const s = new PgVectorStore(
      () => {
        calls++;
        throw new Error("the database was used");
      },
      { embedderId: EMBEDDER, dimensions: DIMS },
    );
    return { s, calls: () => calls };
  };

  it("refuses a vector of another length with dimension_mismatch", async () => {
    const { s, calls } = untouchable();
    await expectError(
      s.upsert([rec("ok", unit(0)), rec("short", [1, 0, 0])]),
      "dimension_mismatch",
      /records\[1\] \(short\)\.values has 3 dimensions.*1536-d/,
    );
    await expectError(s.query({ vector: new Array(768).fill(0.1), topK: 5 }), "dimension_mismatch", /768 dimensions/);
    await expectError(s.query({ vector: unit(0), topK: 0 }), "invalid_argument");
    await expectError(s.upsert([rec("zero", new Array(DIMS).fill(0))]), "invalid_argument", /all zeros/);
    await expectError(
      s.upsert([
        rec(
          "nan",
          unit(0).map((x, i) => (i === 3 ? Number.NaN : x)),
        ),
      ]),
      "invalid_argument",
      /finite/,
    );
    await expectError(
      s.upsert([{ id: "bad", values: unit(0), metadata: { kind: "other" } as unknown as VectorMetadata }]),
      "invalid_argument",
      /metadata\.kind/,
    );
    expect(calls()).toBe(0);
  });

  it("refuses an embedder that is not 1536-d when the store is made", async () => {
    await expectError(
      () => new PgVectorStore(database().db, { embedderId: "small", dimensions: 768 }),
      "dimension_mismatch",
      /the embedded index stores 1536-d vectors/,
    );
    await expectError(
      () => createVectorStore({ pineconeIndexName: "x", embedderId: "small", dimensions: 384, db: () => database().db }),
      "dimension_mismatch",
      /the embedded index stores 1536-d vectors/,
    );
  });

  it("createVectorStore picks pgvector without a key (or with a blank one), lazily", async () => {
    let opened = 0;
    const db = () => {
      opened++;
      return database().db;
    };
    const s = createVectorStore({
      pineconeApiKey: "  ",
      pineconeIndexName: "spendsense-recommendations",
      embedderId: EMBEDDER,
      dimensions: DIMS,
      db,
    });
    expect(s.name).toBe("pgvector");
    expect(opened).toBe(0);
    expect((await s.stats()).dimension).toBe(1536);
    expect(opened).toBeGreaterThan(0);
    expect(
      createVectorStore({
        pineconeApiKey: "pc-key",
        pineconeIndexName: "spendsense-recommendations",
        embedderId: EMBEDDER,
        dimensions: DIMS,
        db,
      }).name,
    ).toBe("pinecone");
  });
});

describe("PgVectorStore: the database out of reach", () => {
  it("is a retryable 'unavailable' failure (the vector tier retries it), with the driver's error as its cause", async () => {
    const lost = new TypeError("Network connection lost.");
    const dead = createDatabase({ databaseUrl: "postgresql://nobody:unused@127.0.0.1:9/none", fetch: async () => Promise.reject(lost) });
    try {
      const err = await expectError(
        new PgVectorStore(dead.db, { embedderId: EMBEDDER, dimensions: DIMS }).query({ vector: unit(0), topK: 3 }),
        "unavailable",
      );
      expect(isRetryable(err)).toBe(true);
      expect(err.provider).toBe("pgvector");
      // Still a database outage to the app (503 with Retry-After), through the cause.
      expect(isDatabaseUnavailable(err)).toBe(true);
    } finally {
      await dead.close();
    }
  });
});
