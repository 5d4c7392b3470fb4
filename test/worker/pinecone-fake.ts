/**
 * A stand-in for Pinecone at the Worker's fetch (Pinecone has no simulator of its own): the control
 * plane's describeIndex and the data plane's query and upsert, with Pinecone's real response and
 * error shapes, and the key checked. Queries can be made to fail with a 5xx or to hang; a hanging
 * one is held until released with a 503 (or aborted by its caller, as a real fetch would be).
 * Everything that is not Pinecone goes to `otherwise` (default: the network).
 */
import { TEST_PROVIDER_KEYS } from "../setup/tokens";

export const PINECONE_CONTROL = "api.pinecone.io";
/** What describeIndex answers as the index's host (a bare hostname, as Pinecone does). */
export const PINECONE_INDEX_HOST = "spendsense-recommendations-fake0.svc.aped-4627-b74a.pinecone.io";

export type PineconeMode = "ok" | "5xx" | "hang";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const UNAVAILABLE = () => json(503, { error: { code: "UNAVAILABLE", message: "Service temporarily unavailable" }, status: 503 });

export interface PineconeFake {
  /** How queries are answered. */
  mode: PineconeMode;
  /** Every Pinecone request, in order. */
  seen: { host: string; method: string; path: string }[];
  /** The fetch to install: Pinecone's hosts answered here, the rest passed on. */
  fetch: typeof fetch;
  /** Requests to the data plane's /query so far. */
  queries(): number;
  /** Answer every hanging query with a 503. */
  releaseHanging(): void;
  reset(): void;
}

export function pineconeFake(options: { onHang?: () => void; otherwise?: typeof fetch } = {}): PineconeFake {
  const hanging = new Set<(res: Response) => void>();
  const realFetch = globalThis.fetch;
  const otherwise = options.otherwise ?? ((input: RequestInfo | URL, init?: RequestInit) => realFetch(input, init));

  function hang(req: Request): Promise<Response> {
    return new Promise((resolve, reject) => {
      hanging.add(resolve);
      req.signal.addEventListener("abort", () => {
        hanging.delete(resolve);
        reject(req.signal.reason ?? new DOMException("aborted", "AbortError"));
      });
      options.onHang?.();
    });
  }

  function answer(req: Request, url: URL, body: any): Response | Promise<Response> {
    if (req.headers.get("api-key") !== TEST_PROVIDER_KEYS.pinecone) {
      return json(401, { error: { code: "UNAUTHENTICATED", message: "Invalid API Key" }, status: 401 });
    }
    if (url.hostname === PINECONE_CONTROL && req.method === "GET" && url.pathname.startsWith("/indexes/")) {
      const name = decodeURIComponent(url.pathname.slice("/indexes/".length));
      return json(200, {
        name,
        vector_type: "dense",
        metric: "cosine",
        dimension: 1536,
        status: { ready: true, state: "Ready" },
        host: PINECONE_INDEX_HOST,
        spec: { serverless: { region: "us-east-1", cloud: "aws", read_capacity: { mode: "OnDemand", status: { state: "Ready" } } } },
        deletion_protection: "disabled",
        tags: null,
      });
    }
    if (url.hostname === PINECONE_INDEX_HOST && url.pathname === "/query") {
      if (fake.mode === "5xx") return UNAVAILABLE();
      if (fake.mode === "hang") return hang(req);
      return json(200, { results: [], matches: [], namespace: body?.namespace ?? "", usage: { readUnits: 1 } });
    }
    if (url.hostname === PINECONE_INDEX_HOST && url.pathname === "/vectors/upsert")
      return json(200, { upsertedCount: body?.vectors?.length ?? 0 });
    return json(404, { code: 5, message: `no route ${req.method} ${url.pathname}`, details: [] });
  }

  const fake: PineconeFake = {
    mode: "ok",
    seen: [],
    async fetch(input, init) {
      const req = new Request(input, init);
      const url = new URL(req.url);
      if (url.hostname !== PINECONE_CONTROL && url.hostname !== PINECONE_INDEX_HOST) return otherwise(input, init);
      fake.seen.push({ host: url.hostname, method: req.method, path: url.pathname });
      const text = req.method === "GET" ? "" : await req.text();
      return answer(req, url, text ? JSON.parse(text) : undefined);
    },
    queries: () => fake.seen.filter((s) => s.host === PINECONE_INDEX_HOST && s.path === "/query").length,
    releaseHanging() {
      for (const release of [...hanging]) release(UNAVAILABLE());
      hanging.clear();
    },
    reset() {
      fake.releaseHanging();
      fake.mode = "ok";
      fake.seen = [];
    },
  };
  return fake;
}
