/**
 * What the OpenAI-backed services (the embedder and the generator) share: the error shape with a
 * machine-readable reason, the classification of SDK errors into it, secret redaction,
 * retry-after parsing, backoff with jitter, and the per-attempt timeout.
 *
 * Runs unchanged in a Worker and in Node: no node: imports.
 */
import OpenAI, { type ClientOptions } from "openai";
import type { Logger } from "../logger";

// ---- errors ----

export interface UpstreamErrorDetails {
  /** HTTP status of the upstream response, when there was one. */
  status?: number;
  /** The upstream error code, e.g. "rate_limit_exceeded", "invalid_api_key". */
  code?: string;
  retryable?: boolean;
  /** What the upstream asked us to wait (retry-after-ms / retry-after), in ms. */
  retryAfterMs?: number;
  /** The upstream request id (x-request-id), for support tickets. */
  requestId?: string;
  /** Attempts made before giving up. */
  attempts?: number;
}

/** An upstream failure with a machine-readable reason; its message never carries a secret. */
export class UpstreamError<Reason extends string = string> extends Error {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  attempts: number | undefined;

  constructor(
    readonly reason: Reason,
    message: string,
    details: UpstreamErrorDetails = {},
    name: string = "UpstreamError",
  ) {
    super(message);
    this.name = name;
    this.status = details.status;
    this.code = details.code;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
  }
}

/** Removes the key itself and anything shaped like an OpenAI key (masked ones included). */
export function redactSecrets(text: string, apiKey?: string): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join("[redacted]");
  out = out.replace(/\bsk-[A-Za-z0-9_*\-.]{3,}/g, "sk-[redacted]");
  return out.length > 300 ? `${out.slice(0, 297)}...` : out;
}

/** Milliseconds from retry-after-ms, or retry-after (seconds or an HTTP date). */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "") {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(after);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/** The reasons classifyOpenAIError gives; both services' reason unions contain them all. */
export type OpenAIFailureReason = "timeout" | "rate_limited" | "upstream_error" | "auth" | "bad_request";

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
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** In [0, 1); jitter source. */
  random?: () => number;
  logger?: Logger;
}

/** An SDK client with its own retries off: the services retry themselves. */
export function createOpenAIClient(options: { apiKey: string; baseURL?: string | undefined; fetch?: ClientOptions["fetch"] | undefined; timeoutMs: number }): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    maxRetries: 0,
    timeout: options.timeoutMs,
  });
}

class AttemptTimeout extends Error {
  constructor(ms: number) {
    super(`attempt timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/**
 * Runs one attempt under our own timer, which covers the whole attempt (headers and body); the
 * SDK's covers only the headers. When the timer fires, the failure is `onTimeout()`'s error.
 */
export async function withAttemptTimeout<T>(attemptMs: number, run: (signal: AbortSignal) => Promise<T>, onTimeout: () => Error): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AttemptTimeout(attemptMs)), attemptMs);
  try {
    return await run(controller.signal);
  } catch (err) {
    if (controller.signal.aborted) throw onTimeout();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

// ---- retry timing ----

/** Exponential backoff with jitter: between half and all of base·2^(attempt-1), capped at max. */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: number): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random * (exp / 2));
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const NOOP = () => {};
export const NOOP_LOGGER: Logger = { debug: NOOP, info: NOOP, warn: NOOP, error: NOOP };

/** `value` when it is a finite positive number, else `fallback`. */
export function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

// ---- the retry loop both services share ----

/**
 * Attempts under one time budget: each attempt gets min(timeoutMs, what is left); a retryable
 * failure waits Retry-After or an exponential backoff with jitter, unless the retries are used up or
 * too little of the budget would be left for another attempt (minAttemptMs).
 */
export class RetryLoop {
  readonly timeoutMs: number;
  readonly budgetMs: number;
  readonly maxRetries: number;
  readonly now: () => number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly minAttemptMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly logger: Logger;

  constructor(options: Omit<OpenAIRetryOptions, "apiKey">, defaults: { timeoutMs: number; budgetMs: number; minAttemptMs: number }) {
    this.timeoutMs = positive(options.timeoutMs, defaults.timeoutMs);
    this.budgetMs = positive(options.budgetMs, defaults.budgetMs);
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? 3));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? 500);
    this.maxDelayMs = Math.max(this.baseDelayMs, options.maxDelayMs ?? 8_000);
    this.minAttemptMs = Math.min(Math.max(0, options.minAttemptMs ?? defaults.minAttemptMs), this.timeoutMs);
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? NOOP_LOGGER;
  }

  /** Exponential backoff with jitter for the retry after `attempt`. */
  backoffMs(attempt: number): number {
    return backoffDelayMs(attempt, this.baseDelayMs, this.maxDelayMs, this.random());
  }

  /**
   * Run `attempt` (given its time limit and number) until it succeeds or a failure is final. Errors
   * become `classify(err)`, carry their attempt count, and are logged as `<event>.failed` (with
   * `fields`) before they are thrown.
   */
  async run<T, E extends UpstreamError<string>>(spec: {
    /** Log event prefix, e.g. "embedding.openai". */
    event: string;
    fields: Record<string, unknown>;
    attempt: (attemptMs: number, attempt: number) => Promise<T>;
    classify: (err: unknown) => E;
    budgetSpent: (message: string) => unknown;
  }): Promise<T> {
    const fail = (error: E): E => {
      this.logger.warn(`${spec.event}.failed`, {
        ...spec.fields,
        reason: error.reason,
        status: error.status,
        code: error.code,
        attempts: error.attempts,
        request_id: error.requestId,
        message: error.message,
      });
      return error;
    };
    const deadline = this.now() + this.budgetMs;
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - this.now();
      try {
        if (remaining <= 0) throw spec.budgetSpent(`The ${this.budgetMs} ms budget ran out before attempt ${attempt}`);
        return await spec.attempt(Math.min(this.timeoutMs, remaining), attempt);
      } catch (err) {
        const error = spec.classify(err);
        error.attempts = attempt;
        if (!error.retryable || attempt > this.maxRetries) throw fail(error);
        const wait = error.retryAfterMs ?? this.backoffMs(attempt);
        const left = deadline - this.now();
        if (wait + this.minAttemptMs > left) {
          this.logger.warn(`${spec.event}.budget_exhausted`, { ...spec.fields, attempt, wait_ms: Math.round(wait), left_ms: Math.max(0, left) });
          throw fail(error);
        }
        this.logger.info(`${spec.event}.retry`, { ...spec.fields, attempt, reason: error.reason, status: error.status, wait_ms: Math.round(wait) });
        await this.sleep(wait);
      }
    }
  }
}
