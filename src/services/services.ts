import type { Config, Env } from "../config";
import { createDatabase, type Database, type DatabaseHandle } from "../db/client";
import { RoundTrips } from "../db/round-trips";
import { createLogger, type Logger } from "../logger";
import { personState, type Consent, type PersonSnapshot } from "./person-state";
import { createEmbedder, type Embedder } from "./embedding";
import { createGenerator } from "./generator";
import { DEFAULT_VECTOR_TIER_BUDGET_MS } from "./vector-search";
import { createVectorStore, type VectorStore } from "./vector-store";
import type { RecommendationGenerator } from "./generator/types";

/** Consent and data version per person: the Worker's Durable Objects, or a job's in-process stand-in. */
export interface PersonStates {
  read(userId: string): Promise<PersonSnapshot>;
  setConsent(userId: string, consent: Consent): Promise<PersonSnapshot>;
  /** Retire every cached answer of the person (their data or recommendations changed). */
  retire(userId: string): Promise<PersonSnapshot>;
}

/** One Durable Object per person. */
export const durablePersonStates = (env: Pick<Env, "PERSON_STATE">): PersonStates => ({
  read: (userId) => personState(env, userId).read(userId),
  setConsent: (userId, consent) => personState(env, userId).setConsent(consent),
  retire: (userId) => personState(env, userId).retire(userId),
});

/** What one request did that its log line and GET /metrics count. */
export interface RequestTrace {
  /** Round trips to Postgres so far. */
  db: RoundTrips;
  /** Sequential round trips before the answer was ready (work after the response is not counted). */
  responseRoundTrips: number | null;
  /** What this request spent on OpenAI generation (0 for the catalog or a vector-tier answer). */
  llmCostUsd: number;
  /** Vector-tier items dropped because the reuse rule refused them. */
  reuseDropped: number;
  /** Generated titles and contents replaced by the catalog's text because they carried something of their person. */
  reuseReplaced: number;
}

export const newTrace = (): RequestTrace => ({ db: new RoundTrips(), responseRoundTrips: null, llmCostUsd: 0, reuseDropped: 0, reuseReplaced: 0 });

/** What a request handler needs, built per request; tests swap these and nothing else. */
export interface Services {
  config: Config;
  trace: RequestTrace;
  logger: Logger;
  /** Opened on first use, so requests that never touch Postgres never connect. */
  db(): Database;
  cache: KVNamespace;
  queue: Queue<unknown>;
  /** Bulk jobs' items (POST /jobs/…). */
  jobQueue: Queue<unknown>;
  /** OpenAI with a catalog fallback when OPENAI_API_KEY is set, else the catalog generator. */
  generator: RecommendationGenerator;
  /** OpenAI embeddings with a key, else the local hash embedder (built on first use). */
  embedder(): Embedder;
  /** Pinecone with a key, else pgvector in the same Postgres (built on first use). */
  vectorStore(): VectorStore;
  /**
   * The embedder and index as the request path's vector tier uses them: no retries of their own
   * and attempts no longer than the tier's budget, so the tier's deadline bounds every call and
   * nothing keeps calling them after it gives up. Optional: without it the tier uses embedder()
   * and vectorStore().
   */
  vectorTier?(): { embedder: Embedder; store: VectorStore };
  /** Each person's consent and data version, strongly consistent everywhere (a Durable Object each). */
  people: PersonStates;
  /** Work that must finish but must not delay the response (ctx.waitUntil). */
  defer(work: Promise<unknown>): void;
  /** After deferred work settles, release what this request opened (the app calls it via waitUntil). */
  close(): Promise<void>;
}

export function createServices(
  env: Env,
  config: Config,
  requestId: string,
  ctx: Pick<ExecutionContext, "waitUntil">,
  /** Where the database's HTTP queries go (tests inject a fault here); default: the network. */
  databaseFetch?: typeof fetch,
): Services {
  let handle: DatabaseHandle | undefined;
  const deferred: Promise<unknown>[] = [];
  let embedder: Embedder | undefined;
  let store: VectorStore | undefined;
  let tier: { embedder: Embedder; store: VectorStore } | undefined;
  const logger = createLogger(config.LOG_LEVEL, { request_id: requestId });
  const services: Services = {
    config,
    trace: newTrace(),
    logger,
    generator: createGenerator({
      openaiApiKey: config.OPENAI_API_KEY,
      chatModel: config.OPENAI_CHAT_MODEL,
      baseURL: config.OPENAI_BASE_URL,
      logger,
    }),
    db() {
      // Workers cannot share sockets across requests: one pool per request, closed after it.
      handle ??= createDatabase({ databaseUrl: config.DATABASE_URL, wsProxy: config.DATABASE_WS_PROXY, roundTrips: services.trace.db, ...(databaseFetch ? { fetch: databaseFetch } : {}) });
      return handle.db;
    },
    embedder() {
      embedder ??= createEmbedder({
        openaiApiKey: config.OPENAI_API_KEY,
        model: config.OPENAI_EMBEDDING_MODEL,
        dimensions: config.EMBEDDING_DIMENSIONS,
        baseURL: config.OPENAI_BASE_URL,
        logger,
      });
      return embedder;
    },
    vectorStore() {
      const e = services.embedder();
      store ??= createVectorStore({
        pineconeApiKey: config.PINECONE_API_KEY,
        pineconeIndexName: config.PINECONE_INDEX_NAME,
        embedderId: e.id,
        dimensions: e.dimensions,
        db: () => services.db(),
      });
      return store;
    },
    vectorTier() {
      if (!tier) {
        const tierEmbedder = createEmbedder({
          openaiApiKey: config.OPENAI_API_KEY,
          model: config.OPENAI_EMBEDDING_MODEL,
          dimensions: config.EMBEDDING_DIMENSIONS,
          baseURL: config.OPENAI_BASE_URL,
          logger,
          maxRetries: 0,
          timeoutMs: DEFAULT_VECTOR_TIER_BUDGET_MS,
          budgetMs: DEFAULT_VECTOR_TIER_BUDGET_MS,
        });
        const tierStore = createVectorStore({
          pineconeApiKey: config.PINECONE_API_KEY,
          pineconeIndexName: config.PINECONE_INDEX_NAME,
          embedderId: tierEmbedder.id,
          dimensions: tierEmbedder.dimensions,
          db: () => services.db(),
          maxRetries: 0,
        });
        tier = { embedder: tierEmbedder, store: tierStore };
      }
      return tier;
    },
    defer(work) {
      deferred.push(work);
      ctx.waitUntil(work);
    },
    cache: env.CACHE,
    people: durablePersonStates(env),
    queue: env.EMBED_QUEUE,
    jobQueue: env.JOB_QUEUE,
    async close() {
      // Deferred work (request log, re-indexing) may still need the database.
      await Promise.allSettled(deferred);
      await handle?.close().catch(() => {});
    },
  };
  return services;
}
