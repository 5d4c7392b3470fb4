/**
 * The recommendation generators, and the one place that chooses among them from configuration:
 * OpenAI with a catalog fallback when an API key is set, else the catalog alone.
 */
import type { Logger } from "../../logger";
import { CatalogGenerator } from "./catalog-generator";
import { FallbackGenerator } from "./fallback-generator";
import { OpenAIGenerator, type OpenAIGeneratorOptions } from "./openai-generator";
import type { RecommendationGenerator } from "./types";

export interface GeneratorConfig {
  /** OPENAI_API_KEY; empty or absent selects the catalog generator. */
  openaiApiKey?: string | undefined;
  /** OPENAI_CHAT_MODEL, e.g. "gpt-4o-mini". */
  chatModel: string;
  baseURL?: string | undefined;
  fetch?: OpenAIGeneratorOptions["fetch"];
  logger?: Logger | undefined;
  /** Overrides of the OpenAI generator's timing (per attempt, total, retries). */
  timeoutMs?: number | undefined;
  budgetMs?: number | undefined;
  maxRetries?: number | undefined;
}

export function createGenerator(config: GeneratorConfig): RecommendationGenerator {
  const catalog = new CatalogGenerator();
  const apiKey = config.openaiApiKey?.trim();
  if (!apiKey) return catalog;
  const openai = new OpenAIGenerator({
    apiKey,
    model: config.chatModel,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    ...(config.fetch ? { fetch: config.fetch } : {}),
    ...(config.logger ? { logger: config.logger } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.budgetMs !== undefined ? { budgetMs: config.budgetMs } : {}),
    ...(config.maxRetries !== undefined ? { maxRetries: config.maxRetries } : {}),
  });
  return new FallbackGenerator(openai, catalog, config.logger);
}

export { CatalogGenerator, catalogRecommendation, type CatalogGeneratorOptions } from "./catalog-generator";
export { FallbackGenerator, fallbackReason, type FallbackGeneratorOptions, type SourcedGenerator } from "./fallback-generator";
export {
  AnswerSchema,
  buildSystemPrompt,
  computeUsage,
  GeneratorError,
  OPENAI_CHAT_PRICES,
  OPENAI_SOURCE,
  OpenAIGenerator,
  offeredTopics,
  PERSONA_GUIDANCE,
  postValidate,
  priceFor,
  promptContext,
  RECOMMENDATIONS_JSON_SCHEMA,
  recommendationItemSchema,
  redactSecrets,
  RESPONSE_SCHEMA_NAME,
  retryAfterMs,
  type GeneratorErrorDetails,
  type GeneratorErrorReason,
  type ModelPrice,
  type OfferedTopic,
  type OpenAIGeneratorOptions,
  type PostValidationStats,
  type PricedUsage,
  type UsageLike,
} from "./openai-generator";
export type { GeneratedRecommendation, GenerationInput, GenerationResult, RecommendationGenerator, TokenUsage } from "./types";
