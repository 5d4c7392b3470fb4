import { DEFAULTS } from "../../src/config";
import type { DatabaseHandle } from "../../src/db/client";
import type { Embedder } from "../../src/adapters/embedding/interface";
import type { VectorStore } from "../../src/adapters/vector/interface";
import { createEmbedder, createVectorStore } from "../../src/services/services";
import { readDevVars } from "./local-settings";

/** Same choice as the Worker: keys (environment first, then .dev.vars) select OpenAI and Pinecone. */
export function scriptSettings() {
  const devVars = readDevVars();
  const pick = (name: string, fallback = "") => (process.env[name] ?? devVars[name] ?? fallback).trim();
  return {
    openaiApiKey: pick("OPENAI_API_KEY") || undefined,
    openaiBaseUrl: pick("OPENAI_BASE_URL") || undefined,
    pineconeApiKey: pick("PINECONE_API_KEY") || undefined,
    pineconeIndexName: pick("PINECONE_INDEX_NAME", DEFAULTS.PINECONE_INDEX_NAME),
    chatModel: pick("OPENAI_CHAT_MODEL", DEFAULTS.OPENAI_CHAT_MODEL),
    embeddingModel: pick("OPENAI_EMBEDDING_MODEL", DEFAULTS.OPENAI_EMBEDDING_MODEL),
    dimensions: Number(pick("EMBEDDING_DIMENSIONS", String(DEFAULTS.EMBEDDING_DIMENSIONS))),
  };
}

export function scriptProviders(handle: DatabaseHandle): { embedder: Embedder; store: VectorStore } {
  const s = scriptSettings();
  const embedder = createEmbedder({
    openaiApiKey: s.openaiApiKey,
    model: s.embeddingModel,
    dimensions: s.dimensions,
    baseURL: s.openaiBaseUrl,
  });
  const store = createVectorStore({
    pineconeApiKey: s.pineconeApiKey,
    pineconeIndexName: s.pineconeIndexName,
    embedderId: embedder.id,
    dimensions: embedder.dimensions,
    db: () => handle.db,
  });
  return { embedder, store };
}
