import type { Config, Env } from "../config";
import { createDatabase, type Database, type DatabaseHandle } from "../db/client";
import { createLogger, type Logger } from "../logger";
import { createGenerator } from "./generator";
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
  /** Release what this request opened; the app calls it through waitUntil after responding. */
  close(): Promise<void>;
}

export function createServices(env: Env, config: Config, requestId: string): Services {
  let handle: DatabaseHandle | undefined;
  const logger = createLogger(config.LOG_LEVEL, { request_id: requestId });
  return {
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
    cache: env.CACHE,
    queue: env.EMBED_QUEUE,
    async close() {
      await handle?.close().catch(() => {});
    },
  };
}
