/**
 * What the two OpenAI adapters (embedding/openai.ts, llm/openai.ts) share: the classification of
 * the SDK's errors into typed, retryable-or-not failures, secret redaction, the client with the
 * SDK's own retries off, and their retry policy (attempt timeout, total budget, backoff with
 * jitter, Retry-After), run by src/resilience.ts.
 *
 * Runs unchanged in a Worker and in Node: no node: imports.
 */
import OpenAI, { type ClientOptions } from "openai";
import type { Logger } from "../logger";
import {
  backoffDelayMs,
  Deadline,
  retry,
  retryAfterMs,
  systemClock,
  UpstreamError,
  type Clock,
  type UpstreamErrorDetails,
} from "../resilience";

/** Removes the key itself and anything shaped like an OpenAI key (masked ones included). */
function redactSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join("[redacted]");
  out = out.replace(/\bsk-[A-Za-z0-9_*\-.]{3,}/g, "sk-[redacted]");
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}

/** The reasons classifyOpenAIError gives; both services' reason unions contain them all. */
type OpenAIFailureReason = "timeout" | "rate_limited" | "upstream_error" | "auth" | "bad_request";

export interface ClassifyOptions<E> {
  /** Builds the service's own error class. */
  create: (reason: OpenAIFailureReason, message: string, details: UpstreamErrorDetails) => E;
  /** Redacted from every message. */
  apiKey: string;
  now: () => number;
  /** What OpenAI rejected, in the bad_request message: "request", "embeddings request". */
  requestLabel: string;
}

/** An SDK (or any other) failure as the service's error, with its reason, retryability and wait. */
export function classifyOpenAIError<E>(err: unknown, options: ClassifyOptions<E>): E {
  const { create, apiKey } = options;
  if (err instanceof OpenAI.APIConnectionTimeoutError) return create("timeout", "OpenAI did not answer in time", { retryable: true });
  if (err instanceof OpenAI.APIUserAbortError) return create("timeout", "The OpenAI request was aborted", { retryable: true });
  if (err instanceof OpenAI.APIConnectionError) {
    return create("upstream_error", `Could not reach OpenAI: ${redactSecrets(err.message, apiKey)}`, { retryable: true });
  }
  if (err instanceof OpenAI.APIError) {
    const status = err.status ?? 0;
    const code = typeof err.code === "string" ? err.code : undefined;
    const requestId = err.requestID ?? undefined;
    const detail = redactSecrets(err.message, apiKey);
    const base = {
      status,
      ...(code === undefined ? {} : { code }),
      ...(requestId === undefined ? {} : { requestId }),
    };
    const wait = () => {
      const after = retryAfterMs(err.headers, options.now());
      return after === undefined ? {} : { retryAfterMs: after };
    };
    if (status === 429) {
      // insufficient_quota is a billing state, not a burst: waiting does not help.
      return create("rate_limited", `OpenAI rate limit (429${code ? ` ${code}` : ""})`, {
        ...base,
        retryable: code !== "insufficient_quota",
        ...wait(),
      });
    }
    if (status >= 500) return create("upstream_error", `OpenAI server error: ${detail}`, { ...base, retryable: true, ...wait() });
    if (status === 401 || status === 403) return create("auth", `OpenAI rejected the credentials: ${detail}`, base);
    if (status === 408) return create("timeout", `OpenAI reported a request timeout: ${detail}`, base);
    return create("bad_request", `OpenAI rejected the ${options.requestLabel}: ${detail}`, base);
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return create("upstream_error", `Unexpected error calling OpenAI: ${redactSecrets(message, apiKey)}`, {});
}

// ---- transport ----

/**
 * Connection and retry options both services take. Defaults differ by service: see its options
 * interface.
 */
export interface OpenAIRetryOptions {
  apiKey: string;
  /** e.g. "https://api.openai.com/v1" (the SDK's default) or a test server's. */
  baseURL?: string;
  fetch?: ClientOptions["fetch"];
  /** Per attempt, in ms. */
  timeoutMs?: number;
  /** For the attempts and waits of one call together, in ms. */
  budgetMs?: number;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** First backoff, in ms; doubles each retry (with jitter); default 500. */
  baseDelayMs?: number;
  /** Backoff cap, in ms; default 8_000. */
  maxDelayMs?: number;
  /**
   * A retry is only started when at least this much of the budget (capped at timeoutMs) would be
   * left for it after the wait. Below that it could not finish anyway.
   */
  minAttemptMs?: number;
  /** Time for attempt limits, the budget, backoff and Retry-After; default the system's (tests pass a virtual one). */
  clock?: Clock;
  /** In [0, 1); jitter source. */
  random?: () => number;
  logger?: Logger;
}

/** An SDK client with its own retries off: the services retry themselves. */
export function createOpenAIClient(options: {
  apiKey: string;
  baseURL?: string | undefined;
  fetch?: ClientOptions["fetch"] | undefined;
  timeoutMs: number;
}): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
}

const NOOP = () => {};
export const NOOP_LOGGER: Logger = { debug: NOOP, info: NOOP, warn: NOOP, error: NOOP };

/** `value` when it is a finite positive number, else `fallback`. */
export function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * The adapters' retry policy: attempts under one time budget per call. Each attempt gets
 * min(timeoutMs, what is left) and is cut when that runs out (the SDK's request is aborted); a
 * retryable failure waits Retry-After or an exponential backoff with jitter, unless the retries
 * are used up or too little of the budget would be left for another attempt (minAttemptMs).
 */
export class OpenAIRetry {
  readonly timeoutMs: number;
  readonly budgetMs: number;
  readonly maxRetries: number;
  readonly clock: Clock;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly minAttemptMs: number;
  private readonly random: () => number;
  private readonly logger: Logger;

  constructor(options: Omit<OpenAIRetryOptions, "apiKey">, defaults: { timeoutMs: number; budgetMs: number; minAttemptMs: number }) {
    this.timeoutMs = positive(options.timeoutMs, defaults.timeoutMs);
    this.budgetMs = positive(options.budgetMs, defaults.budgetMs);
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 3));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? 500);
    this.maxDelayMs = Math.max(this.baseDelayMs, options.maxDelayMs ?? 8_000);
    this.minAttemptMs = Math.min(Math.max(0, options.minAttemptMs ?? defaults.minAttemptMs), this.timeoutMs);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? NOOP_LOGGER;
  }

  /** Exponential backoff with jitter for the retry after `attempt`. */
  backoffMs(attempt: number): number {
    return backoffDelayMs(attempt, this.baseDelayMs, this.maxDelayMs, this.random());
  }

  /**
   * Run `attempt` (given its abort signal, time limit and number) until it succeeds or a failure
   * is final. Errors become `classify(err)`, carry their attempt count, and are logged as
   * `<event>.failed` (with `fields`) before they are thrown.
   */
  async run<T, E extends UpstreamError<string>>(spec: {
    /** Log event prefix, e.g. "embedding.openai". */
    event: string;
    fields: Record<string, unknown>;
    attempt: (signal: AbortSignal | undefined, attemptMs: number, attempt: number) => Promise<T>;
    classify: (err: unknown) => E;
    /** The failure of an attempt cut at its time limit (retryable). */
    timedOut: (attemptMs: number) => E;
    budgetSpent: (message: string) => E;
  }): Promise<T> {
    const deadline = new Deadline(this.clock, this.budgetMs);
    const stamped = (error: E, attempt: number): E => ((error.attempts = attempt), error);
    try {
      return await retry((a) => spec.attempt(a.signal, a.ms ?? this.timeoutMs, a.number), {
        clock: this.clock,
        retries: this.maxRetries,
        backoffMs: (attempt) => this.backoffMs(attempt),
        deadline,
        attemptMs: this.timeoutMs,
        minAttemptMs: this.minAttemptMs,
        classify: (err, a, timedOut) => stamped(timedOut ? spec.timedOut(a.ms ?? this.timeoutMs) : spec.classify(err), a.number),
        budgetSpent: (attempt) => stamped(spec.budgetSpent(`The ${this.budgetMs} ms budget ran out before attempt ${attempt}`), attempt),
        onRetry: (error, attempt, wait) =>
          this.logger.info(`${spec.event}.retry`, {
            ...spec.fields,
            attempt,
            reason: error.reason,
            status: error.status,
            wait_ms: Math.round(wait),
          }),
        onBudgetExhausted: (_error, attempt, wait, left) =>
          this.logger.warn(`${spec.event}.budget_exhausted`, {
            ...spec.fields,
            attempt,
            wait_ms: Math.round(wait),
            left_ms: Math.max(0, left),
          }),
      });
    } catch (err) {
      if (err instanceof UpstreamError) {
        this.logger.warn(`${spec.event}.failed`, {
          ...spec.fields,
          reason: err.reason,
          status: err.status,
          code: err.code,
          attempts: err.attempts,
          request_id: err.requestId,
          message: err.message,
        });
      }
      throw err;
    } finally {
      deadline.cancel();
    }
  }
}
