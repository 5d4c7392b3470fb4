/**
 * PineconeVectorStore through the real `@pinecone-database/pinecone` SDK, against a fake of
 * Pinecone's HTTP API on loopback (./pinecone-server.ts) that keeps what it is sent and records
 * every request, so the tests assert exactly what the SDK sent. Failures are scripted per test;
 * waits run on a virtual clock.
 */
import { describe, expect, it } from "vitest";
import { VectorStoreError, type VectorFilter, type VectorMetadata, type VectorRecord } from "../../src/adapters/vector/interface";
import { PineconeVectorStore, pineconeNamespace, type PineconeVectorStoreOptions } from "../../src/adapters/vector/pinecone";
import { createVectorStore } from "../../src/services/services";
import { VirtualClock } from "../support/virtual-clock";
import { API_KEY, DIMS, INDEX, useFakePinecone } from "./pinecone-server";

const API_VERSION = "2026-04";
const EMBEDDER = "local-hash-v1-1536";

const fake = useFakePinecone();
const { received, scripted } = fake;

// ---- helpers ----

const unit = (i: number): number[] => Array.from({ length: DIMS }, (_, j) => (j === i ? 1 : 0));

function rec(id: string, values: number[], meta: Partial<VectorMetadata> = {}): VectorRecord {
  return {
    id,
    values,
    metadata: { kind: "context", persona_type: "high_utilization", window_days: 30, status: "approved", user_id: `user_${id}`, ...meta },
  };
}

/** A store on a virtual clock: its waits are recorded (`sleeps`), never slept. */
function makeStore(options: Partial<PineconeVectorStoreOptions> = {}) {
  const clock = new VirtualClock();
  const store = new PineconeVectorStore({
    apiKey: API_KEY,
    indexName: INDEX,
    embedderId: EMBEDDER,
    dimensions: DIMS,
    controllerHostUrl: fake.baseUrl,
    indexHost: fake.baseUrl,
    clock,
    ...options,
  });
  return { store, sleeps: clock.sleeps };
}

const to = (path: string) => received.filter((r) => r.path === path);
const dataPlane = () => received.filter((r) => !r.path.startsWith("/indexes/"));

async function caught(promise: Promise<unknown> | (() => unknown)): Promise<VectorStoreError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (err) {
    expect(err).toBeInstanceOf(VectorStoreError);
    return err as VectorStoreError;
  }
  throw new Error("expected a VectorStoreError");
}

/** Everything an error exposes, through its cause chain, as text. */
function everythingIn(err: unknown): string {
  const parts: string[] = [];
  for (let e: any = err, depth = 0; e && depth < 10; e = e.cause, depth++) {
    parts.push(String(e), String(e.message), String(e.stack));
    try {
      parts.push(JSON.stringify(e));
    } catch {
      // circular
    }
  }
  return parts.join("\n");
}

// ---- tests ----

describe("PineconeVectorStore: what the SDK sends", () => {
  it("describes the index once, then upserts in batches of at most 100 into the embedder's namespace", async () => {
    const { store } = makeStore();
    const records = Array.from({ length: 250 }, (_, i) => rec(`context_user_${i}_30`, unit(i), { topic: `t${i}`, tags: ["a", "b"] }));
    expect(await store.upsert(records)).toEqual({ upserted: 250 });

    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /indexes/${INDEX}`,
      "POST /vectors/upsert",
      "POST /vectors/upsert",
      "POST /vectors/upsert",
    ]);
    const upserts = to("/vectors/upsert");
    expect(upserts.map((r) => r.body.vectors.length)).toEqual([100, 100, 50]);
    expect(upserts.map((r) => r.body.namespace)).toEqual([EMBEDDER, EMBEDDER, EMBEDDER]);
    expect(upserts.flatMap((r) => r.body.vectors)).toEqual(records.map((r) => ({ id: r.id, values: r.values, metadata: r.metadata })));
    for (const r of received) {
      expect(r.headers["api-key"]).toBe(API_KEY);
      expect(r.headers["x-pinecone-api-version"]).toBe(API_VERSION);
    }
    expect(store.namespace).toBe(EMBEDDER);
  });

  it("queries with the filter passed through, includeMetadata and no values; nearest first", async () => {
    const { store } = makeStore();
    await store.upsert([
      rec("exact", unit(0)),
      rec("other_persona", unit(0), { persona_type: "savings_builder" }),
      rec(
        "near",
        unit(0).map((x, i) => (i === 1 ? 0.5 : x)),
      ),
      rec("pending", unit(0), { status: "pending" }),
      rec("far", unit(2)),
    ]);
    received.length = 0;
    const filter: VectorFilter = {
      kind: "context",
      persona_type: { $in: ["high_utilization", "variable_income"] },
      window_days: 30,
      status: { $eq: "approved" },
    };
    const result = await store.query({ vector: unit(0), topK: 5, filter });

    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /query"]); // describe was done once, by upsert
    expect(received[0]!.body).toEqual({
      vector: unit(0),
      topK: 5,
      filter,
      includeMetadata: true,
      includeValues: false,
      namespace: EMBEDDER,
    });
    expect(result.map((m) => m.id)).toEqual(["exact", "near", "far"]);
    expect(result[0]!.score).toBeCloseTo(1, 9);
    expect(result[1]!.score).toBeCloseTo(1 / Math.sqrt(1.25), 9);
    expect(result[0]!.metadata).toEqual(rec("exact", unit(0)).metadata);

    // No filter: none is sent (the SDK refuses an empty one).
    await store.query({ vector: unit(0), topK: 1, filter: {} });
    expect(received.at(-1)!.body).toEqual({ vector: unit(0), topK: 1, includeMetadata: true, includeValues: false, namespace: EMBEDDER });
  });

  it("fetches by ids (GET, in the namespace), deletes by ids, and reads stats", async () => {
    const { store } = makeStore();
    await store.upsert([rec("a", unit(0)), rec("b", unit(1)), rec("c", unit(2))]);
    await makeStore({ embedderId: "openai:text-embedding-3-small" }).store.upsert([rec("x", unit(3))]);
    received.length = 0;

    const fetched = await store.fetch(["c", "missing", "a"]);
    expect(fetched).toEqual([
      { id: "c", metadata: rec("c", unit(2)).metadata },
      { id: "a", metadata: rec("a", unit(0)).metadata },
    ]);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: "GET", path: "/vectors/fetch" });
    expect(received[0]!.query.getAll("ids")).toEqual(["c", "missing", "a"]);
    expect(received[0]!.query.get("namespace")).toBe(EMBEDDER);

    await store.delete(["a", "b"]);
    expect(to("/vectors/delete").map((r) => r.body)).toEqual([{ ids: ["a", "b"], namespace: EMBEDDER }]);

    expect(await store.stats()).toEqual({ totalVectors: 2, dimension: DIMS, namespaceVectors: 1, fullness: 2 / 1_000_000 });
    expect(to("/describe_index_stats")).toHaveLength(1);
  });

  it("splits fetches into requests of 100 ids and returns them in the order asked", async () => {
    const { store } = makeStore();
    await store.upsert(Array.from({ length: 120 }, (_, i) => rec(`r${i}`, unit(i))));
    received.length = 0;
    const asked = Array.from({ length: 250 }, (_, i) => `r${249 - i}`);
    const fetched = await store.fetch(asked);
    expect(to("/vectors/fetch").map((r) => r.query.getAll("ids").length)).toEqual([100, 100, 50]);
    expect(fetched.map((f) => f.id)).toEqual(asked.filter((id) => Number(id.slice(1)) < 120));
  });

  it("keeps two embedders in two namespaces", async () => {
    const a = makeStore({ embedderId: "embedder-a" }).store;
    const b = makeStore({ embedderId: "embedder/b v2" }).store;
    await a.upsert([rec("shared", unit(0), { topic: "from_a" })]);
    await b.upsert([rec("shared", unit(0), { topic: "from_b" })]);
    expect(b.namespace).toBe(pineconeNamespace("embedder/b v2"));
    expect(b.namespace).toMatch(/^embedder_b_v2-[0-9a-f]{8}$/);
    expect(to("/vectors/upsert").map((r) => r.body.namespace)).toEqual(["embedder-a", b.namespace]);
    expect((await a.query({ vector: unit(0), topK: 5 })).map((m) => m.metadata.topic)).toEqual(["from_a"]);
    expect((await b.fetch(["shared"]))[0]!.metadata.topic).toBe("from_b");
    // Only the describe of the first store went out: the second reused it.
    expect(to(`/indexes/${INDEX}`)).toHaveLength(1);
  });

  it("finds the data-plane host through describeIndex when none is configured", async () => {
    const { store } = makeStore({ indexHost: undefined });
    await store.upsert([rec("a", unit(0))]);
    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /indexes/${INDEX}`, "POST /vectors/upsert"]);
  });
});

describe("PineconeVectorStore: retries", () => {
  it("retries a 429 and succeeds: two requests, one sleep", async () => {
    const { store, sleeps } = makeStore();
    scripted.push({
      path: "/vectors/upsert",
      reply: { status: 429, body: { code: 8, message: "Request failed. You've reached the max upsert rate limit.", details: [] } },
    });
    expect(await store.upsert([rec("a", unit(0))])).toEqual({ upserted: 1 });
    expect(to("/vectors/upsert")).toHaveLength(2);
    expect(to("/vectors/upsert")[0]!.body).toEqual(to("/vectors/upsert")[1]!.body);
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]).toBeGreaterThan(0);
  });

  it("waits what a 429's Retry-After asks, then retries", async () => {
    const { store, sleeps } = makeStore();
    scripted.push({
      path: "/vectors/upsert",
      reply: {
        status: 429,
        body: { code: 8, message: "Request failed. You've reached the max upsert rate limit.", details: [] },
        headers: { "retry-after": "2" },
      },
    });
    expect(await store.upsert([rec("a", unit(0))])).toEqual({ upserted: 1 });
    expect(to("/vectors/upsert")).toHaveLength(2);
    expect(sleeps).toEqual([2_000]);
  });

  it("retries 5xx and connection errors too", async () => {
    let failConnections = 1;
    const flakyFetch: typeof fetch = async (input, init) => {
      if (String(input).includes("/query") && failConnections-- > 0) throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    const { store, sleeps } = makeStore({ fetch: flakyFetch });
    await store.upsert([rec("a", unit(0))]);
    scripted.push({ path: "/query", reply: { status: 503, body: { code: 14, message: "unavailable", details: [] } } });
    const result = await store.query({ vector: unit(0), topK: 1 });
    expect(result.map((m) => m.id)).toEqual(["a"]);
    // The connection error never reached the server; the 503 and the success did.
    expect(to("/query")).toHaveLength(2);
    expect(sleeps).toHaveLength(2);
  });

  it("reports a connection failure that outlives its retries as unavailable, with its cause", async () => {
    const deadFetch: typeof fetch = async (input, init) => {
      if (String(input).includes("/describe_index_stats")) throw new TypeError("fetch failed: connect ECONNREFUSED");
      return fetch(input, init);
    };
    const { store, sleeps } = makeStore({ fetch: deadFetch, maxRetries: 2 });
    const err = await caught(store.stats());
    expect(err.reason).toBe("unavailable");
    expect(err.attempts).toBe(3);
    expect(err.message).toMatch(
      /describeIndexStats failed after 3 attempts: could not reach Pinecone \(network error: fetch failed: connect ECONNREFUSED\)/,
    );
    expect(sleeps).toHaveLength(2);
  });

  it("gives up after maxRetries with a retryable 'unavailable' error", async () => {
    const { store, sleeps } = makeStore({ maxRetries: 3 });
    for (let i = 0; i < 4; i++)
      scripted.push({ path: "/query", reply: { status: 429, body: { code: 8, message: "rate limited", details: [] } } });
    const err = await caught(store.query({ vector: unit(0), topK: 3 }));
    expect(err.reason).toBe("unavailable");
    expect(err.retryable).toBe(true);
    expect(err.attempts).toBe(4);
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/Pinecone query failed after 4 attempts: HTTP 429: rate limited/);
    expect(to("/query")).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it("says how much of a batched upsert was written when a later batch fails", async () => {
    const { store } = makeStore({ maxRetries: 0 });
    // The first batch succeeds (answered by the fake), the second is rejected.
    const records = Array.from({ length: 150 }, (_, i) => rec(`r${i}`, unit(i)));
    await store.upsert([records[0]!]); // describe first, so the scripted reply meets the second upsert batch
    received.length = 0;
    scripted.push({ path: "/vectors/upsert", reply: { status: 200, body: { upsertedCount: 100 } } });
    scripted.push({ path: "/vectors/upsert", reply: { status: 503, body: { code: 14, message: "unavailable", details: [] } } });
    const err = await caught(store.upsert(records));
    expect(err.reason).toBe("unavailable");
    expect(err.message).toMatch(/\(100 of 150 records were written before the failure\)$/);
    expect(to("/vectors/upsert").map((r) => r.body.vectors.length)).toEqual([100, 50]);
  });

  it("does not retry another 4xx", async () => {
    const { store, sleeps } = makeStore();
    scripted.push({
      path: "/vectors/upsert",
      reply: { status: 400, body: { code: 3, message: "Metadata size is 41000 bytes, which exceeds the limit", details: [] } },
    });
    const err = await caught(store.upsert([rec("a", unit(0))]));
    expect(err.reason).toBe("request_failed");
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/Pinecone upsert failed: HTTP 400: .*Metadata size/);
    expect(to("/vectors/upsert")).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });
});

describe("PineconeVectorStore: clear refusals", () => {
  it("names a missing index and the command that creates it", async () => {
    const { store, sleeps } = makeStore({ indexName: "no-such-index" });
    const err = await caught(store.query({ vector: unit(0), topK: 5 }));
    expect(err.reason).toBe("index_not_found");
    expect(err.message).toMatch(/Pinecone index "no-such-index" was not found/);
    expect(err.message).toContain("npm run vector:create-index");
    expect(received.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /indexes/no-such-index"]);
    expect(sleeps).toEqual([]);
    // Not cached: the next call asks again (the index may have been created since).
    await caught(store.stats());
    expect(to("/indexes/no-such-index")).toHaveLength(2);
  });

  it("refuses a missing or blank API key", async () => {
    for (const apiKey of [undefined, "", "   "]) {
      const err = await caught(() => new PineconeVectorStore({ apiKey, indexName: INDEX, embedderId: EMBEDDER, dimensions: DIMS }));
      expect(err.reason).toBe("missing_api_key");
      expect(err.message).toMatch(/PINECONE_API_KEY is not set/);
    }
    expect(
      createVectorStore({
        pineconeApiKey: API_KEY,
        pineconeIndexName: INDEX,
        embedderId: EMBEDDER,
        dimensions: DIMS,
        db: () => {
          throw new Error("unused");
        },
      }).name,
    ).toBe("pinecone");
    expect(received).toEqual([]);
  });

  it("refuses an index of another dimension, before any data-plane request", async () => {
    const { store } = makeStore({ indexName: "small-index" });
    const err = await caught(store.upsert([rec("a", unit(0))]));
    expect(err.reason).toBe("dimension_mismatch");
    expect(err.message).toMatch(
      /Pinecone index "small-index" stores 768-d vectors, but embedder "local-hash-v1-1536" makes 1536-d vectors/,
    );
    expect(dataPlane()).toEqual([]);
  });

  it("refuses vectors of the wrong length, a bad topK and an unsupported filter before any I/O", async () => {
    const { store } = makeStore();
    expect((await caught(store.upsert([rec("a", unit(0)), rec("b", [0.1, 0.2, 0.3])]))).reason).toBe("dimension_mismatch");
    expect((await caught(store.query({ vector: new Array(768).fill(0.1), topK: 3 }))).reason).toBe("dimension_mismatch");
    expect((await caught(store.query({ vector: unit(0), topK: 101 }))).reason).toBe("invalid_argument");
    expect((await caught(store.query({ vector: unit(0), topK: 0 }))).reason).toBe("invalid_argument");
    expect(
      (await caught(store.query({ vector: unit(0), topK: 3, filter: { window_days: { $gte: 30 } } as unknown as VectorFilter }))).reason,
    ).toBe("invalid_argument");
    expect(received).toEqual([]);
  });

  it("never puts the API key in an error", async () => {
    // A rejected key (a 401 from the fake, which expects API_KEY).
    const wrongKey = `${API_KEY}_revoked`;
    const { store } = makeStore({ apiKey: wrongKey });
    const err = await caught(store.stats());
    expect(err.reason).toBe("unauthorized");
    expect(err.message).toMatch(/Pinecone rejected the API key during describeIndex \(HTTP 401\)/);
    expect(to(`/indexes/${INDEX}`)).toHaveLength(1); // a 401 is not retried
    expect(everythingIn(err)).not.toContain(wrongKey);
    expect(everythingIn(err)).not.toContain("TESTSECRET");

    // And after exhausted retries.
    for (let i = 0; i < 4; i++)
      scripted.push({ path: "/vectors/delete", reply: { status: 500, body: { code: 13, message: "internal", details: [] } } });
    const { store: good } = makeStore();
    const failed = await caught(good.delete(["a"]));
    expect(failed.reason).toBe("unavailable");
    expect(failed.status).toBe(500);
    expect(everythingIn(failed)).not.toContain("TESTSECRET");
  });
});

describe("pineconeNamespace", () => {
  it("keeps safe embedder ids and makes others safe without merging them", () => {
    expect(pineconeNamespace("local-hash-v1-1536")).toBe("local-hash-v1-1536");
    expect(pineconeNamespace("openai:text-embedding-3-small")).toBe("openai:text-embedding-3-small");
    const a = pineconeNamespace("model/a b");
    const b = pineconeNamespace("model_a_b");
    const c = pineconeNamespace("model a/b");
    expect(a).toMatch(/^[A-Za-z0-9._:-]+$/);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(pineconeNamespace("model/a b")).toBe(a);
  });
});
