import { sql } from "drizzle-orm";
import { unlessAborted, type Clock } from "../resilience";
import type { Services } from "./services";

interface ComponentHealth {
  implementation: string;
  ok: boolean;
  latency_ms: number;
  detail?: string;
}

export interface HealthReport {
  status: "ok" | "degraded";
  components: Record<"database" | "cache" | "queue" | "vector_index" | "embedder" | "generator", ComponentHealth>;
}

const CHECK_TIMEOUT_MS = 2_500;
const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/**
 * Run one check with a deadline (the check is given its signal, and abandoned when it aborts); a
 * failure becomes `ok:false` with a short, secret-free reason.
 */
async function probe(
  clock: Clock,
  implementation: string,
  check: (signal: AbortSignal) => Promise<string | void>,
): Promise<ComponentHealth> {
  const started = performance.now();
  const timeout = clock.timeout(CHECK_TIMEOUT_MS);
  try {
    const detail = await unlessAborted(check(timeout.signal), timeout.signal);
    return { implementation, ok: true, latency_ms: elapsed(started), ...(detail ? { detail } : {}) };
  } catch (err) {
    const why = timeout.signal.aborted ? new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`) : err;
    return { implementation, ok: false, latency_ms: elapsed(started), detail: reason(why) };
  } finally {
    timeout.cancel();
  }
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

function reason(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  const text = e?.cause?.message ?? e?.message ?? String(err);
  return text.replace(/postgres(ql)?:\/\/\S+/gi, "postgres://…").slice(0, 200);
}

/** Answer an HTTP API's GET with a key; any 2xx means the service and the key work. */
async function httpCheck(url: string, headers: Record<string, string>, signal: AbortSignal): Promise<string> {
  const res = await fetch(url, { headers, signal });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return `HTTP ${res.status}`;
}

export async function checkHealth(services: Services): Promise<HealthReport> {
  const { config } = services;
  const { providers } = config;
  const openai = { Authorization: `Bearer ${config.OPENAI_API_KEY ?? ""}` };
  // The endpoint the embedder and generator really use: a proxy (e.g. Cloudflare AI Gateway) when set.
  const openaiBase = (config.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, "");

  const [database, cache, vectorIndex, embedder, generator] = await Promise.all([
    probe(services.clock, providers.database, async () => {
      await services.db().execute(sql`select 1`);
    }),
    probe(services.clock, "workers-kv", async () => {
      await services.cache.get("health:probe");
    }),
    providers.vectorIndex === "pinecone"
      ? probe(services.clock, "pinecone", (signal) =>
          httpCheck(
            `${(config.PINECONE_CONTROLLER_HOST ?? "https://api.pinecone.io").replace(/\/+$/, "")}/indexes/${config.PINECONE_INDEX_NAME}`,
            { "Api-Key": config.PINECONE_API_KEY ?? "", "X-Pinecone-API-Version": "2025-04" },
            signal,
          ),
        )
      : probe(services.clock, "pgvector", async () => {
          const result = await services
            .db()
            .execute<{ extversion: string }>(sql`select extversion from pg_extension where extname = 'vector'`);
          const version = result.rows[0]?.extversion;
          if (!version) throw new Error("the vector extension is not installed: run npm run db:migrate");
          return `pgvector ${version}`;
        }),
    providers.embedder === "openai"
      ? probe(services.clock, `openai:${config.OPENAI_EMBEDDING_MODEL}`, (signal) =>
          httpCheck(`${openaiBase}/models/${encodeURIComponent(config.OPENAI_EMBEDDING_MODEL)}`, openai, signal),
        )
      : probe(services.clock, services.embedder().id, async () => {
          const { vectors } = await services.embedder().embedBatch(["health check"]);
          if (vectors[0]?.length !== config.EMBEDDING_DIMENSIONS) throw new Error("wrong dimension");
          return `deterministic, in-process, ${vectors[0].length}-d`;
        }),
    providers.generator === "openai"
      ? probe(services.clock, `openai:${config.OPENAI_CHAT_MODEL}`, (signal) =>
          httpCheck(`${openaiBase}/models/${encodeURIComponent(config.OPENAI_CHAT_MODEL)}`, openai, signal),
        )
      : probe(services.clock, "catalog", async () => "education catalog, in-process"),
  ]);
  // A producer binding cannot be pinged without sending a message; report that it is bound.
  const queue: ComponentHealth = {
    implementation: "cloudflare-queues",
    ok: typeof services.queue?.send === "function",
    latency_ms: 0,
    detail: "producer binding EMBED_QUEUE",
  };
  const components = { database, cache, queue, vector_index: vectorIndex, embedder, generator };
  const status = Object.values(components).every((c) => c.ok) ? "ok" : "degraded";
  return { status, components };
}
