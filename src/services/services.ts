/**
 * The composition: what each request (or queue batch) works with, and the one place that chooses
 * a provider for each interface from configuration (createEmbedder, createVectorStore,
 * createGenerator). Adapters never choose, and never import each other.
 */
import type { ClientOptions } from "openai";
import type { Config, Env } from "../config";
import { createDatabase, type Database, type DatabaseHandle } from "../db/client";
import { RoundTrips } from "../db/round-trips";
import { createLogger, type Logger } from "../logger";
import type { Embedder } from "../adapters/embedding/interface";
import { LocalHashEmbedder } from "../adapters/embedding/local";
import { OpenAIEmbedder } from "../adapters/embedding/openai";
import { CatalogGenerator } from "../adapters/llm/catalog";
import type { RecommendationGenerator } from "../adapters/llm/interface";
import { OpenAIGenerator } from "../adapters/llm/openai";
import type { FetchFunction, VectorStore } from "../adapters/vector/interface";
import { PgVectorStore } from "../adapters/vector/pgvector";
import { PineconeVectorStore } from "../adapters/vector/pinecone";
import { systemClock, type Clock } from "../resilience";
import { FallbackGenerator } from "./fallback-generator";
import type { WindowDays } from "../domain/signals";
import { personState, type Consent, type PersonSnapshot, type ServingSnapshot, type ServingState } from "./person-state";
import { DEFAULT_VECTOR_TIER_BUDGET_MS } from "./vector-search";

/** Consent and data version per person: the Worker's Durable Objects, or a job's in-process stand-in. */
export interface PersonStates {
  read(userId: string): Promise<PersonSnapshot>;
  setConsent(userId: string, consent: Consent): Promise<PersonSnapshot>;
  /** Retire every cached answer of the person (their recommendations changed; the serving state carries over). */
  retire(userId: string): Promise<PersonSnapshot>;
  /** The snapshot with the person's serving state for one window, when held for the current version. */
  readServing(userId: string, windowDays: WindowDays): Promise<ServingSnapshot>;
  /** Keep a serving state for its version; false when that version was retired meanwhile. */
  storeServing(userId: string, state: ServingState): Promise<boolean>;
  /** Their data changed: retire every cached answer and the serving state (src/services/serving-state.ts). */
  dataChanged(userId: string): Promise<PersonSnapshot>;
}

/** One Durable Object per person. */
export const durablePersonStates = (env: Pick<Env, "PERSON_STATE">): PersonStates => ({
  read: (userId) => personState(env, userId).read(userId),
  setConsent: (userId, consent) => personState(env, userId).setConsent(consent),
  retire: (userId) => personState(env, userId).retire(userId),
  readServing: (userId, windowDays) => personState(env, userId).readServing(userId, windowDays) as Promise<ServingSnapshot>,
  storeServing: (userId, state) => personState(env, userId).storeServing(userId, state),
  dataChanged: (userId) => personState(env, userId).dataChanged(userId),
});

/**
 * The regional round trips one request has made so far, counted where they are made (the database
 * handle and the index client wrap their calls). Read, never written, by the code that serves.
 */
export interface RequestTrace {
  /** Round trips to the region (Postgres and the index together: overlapping ones count once). */
  regional: RoundTrips;
  /** Round trips to Postgres so far (pgvector's index query is one of them). */
  db: RoundTrips;
  /** Index queries so far (Pinecone, or pgvector's query in Postgres). */
  index: RoundTrips;
}

/** Sequential round trips so far, per service, with the time each was busy: what Server-Timing reports. */
export interface RoundTripsSoFar {
  regional: number;
  db: number;
  dbMs: number;
  index: number;
  indexMs: number;
}

export function newTrace(): RequestTrace {
  const regional = new RoundTrips();
  return { regional, db: new RoundTrips(regional), index: new RoundTrips(regional) };
}

export function roundTripsSoFar(trace: RequestTrace): RoundTripsSoFar {
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    regional: trace.regional.sequential,
    db: trace.db.sequential,
    dbMs: round(trace.db.busyMs),
    index: trace.index.sequential,
    indexMs: round(trace.index.busyMs),
  };
}

/** What a request handler needs, built per request; tests swap these and nothing else. */
export interface Services {
  config: Config;
  trace: RequestTrace;
  logger: Logger;
  /** Time for deadlines, backoff and Retry-After: the system's, or a test's virtual one. */
  clock: Clock;
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

/** What a test may swap when it builds the real services. */
export interface ServicesOverrides {
  /** Where the database's HTTP queries go (tests inject a fault here); default: the network. */
  databaseFetch?: typeof fetch | undefined;
  /** Default: the system clock. */
  clock?: Clock | undefined;
}

export function createServices(
  env: Env,
  config: Config,
  requestId: string,
  ctx: Pick<ExecutionContext, "waitUntil">,
  overrides: ServicesOverrides = {},
): Services {
  const { databaseFetch, clock = systemClock } = overrides;
  let handle: DatabaseHandle | undefined;
  const deferred: Promise<unknown>[] = [];
  let embedder: Embedder | undefined;
  let store: VectorStore | undefined;
  let tier: { embedder: Embedder; store: VectorStore } | undefined;
  const logger = createLogger(config.LOG_LEVEL, { request_id: requestId });
  // The embedder and the store as batch work uses them; the vector tier's own add a tight budget.
  const embedderSettings = {
    openaiApiKey: config.OPENAI_API_KEY,
    model: config.OPENAI_EMBEDDING_MODEL,
    dimensions: config.EMBEDDING_DIMENSIONS,
    baseURL: config.OPENAI_BASE_URL,
    logger,
    clock,
  };
  const storeSettings = {
    pineconeApiKey: config.PINECONE_API_KEY,
    pineconeIndexName: config.PINECONE_INDEX_NAME,
    pineconeControllerHost: config.PINECONE_CONTROLLER_HOST,
    db: () => services.db(),
    clock,
  };
  const services: Services = {
    config,
    trace: newTrace(),
    logger,
    clock,
    generator: createGenerator({
      openaiApiKey: config.OPENAI_API_KEY,
      chatModel: config.OPENAI_CHAT_MODEL,
      baseURL: config.OPENAI_BASE_URL,
      logger,
      clock,
    }),
    db() {
      // Workers cannot share sockets across requests: one pool per request, closed after it.
      handle ??= createDatabase({
        databaseUrl: config.DATABASE_URL,
        wsProxy: config.DATABASE_WS_PROXY,
        roundTrips: services.trace.db,
        ...(databaseFetch ? { fetch: databaseFetch } : {}),
      });
      return handle.db;
    },
    embedder() {
      embedder ??= createEmbedder(embedderSettings);
      return embedder;
    },
    vectorStore() {
      const e = services.embedder();
      store ??= createVectorStore({ ...storeSettings, embedderId: e.id, dimensions: e.dimensions });
      return store;
    },
    vectorTier() {
      if (!tier) {
        const tierEmbedder = createEmbedder({
          ...embedderSettings,
          maxRetries: 0,
          timeoutMs: DEFAULT_VECTOR_TIER_BUDGET_MS,
          budgetMs: DEFAULT_VECTOR_TIER_BUDGET_MS,
        });
        // Every call to Pinecone is a round trip to the index's region; pgvector's query is one to Postgres (counted there too).
        const pinecone = Boolean(config.PINECONE_API_KEY?.trim());
        const tierStore = createVectorStore({
          ...storeSettings,
          embedderId: tierEmbedder.id,
          dimensions: tierEmbedder.dimensions,
          maxRetries: 0,
          fetch: (input, init) => services.trace.index.around(() => globalThis.fetch(input, init)),
        });
        tier = { embedder: tierEmbedder, store: pinecone ? tierStore : countingQueries(tierStore, services.trace.index) };
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

/** The store, with each query counted as a round trip to the index. */
function countingQueries(store: VectorStore, trips: RoundTrips): VectorStore {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "query") return (q: Parameters<VectorStore["query"]>[0]) => trips.around(() => target.query(q));
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// ---- choosing the providers ----

export interface EmbedderConfig {
  /** OPENAI_API_KEY; empty or absent selects the local embedder. */
  openaiApiKey?: string | undefined;
  /** OPENAI_EMBEDDING_MODEL, e.g. "text-embedding-3-small". */
  model: string;
  /** EMBEDDING_DIMENSIONS, e.g. 1536. */
  dimensions: number;
  baseURL?: string | undefined;
  fetch?: ClientOptions["fetch"] | undefined;
  logger?: Logger | undefined;
  clock?: Clock | undefined;
  /** Overrides of the OpenAI embedder's batching and timing. */
  maxBatch?: number | undefined;
  timeoutMs?: number | undefined;
  budgetMs?: number | undefined;
  maxRetries?: number | undefined;
}

/** Only the options that are set (the adapters' options are optional, not undefined). */
const defined = <T extends Record<string, unknown>>(options: T) =>
  Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== "")) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };

/** OpenAI when a non-blank key is set, else the local hash embedder of the same dimension. */
export function createEmbedder(config: EmbedderConfig): Embedder {
  const apiKey = config.openaiApiKey?.trim();
  if (!apiKey) return new LocalHashEmbedder(config.dimensions);
  const { openaiApiKey: _key, ...options } = config;
  return new OpenAIEmbedder({ apiKey, ...defined(options) });
}

export interface VectorStoreConfig {
  pineconeApiKey?: string | undefined;
  pineconeIndexName: string;
  /** Pinecone's control plane; default https://api.pinecone.io. */
  pineconeControllerHost?: string | undefined;
  embedderId: string;
  dimensions: number;
  /** Called when the pgvector store first needs the database. */
  db: () => Database;
  fetch?: FetchFunction | undefined;
  pineconeIndexHost?: string | undefined;
  /** Pinecone's own retries (429/5xx/network); default 3. 0 when the caller retries (the vector tier). */
  maxRetries?: number | undefined;
  clock?: Clock | undefined;
}

/** Pinecone when a non-blank API key is set, else pgvector in the project's Postgres. */
export function createVectorStore(config: VectorStoreConfig): VectorStore {
  if (config.pineconeApiKey?.trim()) {
    return new PineconeVectorStore({
      apiKey: config.pineconeApiKey,
      indexName: config.pineconeIndexName,
      embedderId: config.embedderId,
      dimensions: config.dimensions,
      indexHost: config.pineconeIndexHost,
      controllerHostUrl: config.pineconeControllerHost,
      fetch: config.fetch,
      maxRetries: config.maxRetries,
      clock: config.clock,
    });
  }
  return new PgVectorStore(config.db, { embedderId: config.embedderId, dimensions: config.dimensions });
}

export interface GeneratorConfig {
  /** OPENAI_API_KEY; empty or absent selects the catalog generator. */
  openaiApiKey?: string | undefined;
  /** OPENAI_CHAT_MODEL, e.g. "gpt-4o-mini". */
  chatModel: string;
  baseURL?: string | undefined;
  fetch?: ClientOptions["fetch"] | undefined;
  logger?: Logger | undefined;
  clock?: Clock | undefined;
  /** Overrides of the OpenAI generator's timing (per attempt, total, retries). */
  timeoutMs?: number | undefined;
  budgetMs?: number | undefined;
  maxRetries?: number | undefined;
}

/** OpenAI with a catalog fallback when a non-blank key is set, else the catalog alone. */
export function createGenerator(config: GeneratorConfig): RecommendationGenerator {
  const catalog = new CatalogGenerator();
  const apiKey = config.openaiApiKey?.trim();
  if (!apiKey) return catalog;
  const { openaiApiKey: _key, chatModel, ...options } = config;
  const openai = new OpenAIGenerator({ apiKey, model: chatModel, ...defined(options) });
  return new FallbackGenerator(openai, catalog, config.logger);
}
