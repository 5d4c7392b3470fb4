/**
 * Pinecone at the HTTP boundary, the one stand-in for it: a node:http server on loopback that
 * speaks the control plane (`GET /indexes/{name}`) and the data plane (`POST /vectors/upsert`,
 * `POST /query`, `GET /vectors/fetch`, `POST /vectors/delete`, `POST /describe_index_stats`) with
 * the JSON shapes of the SDK's generated OpenAPI models (API version 2026-04). It keeps what it is
 * sent in memory and answers queries by exact cosine over it. `npm run bench` gives it a
 * round-trip time (an index in another region); the store's tests (test/node/pinecone-server.ts)
 * read every request it received and script failures.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

interface StoredVector {
  id: string;
  values: number[];
  metadata?: Record<string, unknown>;
}

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: any;
}

export type Reply = { status: number; body: unknown; headers?: Record<string, string> };
/** A scripted failure: answers the next request to `path` instead of the stand-in's own logic. */
export type Scripted = { path: string; reply: Reply };

export interface PineconeStandIn {
  /** http://127.0.0.1:<port>: the control plane and the data plane both. */
  url: string;
  apiKey: string;
  /** Answer every request this long after it arrived (ms): the index's round-trip time. */
  setRtt(ms: number): void;
  /** Requests answered so far. */
  requests(): number;
  stop(): Promise<void>;
}

function matches(metadata: Record<string, unknown> | undefined, filter: Record<string, any> | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([field, cond]) => {
    if (field === "$and") return (cond as Record<string, any>[]).every((f) => matches(metadata, f));
    const wanted: unknown[] = cond !== null && typeof cond === "object" ? ("$in" in cond ? cond.$in : [cond.$eq]) : [cond];
    const value = metadata?.[field];
    return Array.isArray(value) ? value.some((v) => wanted.includes(v)) : wanted.includes(value);
  });
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/**
 * `indexes`: name → dimension, as describeIndex answers them; the data plane serves the first.
 * An unknown index is a 404, as Pinecone answers it. `received`: where to keep every request, in
 * order (tests; the benchmark sends thousands of vectors and keeps none). `scripted`: replies to
 * give instead, each once, to the next request to its path.
 */
export async function startPineconeStandIn(options: {
  apiKey: string;
  indexes: Record<string, number>;
  received?: Received[];
  scripted?: Scripted[];
}): Promise<PineconeStandIn> {
  const [dataPlaneIndex] = Object.keys(options.indexes);
  if (!dataPlaneIndex) throw new Error("the stand-in needs at least one index");
  const dimension = options.indexes[dataPlaneIndex]!;
  const data = new Map<string, Map<string, StoredVector>>();
  const ns = (name: unknown) => {
    const key = typeof name === "string" ? name : "";
    if (!data.has(key)) data.set(key, new Map());
    return data.get(key)!;
  };
  const scripted = options.scripted ?? [];
  let rttMs = 0;
  let answered = 0;
  let url = "";

  const answer = (req: Received): Reply => {
    if (req.headers["api-key"] !== options.apiKey)
      return { status: 401, body: { error: { code: "UNAUTHENTICATED", message: "Invalid API Key" }, status: 401 } };
    const control = /^\/indexes\/([^/]+)$/.exec(req.path);
    if (control && req.method === "GET") {
      const name = decodeURIComponent(control[1]!);
      const dims = options.indexes[name];
      if (dims === undefined)
        return { status: 404, body: { error: { code: "NOT_FOUND", message: `Resource ${name} not found` }, status: 404 } };
      return {
        status: 200,
        body: {
          name,
          vector_type: "dense",
          metric: "cosine",
          dimension: dims,
          status: { ready: true, state: "Ready" },
          // Real Pinecone answers a bare hostname (the SDK adds https://); the stand-in is plain http.
          host: url,
          spec: { serverless: { region: "us-east-1", cloud: "aws", read_capacity: { mode: "OnDemand", status: { state: "Ready" } } } },
          deletion_protection: "disabled",
          tags: null,
        },
      };
    }
    const body = req.body;
    switch (`${req.method} ${req.path}`) {
      case "POST /vectors/upsert": {
        const wrong = (body.vectors as StoredVector[]).find((v) => v.values.length !== dimension);
        if (wrong)
          return {
            status: 400,
            body: {
              code: 3,
              message: `Vector dimension ${wrong.values.length} does not match the dimension of the index ${dimension}`,
              details: [],
            },
          };
        for (const v of body.vectors as StoredVector[]) ns(body.namespace).set(v.id, v);
        return { status: 200, body: { upsertedCount: body.vectors.length } };
      }
      case "POST /query": {
        const found = [...ns(body.namespace).values()]
          .filter((v) => matches(v.metadata, body.filter))
          .map((v) => ({
            id: v.id,
            score: cosine(v.values, body.vector),
            values: body.includeValues ? v.values : [],
            ...(body.includeMetadata && v.metadata ? { metadata: v.metadata } : {}),
          }))
          .sort((a, b) => b.score - a.score)
          .slice(0, body.topK);
        return { status: 200, body: { results: [], matches: found, namespace: body.namespace ?? "", usage: { readUnits: 5 } } };
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
      case "POST /vectors/delete":
        for (const id of body.ids as string[]) ns(body.namespace).delete(id);
        return { status: 200, body: {} };
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
  };

  const server = createServer((req, res) => {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const parsed = new URL(req.url ?? "/", "http://stand-in");
      const text = Buffer.concat(chunks).toString("utf8");
      const entry: Received = {
        method: req.method ?? "",
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      options.received?.push(entry);
      const i = scripted.findIndex((s) => s.path === entry.path);
      const reply = i >= 0 ? scripted.splice(i, 1)[0]!.reply : answer(entry);
      answered += 1;
      setTimeout(
        () => res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(JSON.stringify(reply.body)),
        Math.max(0, arrived + rttMs - Date.now()),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiKey: options.apiKey,
    setRtt: (ms) => void (rttMs = Math.max(0, ms)),
    requests: () => answered,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
