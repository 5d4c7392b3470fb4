/**
 * A fake of Pinecone's HTTP API for the store's tests: a real node:http server on loopback, started
 * afresh for each test, that speaks the control plane (`GET /indexes/{name}`) and the data plane
 * (`POST /vectors/upsert`, `POST /query`, `GET /vectors/fetch`, `POST /vectors/delete`,
 * `POST /describe_index_stats`) with the JSON shapes of the SDK's generated OpenAPI models (API
 * version 2026-04). It keeps the vectors it is sent, so queries answer for real, and records every
 * request so the tests can assert exactly what the SDK sent. Failures are scripted per test
 * (`scripted`: the next request to a path gets that reply instead).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach } from "vitest";

export const API_KEY = "test-pinecone-key-SECRET-4f9a2c";
export const INDEX = "spendsense-recommendations";
export const DIMS = 1536;

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
}

interface StoredVector {
  id: string;
  values: number[];
  metadata?: Record<string, unknown>;
}

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };
/** A scripted failure: answers the next request to `path` instead of the fake's own logic. */
export type Scripted = { path: string; reply: Reply };

let server: Server;
/** Index name → its description; the data plane serves INDEX. */
let indexes: Map<string, { dimension: number }>;
/** namespace → id → vector */
let data: Map<string, Map<string, StoredVector>>;

/** What a test sees of the fake: its address, every request, and failures to script. */
export const fakePinecone = {
  /** http://127.0.0.1:<port>, a fresh port per test. */
  baseUrl: "",
  received: [] as Received[],
  scripted: [] as Scripted[],
};
const { received, scripted } = fakePinecone;

const notFound = (name: string): Reply => ({
  status: 404,
  body: { error: { code: "NOT_FOUND", message: `Resource ${name} not found` }, status: 404 },
});

function indexModel(name: string, dimension: number) {
  return {
    name,
    vector_type: "dense",
    metric: "cosine",
    dimension,
    status: { ready: true, state: "Ready" },
    // Real Pinecone answers a bare hostname (the SDK adds https://); the fake is plain http.
    host: fakePinecone.baseUrl,
    spec: { serverless: { region: "us-east-1", cloud: "aws", read_capacity: { mode: "OnDemand", status: { state: "Ready" } } } },
    deletion_protection: "disabled",
    tags: null,
  };
}

function matches(metadata: Record<string, unknown> | undefined, filter: Record<string, any> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([field, cond]) => {
    const wanted: unknown[] = cond !== null && typeof cond === "object" ? ("$in" in cond ? cond.$in : [cond.$eq]) : [cond];
    const value = metadata?.[field];
    return Array.isArray(value) ? value.some((v) => wanted.includes(v)) : wanted.includes(value);
  });
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
};

function answer(req: Received): Reply {
  if (req.headers["api-key"] !== API_KEY) {
    return { status: 401, body: { error: { code: "UNAUTHENTICATED", message: "Invalid API Key" }, status: 401 } };
  }
  const control = /^\/indexes\/([^/]+)$/.exec(req.path);
  if (control && req.method === "GET") {
    const name = decodeURIComponent(control[1]!);
    const index = indexes.get(name);
    return index ? { status: 200, body: indexModel(name, index.dimension) } : notFound(name);
  }
  const ns = (name: unknown) => {
    const key = typeof name === "string" ? name : "";
    if (!data.has(key)) data.set(key, new Map());
    return data.get(key)!;
  };
  const dimension = indexes.get(INDEX)!.dimension;
  switch (`${req.method} ${req.path}`) {
    case "POST /vectors/upsert": {
      for (const v of req.body.vectors as StoredVector[]) {
        if (v.values.length !== dimension) {
          return {
            status: 400,
            body: {
              code: 3,
              message: `Vector dimension ${v.values.length} does not match the dimension of the index ${dimension}`,
              details: [],
            },
          };
        }
      }
      for (const v of req.body.vectors as StoredVector[]) ns(req.body.namespace).set(v.id, v);
      return { status: 200, body: { upsertedCount: req.body.vectors.length } };
    }
    case "POST /query": {
      const found = [...ns(req.body.namespace).values()]
        .filter((v) => matches(v.metadata, req.body.filter))
        .map((v) => ({
          id: v.id,
          score: cosine(v.values, req.body.vector),
          values: req.body.includeValues ? v.values : [],
          ...(req.body.includeMetadata && v.metadata ? { metadata: v.metadata } : {}),
        }))
        .sort((a, b) => b.score - a.score)
        .slice(0, req.body.topK);
      return { status: 200, body: { results: [], matches: found, namespace: req.body.namespace ?? "", usage: { readUnits: 5 } } };
    }
    case "GET /vectors/fetch": {
      const namespace = req.query.get("namespace") ?? "";
      const vectors: Record<string, StoredVector> = {};
      for (const id of req.query.getAll("ids")) {
        const v = ns(namespace).get(id);
        if (v) vectors[id] = v;
      }
      return { status: 200, body: { vectors, namespace, usage: { readUnits: 1 } } };
    }
    case "POST /vectors/delete": {
      for (const id of req.body.ids as string[]) ns(req.body.namespace).delete(id);
      return { status: 200, body: {} };
    }
    case "POST /describe_index_stats": {
      const namespaces = Object.fromEntries([...data].filter(([, m]) => m.size > 0).map(([name, m]) => [name, { vectorCount: m.size }]));
      const total = Object.values(namespaces).reduce((sum, n) => sum + n.vectorCount, 0);
      return {
        status: 200,
        body: { namespaces, dimension, indexFullness: 0, totalVectorCount: total, metric: "cosine", vectorType: "dense" },
      };
    }
  }
  return { status: 404, body: { code: 5, message: `no route ${req.method} ${req.path}`, details: [] } };
}

/** Start the fake before each test of the calling file (fresh state, fresh port) and stop it after. */
export function useFakePinecone(): typeof fakePinecone {
  beforeEach(async () => {
    received.length = 0;
    scripted.length = 0;
    indexes = new Map([
      [INDEX, { dimension: DIMS }],
      ["small-index", { dimension: 768 }],
    ]);
    data = new Map();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://fake");
        const text = Buffer.concat(chunks).toString("utf8");
        const entry: Received = {
          method: req.method ?? "",
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: text ? JSON.parse(text) : undefined,
        };
        received.push(entry);
        const i = scripted.findIndex((s) => s.path === entry.path);
        const reply = i >= 0 ? scripted.splice(i, 1)[0]!.reply : answer(entry);
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(JSON.stringify(reply.body));
      });
    });
    // A fresh port per test also gives each test its own entry in the store's describeIndex cache.
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fakePinecone.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return fakePinecone;
}
