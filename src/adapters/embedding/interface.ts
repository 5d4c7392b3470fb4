/**
 * The embedder's interface and what its adapters share (local.ts, openai.ts). Imports no adapter;
 * adapters import it. An embedder's id names its vector space: vectors are only comparable between
 * embedders with the same id, and the index keeps them apart by it.
 */
import { UpstreamError, type UpstreamErrorDetails } from "../../resilience";

interface EmbeddingUsage {
  tokens: number;
  cost_usd: number;
}

export interface EmbeddingBatch {
  /** One vector per input text, in input order. */
  vectors: number[][];
  usage: EmbeddingUsage;
}

export interface Embedder {
  /** Names the vector space: vectors are only comparable between embedders with the same id. */
  readonly id: string;
  readonly dimensions: number;
  embedBatch(texts: string[]): Promise<EmbeddingBatch>;
}

// ---- errors ----

export type EmbeddingErrorReason = "timeout" | "rate_limited" | "upstream_error" | "auth" | "bad_request" | "bad_dimensions";

export type EmbeddingErrorDetails = UpstreamErrorDetails;

/** An embedding failure with a machine-readable reason; its message never carries a secret. */
export class EmbeddingError extends UpstreamError<EmbeddingErrorReason> {
  constructor(reason: EmbeddingErrorReason, message: string, details: EmbeddingErrorDetails = {}) {
    super(reason, message, details, "EmbeddingError");
  }
}

/** Refuses an empty text before anything is sent: there is nothing to embed. */
export function assertText(text: unknown, index: number): asserts text is string {
  if (typeof text !== "string" || text.trim() === "") {
    throw new EmbeddingError("bad_request", `Input ${index} is empty: there is nothing to embed`);
  }
}
