/**
 * The LLM generator: OpenAI Chat Completions (gpt-4o-mini by default) with structured output. The
 * prompt and the checks of the answer are in prompt.ts.
 *
 * Transport: the official SDK with its own retries off (maxRetries: 0). This class retries 429, 5xx,
 * timeouts and connection errors itself (../openai-shared.ts on src/resilience.ts), with
 * exponential backoff and jitter, honouring retry-after(-ms), all inside one total time budget.
 * Other 4xx are never retried.
 *
 * Every failure is a GeneratorError with a reason code; no message ever carries the API key.
 */
import type OpenAI from "openai";
import type { ChatCompletion } from "openai/resources/chat/completions";
import { DEFAULTS } from "../../config";
import type { Logger } from "../../logger";
import type { Clock } from "../../resilience";
import type { Signals } from "../../domain/signals";
import { openAISource } from "../../domain/sources";
import { classifyOpenAIError, createOpenAIClient, NOOP_LOGGER, OpenAIRetry, positive, type OpenAIRetryOptions } from "../openai-shared";
import { GeneratorError, type GenerationInput, type GenerationResult, type RecommendationGenerator, type TokenUsage } from "./interface";
import {
  buildSystemPrompt,
  offeredTopics,
  postValidate,
  promptContext,
  RECOMMENDATIONS_JSON_SCHEMA,
  RESPONSE_SCHEMA_NAME,
  type OfferedTopic,
} from "./prompt";

export interface ModelPrice {
  /** USD per 1M uncached input tokens. */
  inputPerMillion: number;
  /** USD per 1M output tokens. */
  outputPerMillion: number;
  /** USD per 1M cached input tokens; the input price when absent. */
  cachedInputPerMillion?: number;
}

/** Chat model prices (USD per 1M tokens). Dated snapshots ("gpt-4o-mini-2024-07-18") use their base entry. */
const OPENAI_CHAT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o-mini": { inputPerMillion: 0.15, cachedInputPerMillion: 0.075, outputPerMillion: 0.6 },
};

export function priceFor(model: string, table: Readonly<Record<string, ModelPrice>> = OPENAI_CHAT_PRICES): ModelPrice | undefined {
  return table[model] ?? table[model.replace(/-\d{4}-\d{2}-\d{2}$/, "")];
}

export interface UsageLike {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

export interface PricedUsage {
  usage: TokenUsage;
  /** False when the model is not in the price table: cost_usd is then 0, not a real cost. */
  priced: boolean;
}

/** Token usage with its cost. An unknown model costs 0 and comes back with priced: false. */
export function computeUsage(
  model: string,
  usage: UsageLike,
  table: Readonly<Record<string, ModelPrice>> = OPENAI_CHAT_PRICES,
): PricedUsage {
  const prompt = Math.max(0, usage.prompt_tokens);
  const completion = Math.max(0, usage.completion_tokens);
  const price = priceFor(model, table);
  if (!price) return { usage: { prompt_tokens: prompt, completion_tokens: completion, cost_usd: 0 }, priced: false };
  const cached = Math.min(prompt, Math.max(0, usage.prompt_tokens_details?.cached_tokens ?? 0));
  const cost =
    ((prompt - cached) * price.inputPerMillion +
      cached * (price.cachedInputPerMillion ?? price.inputPerMillion) +
      completion * price.outputPerMillion) /
    1_000_000;
  return { usage: { prompt_tokens: prompt, completion_tokens: completion, cost_usd: Math.round(cost * 1e10) / 1e10 }, priced: true };
}

// ---- the generator ----

/** Defaults: timeoutMs 20_000 per attempt; budgetMs 30_000 for all attempts and waits; minAttemptMs 1_000. */
export interface OpenAIGeneratorOptions extends OpenAIRetryOptions {
  /** Chat model; default OPENAI_CHAT_MODEL's (src/config.ts). */
  model?: string;
  /** Output cap; default 1_500 tokens (5 recommendations are ~600). */
  maxOutputTokens?: number;
  temperature?: number;
  prices?: Readonly<Record<string, ModelPrice>>;
}

export class OpenAIGenerator implements RecommendationGenerator {
  readonly name: string;
  /** The `source` its results carry: names the model (src/domain/sources.ts). */
  readonly source: string;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly apiKey: string;
  private readonly retry: OpenAIRetry;
  private readonly maxOutputTokens: number;
  private readonly temperature: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly prices: Readonly<Record<string, ModelPrice>>;

  constructor(options: OpenAIGeneratorOptions) {
    if (!options.apiKey || options.apiKey.trim() === "") throw new GeneratorError("auth", "OpenAIGenerator needs an API key");
    this.apiKey = options.apiKey.trim();
    this.model = options.model ?? DEFAULTS.OPENAI_CHAT_MODEL;
    this.source = openAISource(this.model);
    this.name = `openai:${this.model}`;
    this.retry = new OpenAIRetry(options, { timeoutMs: 20_000, budgetMs: 30_000, minAttemptMs: 1_000 });
    this.maxOutputTokens = positive(options.maxOutputTokens, 1_500);
    this.temperature = options.temperature ?? 0.3;
    this.clock = this.retry.clock;
    this.logger = options.logger ?? NOOP_LOGGER;
    this.prices = options.prices ?? OPENAI_CHAT_PRICES;
    this.client = createOpenAIClient({
      apiKey: this.apiKey,
      baseURL: options.baseURL,
      fetch: options.fetch,
      timeoutMs: this.retry.timeoutMs,
    });
  }

  /** The request body for this input (exported for inspection and tests). */
  buildRequest(input: GenerationInput): { body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming; offered: OfferedTopic[] } {
    const persona = input.persona.persona_type;
    const offered = offeredTopics(input.signals, persona);
    return {
      offered,
      body: {
        model: this.model,
        temperature: this.temperature,
        max_completion_tokens: this.maxOutputTokens,
        messages: [
          { role: "system", content: buildSystemPrompt(persona, offered) },
          { role: "user", content: JSON.stringify(promptContext(input.context)) },
        ],
        response_format: {
          type: "json_schema",
          json_schema: {
            name: RESPONSE_SCHEMA_NAME,
            strict: true,
            schema: RECOMMENDATIONS_JSON_SCHEMA as unknown as Record<string, unknown>,
          },
        },
      },
    };
  }

  async generate(input: GenerationInput): Promise<GenerationResult> {
    const started = this.clock.now();
    const { body, offered } = this.buildRequest(input);
    const offeredIds = offered.map((t) => t.topic);
    return this.retry.run({
      event: "generator.openai",
      fields: { model: this.model },
      attempt: async (signal, attemptMs, attempt) =>
        this.toResult(await this.attempt(body, signal, attemptMs), input.signals, offeredIds, started, attempt),
      classify: (err) => this.classify(err),
      timedOut: (attemptMs) => new GeneratorError("timeout", `OpenAI did not answer within ${attemptMs} ms`, { retryable: true }),
      budgetSpent: (message) => new GeneratorError("timeout", message),
    });
  }

  /** Exponential backoff with jitter: between half and all of base·2^(n-1), capped. */
  backoffMs(attempt: number): number {
    return this.retry.backoffMs(attempt);
  }

  /** One request; our signal covers the whole attempt (headers and body), the SDK's timeout only the headers. */
  private attempt(
    body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming,
    signal: AbortSignal | undefined,
    attemptMs: number,
  ): Promise<ChatCompletion> {
    return this.client.chat.completions.create(body, { ...(signal ? { signal } : {}), timeout: attemptMs, maxRetries: 0 });
  }

  private toResult(
    completion: ChatCompletion,
    signals: Signals,
    offeredIds: readonly string[],
    started: number,
    attempts: number,
  ): GenerationResult {
    const requestId = (completion as { _request_id?: string | null })._request_id ?? undefined;
    const choice = completion.choices?.[0];
    const malformed = (why: string) => new GeneratorError("malformed_output", why, requestId === undefined ? {} : { requestId });
    if (!choice) throw malformed("OpenAI returned no choices");
    if (choice.message?.refusal) throw malformed("The model refused to answer");
    if (choice.finish_reason === "length") throw malformed("The model's answer was cut off (max tokens)");
    if (choice.finish_reason === "content_filter") throw malformed("The model's answer was withheld by the content filter");
    const content = choice.message?.content;
    if (typeof content !== "string" || content.trim() === "") throw malformed("The model's answer is empty");
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw malformed("The model's answer is not JSON");
    }
    const { recommendations, stats } = postValidate(parsed, signals, offeredIds);

    const model = completion.model || this.model;
    let usage: TokenUsage | null = null;
    let priced = true;
    if (completion.usage) {
      const u = computeUsage(model, completion.usage, this.prices);
      usage = u.usage;
      priced = u.priced;
    }
    const ms = Math.max(0, this.clock.now() - started);
    const fields = {
      model,
      attempts,
      ms,
      items: recommendations.length,
      dropped: stats.dropped,
      regrounded: stats.regrounded,
      depersonalized: stats.depersonalized,
      prompt_tokens: usage?.prompt_tokens,
      completion_tokens: usage?.completion_tokens,
      cost_usd: usage?.cost_usd,
      priced,
    };
    if (!priced) this.logger.warn("generator.openai.unpriced_model", { model });
    if (stats.regrounded > 0 || stats.dropped > 0 || stats.depersonalized > 0) this.logger.warn("generator.openai.repaired", fields);
    else this.logger.info("generator.openai.ok", fields);
    return { recommendations, source: this.source, model, usage, ms };
  }

  /** Any failure as a GeneratorError, with its reason, retryability and wait. */
  private classify(err: unknown): GeneratorError {
    if (err instanceof GeneratorError) return err;
    return classifyOpenAIError(err, {
      create: (reason, message, details) => new GeneratorError(reason, message, details),
      apiKey: this.apiKey,
      now: () => this.clock.now(),
      requestLabel: "request",
    });
  }
}
