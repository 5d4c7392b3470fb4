/**
 * The recommendation generator's interface and what its adapters share (catalog.ts, openai.ts):
 * what a generator is given, what it returns, and its typed error. Imports no adapter.
 */
import type { CatalogTopic } from "../../domain/catalog";
import type { PersonaAssignment } from "../../domain/personas";
import type { UserContext } from "../../domain/profile";
import type { Signals, WindowDays } from "../../domain/signals";
import { UpstreamError, type UpstreamErrorDetails } from "../../resilience";

/** What every generator gets: the person's own signals, persona and context for one window. */
export interface GenerationInput {
  userId: string;
  windowDays: WindowDays;
  signals: Signals;
  persona: PersonaAssignment;
  context: UserContext;
}

/** One recommendation as a generator proposes it; the disclosure is added by the engine. */
export interface GeneratedRecommendation {
  topic: CatalogTopic["topic"];
  title: string;
  content: string;
  rationale: string;
}

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

export interface GenerationResult {
  recommendations: GeneratedRecommendation[];
  /** Which generator served: "catalog", "openai_4o_mini" or "openai_<model>" (src/domain/sources.ts), or "catalog_fallback" when OpenAI failed. */
  source: string;
  model: string | null;
  usage: TokenUsage | null;
  /** Time spent in the generator, in ms. */
  ms: number;
  /** Why the primary generator was not used, when a fallback served. */
  fallback_reason?: string;
}

export interface RecommendationGenerator {
  /** The implementation's name, as /health and the logs report it. */
  readonly name: string;
  generate(input: GenerationInput): Promise<GenerationResult>;
}

export type GeneratorErrorReason = "timeout" | "rate_limited" | "upstream_error" | "malformed_output" | "auth" | "bad_request";

export type GeneratorErrorDetails = UpstreamErrorDetails;

/** A generator failure with a machine-readable reason; its message never carries a secret. */
export class GeneratorError extends UpstreamError<GeneratorErrorReason> {
  constructor(reason: GeneratorErrorReason, message: string, details: GeneratorErrorDetails = {}) {
    super(reason, message, details, "GeneratorError");
  }
}
