import type { Config, Env } from "../config";
import { createDatabase, type Database, type DatabaseHandle } from "../db/client";
import { createLogger, type Logger } from "../logger";
import { createEmbedder, type Embedder } from "./embedding";
import { createGenerator } from "./generator";
import { createVectorStore, type VectorStore } from "./vector-store";
import type { RecommendationGenerator } from "./generator/types";

/** What a request handler needs, built per request; tests swap these and nothing else. */
export interface Services {
  config: Config;
  logger: Logger;
  /** Opened on first use, so requests that never touch Postgres never connect. */
  db(): Database;
  cache: KVNamespace;
  queue: Queue<unknown>;
  /** OpenAI with a catalog fallback when OPENAI_API_KEY is set, else the catalog generator. */
  generator: RecommendationGenerator;
  /** OpenAI embeddings with a key, else the local hash embedder (built on first use). */
  embedder(): Embedder;
  /** Pinecone with a key, else pgvector in the same Postgres (built on first use). */
  vectorStore(): VectorStore;
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
): Services {
  let handle: DatabaseHandle | undefined;
  const deferred: Promise<unknown>[] = [];
  let embedder: Embedder | undefined;
  let store: VectorStore | undefined;
  const logger = createLogger(config.LOG_LEVEL, { request_id: requestId });
  const services: Services = {
    config,
    logger,
    generator: createGenerator({
      openaiApiKey: config.OPENAI_API_KEY,
      chatModel: config.OPENAI_CHAT_MODEL,
      baseURL: config.OPENAI_BASE_URL,
      logger,
    }),
    db() {
      // Workers cannot share sockets across requests: one pool per request, closed after it.
      handle ??= createDatabase({ databaseUrl: config.DATABASE_URL, wsProxy: config.DATABASE_WS_PROXY });
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
    defer(work) {
      deferred.push(work);
      ctx.waitUntil(work);
    },
    cache: env.CACHE,
    queue: env.EMBED_QUEUE,
    async close() {
      // Deferred work (request log, re-indexing) may still need the database.
      await Promise.allSettled(deferred);
      await handle?.close().catch(() => {});
    },
  };
  return services;
}
