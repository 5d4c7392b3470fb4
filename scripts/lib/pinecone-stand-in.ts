/**
 * A stand-in for Pinecone at the HTTP boundary, for `npm run bench`: a node:http server on loopback
 * that speaks the control plane's describeIndex and the data plane's upsert, query, fetch, delete
 * and describe_index_stats with the JSON shapes of the SDK's models (API version 2026-04). It keeps
 * what it is sent in memory and answers queries by exact cosine over it. Every answer waits the
 * round-trip time it is given, as an index in another region would.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface StoredVector {
  id: string;
  values: number[];
  metadata?: Record<string, unknown>;
}

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

export async function startPineconeStandIn(options: { apiKey: string; indexName: string; dimension: number }): Promise<PineconeStandIn> {
  const data = new Map<string, Map<string, StoredVector>>();
  const ns = (name: unknown) => {
    const key = typeof name === "string" ? name : "";
    if (!data.has(key)) data.set(key, new Map());
    return data.get(key)!;
  };
  let rttMs = 0;
  let answered = 0;
  let url = "";

  const answer = (method: string, path: string, query: URLSearchParams, body: any, apiKey: unknown): { status: number; body: unknown } => {
    if (apiKey !== options.apiKey)
      return { status: 401, body: { error: { code: "UNAUTHENTICATED", message: "Invalid API Key" }, status: 401 } };
    if (method === "GET" && path === `/indexes/${options.indexName}`) {
      return {
        status: 200,
        body: {
          name: options.indexName,
          vector_type: "dense",
          metric: "cosine",
          dimension: options.dimension,
          status: { ready: true, state: "Ready" },
          host: url,
          spec: { serverless: { region: "us-east-1", cloud: "aws", read_capacity: { mode: "OnDemand", status: { state: "Ready" } } } },
          deletion_protection: "disabled",
          tags: null,
        },
      };
    }
    switch (`${method} ${path}`) {
      case "POST /vectors/upsert":
        for (const v of body.vectors as StoredVector[]) ns(body.namespace).set(v.id, v);
        return { status: 200, body: { upsertedCount: body.vectors.length } };
      case "POST /query": {
        const found = [...ns(body.namespace).values()]
          .filter((v) => matches(v.metadata, body.filter))
          .map((v) => ({
            id: v.id,
            score: cosine(v.values, body.vector),
            values: [],
            ...(body.includeMetadata && v.metadata ? { metadata: v.metadata } : {}),
          }))
          .sort((a, b) => b.score - a.score)
          .slice(0, body.topK);
        return { status: 200, body: { results: [], matches: found, namespace: body.namespace ?? "", usage: { readUnits: 5 } } };
      }
      case "GET /vectors/fetch": {
        const namespace = query.get("namespace") ?? "";
        const vectors: Record<string, StoredVector> = {};
        for (const id of query.getAll("ids")) {
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
          body: {
            namespaces,
            dimension: options.dimension,
            indexFullness: 0,
            totalVectorCount: total,
            metric: "cosine",
            vectorType: "dense",
          },
        };
      }
    }
    return { status: 404, body: { code: 5, message: `no route ${method} ${path}`, details: [] } };
  };

  const server = createServer((req, res) => {
    const arrived = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const parsed = new URL(req.url ?? "/", "http://stand-in");
      const text = Buffer.concat(chunks).toString("utf8");
      const reply = answer(
        req.method ?? "",
        parsed.pathname,
        parsed.searchParams,
        text ? JSON.parse(text) : undefined,
        req.headers["api-key"],
      );
      answered += 1;
      setTimeout(
        () => res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body)),
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
