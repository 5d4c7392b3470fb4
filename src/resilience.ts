/**
 * Resilience in one place, for every adapter and the vector tier:
 *   - a Clock (now, an abortable sleep, timeout signals): the system's in production, a virtual one
 *     in tests, so deadlines, backoff and Retry-After are tested without waiting;
 *   - Deadline: one time budget shared by several calls, with a signal that aborts when it ends;
 *   - retry: attempts on p-retry, each cut by AbortSignal.timeout / AbortSignal.any, with
 *     exponential backoff and jitter or the wait the upstream asked for (Retry-After);
 *   - UpstreamError: the typed failure every adapter throws, which says itself whether another
 *     attempt can help (`retryable`) and how long to wait (`retryAfterMs`). Nothing here reads an
 *     error's message to decide.
 *
 * Runs unchanged in a Worker and in Node: no node: imports.
 */
import pRetry, { AbortError } from "p-retry";

// ---- time ----

/** A timeout signal, and a way to let go of it early. */
export interface Timeout {
  readonly signal: AbortSignal;
  /** No longer needed (a virtual clock drops its timer; the system's needs nothing). */
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch (wall-clock: a Retry-After date is compared with it). */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that aborts with a "TimeoutError" after `ms`. */
  timeout(ms: number): Timeout;
}

const wholeMs = (ms: number) => Math.max(0, Math.ceil(Number.isFinite(ms) ? ms : 0));

/** Real time: Date.now, setTimeout and the runtime's AbortSignal.timeout. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, wholeMs(ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  // The runtime's own timer holds nothing open (neither Node's event loop nor a Worker's request).
  timeout: (ms) => ({ signal: AbortSignal.timeout(wholeMs(ms)), cancel: () => {} }),
};

/** One time budget shared by several calls: what is left of it, and a signal that aborts when it ends. */
export class Deadline {
  readonly at: number;
  readonly signal: AbortSignal;
  readonly #timer: Timeout;

  constructor(
    readonly clock: Clock,
    readonly budgetMs: number,
  ) {
    this.at = clock.now() + budgetMs;
    this.#timer = clock.timeout(budgetMs);
    this.signal = this.#timer.signal;
  }

  left(): number {
    return this.signal.aborted ? 0 : this.at - this.clock.now();
  }

  /** Done with it before it ended. */
  cancel(): void {
    this.#timer.cancel();
  }
}

/**
 * `work`'s outcome, unless `signal` aborts first: then the signal's reason, and `work` is
 * abandoned (not awaited further; a late failure of it is swallowed, never unhandled).
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {});
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

// ---- typed failures ----

export interface UpstreamErrorDetails {
  /** HTTP status of the upstream response, when there was one. */
  status?: number;
  /** The upstream error code, e.g. "rate_limit_exceeded", "invalid_api_key". */
  code?: string;
  /** True when another attempt can help (a rate limit, a 5xx, a timeout, a lost connection). */
  retryable?: boolean;
  /** What the upstream asked us to wait (Retry-After), in ms. */
  retryAfterMs?: number;
  /** The upstream request id, for support tickets. */
  requestId?: string;
  /** Attempts made before giving up. */
  attempts?: number;
  cause?: unknown;
}

/** A failure of something outside the Worker, with a machine-readable reason; its message never carries a secret. */
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
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = name;
    this.status = details.status;
    this.code = details.code;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
    this.requestId = details.requestId;
    this.attempts = details.attempts;
  }
}

/** True for a typed failure that another attempt can cure. */
export const isRetryable = (err: unknown): err is UpstreamError => err instanceof UpstreamError && err.retryable;

/** Milliseconds from retry-after-ms, or Retry-After (seconds or an HTTP date). */
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

/**
 * Exponential backoff with "equal jitter": between half and all of base·2^(attempt-1), capped at
 * max. `random` in [0, 1): 1 gives the plain exponential.
 */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number, random: number): number {
  const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random * (exp / 2));
}

// ---- retries ----

/** What cut an attempt short: its own limit, or the shared deadline. */
type TimedOut = "attempt" | "deadline" | undefined;

export interface AttemptInfo {
  /** 1 for the first attempt. */
  number: number;
  /** Aborts when the attempt's time is up; hand it to the call so it stops too. */
  signal: AbortSignal | undefined;
  /** The attempt's time limit, when it has one. */
  ms: number | undefined;
}

export interface RetryPolicy {
  clock: Clock;
  /** Retries after the first attempt. */
  retries: number;
  /** The wait after failed attempt n when the failure names none (Retry-After). */
  backoffMs: (attempt: number) => number;
  /** A budget shared by every attempt and wait (and possibly by other calls). */
  deadline?: Deadline | undefined;
  /** Each attempt's own limit, capped by what is left of the deadline. */
  attemptMs?: number | undefined;
  /** A retry only starts when at least this much of the deadline would be left after its wait; default 0. */
  minAttemptMs?: number | undefined;
  /**
   * Any failure of an attempt as the error to act on: retried when it is a retryable
   * UpstreamError, thrown otherwise. `timedOut` says when the attempt's time ran out.
   */
  classify: (err: unknown, attempt: AttemptInfo, timedOut: TimedOut) => unknown;
  /** The error when the deadline has passed before attempt n starts. */
  budgetSpent?: (attempt: number) => unknown;
  onRetry?: (error: UpstreamError, attempt: number, waitMs: number) => void;
  /** A retryable failure given up because its wait would not fit in the deadline. */
  onBudgetExhausted?: (error: UpstreamError, attempt: number, waitMs: number, leftMs: number) => void;
}

/**
 * Run `attempt` until it succeeds or a failure is final: not retryable, out of retries, or its
 * wait would not fit in the deadline. Attempts are abandoned when their time is up (the signal
 * they were given aborts too). Waits go through the policy's clock; p-retry's own are off.
 */
export async function retry<T>(attempt: (info: AttemptInfo) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const { clock, deadline } = policy;
  return pRetry(
    async (number) => {
      const left = deadline?.left();
      if (left !== undefined && left <= 0) throw new AbortError(asError(policy.budgetSpent?.(number) ?? deadline!.signal.reason));
      const ms = left === undefined ? policy.attemptMs : Math.min(policy.attemptMs ?? left, left);
      const timer = ms === undefined ? undefined : clock.timeout(ms);
      const signals = [timer?.signal, deadline?.signal].filter((s): s is AbortSignal => s !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      const info = { number, signal, ms };
      try {
        const work = attempt(info);
        return await (signal ? unlessAborted(work, signal) : work);
      } catch (err) {
        const timedOut: TimedOut = deadline?.signal.aborted ? "deadline" : timer?.signal.aborted ? "attempt" : undefined;
        const error = policy.classify(err, info, timedOut);
        // p-retry rethrows an AbortError's original error as it is, without retrying.
        throw isRetryable(error) ? error : new AbortError(asError(error));
      } finally {
        timer?.cancel();
      }
    },
    {
      retries: policy.retries,
      minTimeout: 0,
      shouldRetry: async ({ error, attemptNumber }) => {
        const failure = error as UpstreamError;
        const wait = failure.retryAfterMs ?? policy.backoffMs(attemptNumber);
        if (deadline) {
          const left = deadline.left();
          if (wait + (policy.minAttemptMs ?? 0) > left) {
            policy.onBudgetExhausted?.(failure, attemptNumber, wait, left);
            return false;
          }
        }
        policy.onRetry?.(failure, attemptNumber, wait);
        await clock.sleep(wait);
        return true;
      },
    },
  );
}

/** p-retry's AbortError keeps an Error as it is; anything else thrown becomes one. */
const asError = (value: unknown): Error => (value instanceof Error ? value : new Error(String(value)));
