/**
 * Every variable's default: the one place defaults live. The config schema (src/config.ts) applies
 * them; scripts read them from here; wrangler.toml's [vars] repeats them so an operator sees every
 * knob, and test/node/wrangler-config.test.ts fails when the two differ. A module of its own, with
 * no imports, so that a script's --help can show a default without loading zod and the schema.
 */
export const DEFAULTS = {
  VECTOR_DB_ENABLED: true,
  AUTO_APPROVE_GUARDED: true,
  VECTOR_DB_SIMILARITY_THRESHOLD: 0.85,
  PINECONE_INDEX_NAME: "spendsense-recommendations",
  OPENAI_CHAT_MODEL: "gpt-4o-mini",
  OPENAI_EMBEDDING_MODEL: "text-embedding-3-small",
  EMBEDDING_DIMENSIONS: 1536,
  CACHE_TTL_SECONDS: 3600,
  CACHE_VERSION: "v1",
  LOG_LEVEL: "info",
  OPENAI_REQUESTS_PER_MINUTE: 500,
  OPENAI_TOKENS_PER_MINUTE: 200_000,
  JOB_CONCURRENCY: 4,
  /** Plaid's sandbox; https://production.plaid.com for real banks. */
  PLAID_BASE_URL: "https://sandbox.plaid.com",
  /** Per-persona thresholds, "persona=0.9,persona=0.8"; a persona not listed uses VECTOR_DB_SIMILARITY_THRESHOLD. */
  VECTOR_DB_PERSONA_THRESHOLDS: "",
  /** The share of vector-tier hits answered again by the generator, off the request path, to watch quality. */
  QUALITY_SAMPLE_RATE: 0.02,
} as const;
