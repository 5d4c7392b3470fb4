import type { Logger } from "../logger";

/** How many answers an isolate keeps in memory (a few KB each). */
const RECENT_MAX_ENTRIES = 1_000;

/**
 * Answers this isolate read from or wrote to KV lately, by the same key (so by data version too),
 * until the same TTL. A repeat is served without a KV read: the key carries the version the
 * person's Durable Object just gave, so a retired answer is never asked for, here or in KV. Shared
 * by every RecommendationCache of the isolate, whatever its binding (one KV namespace per Worker).
 */
const recent = new Map<string, { value: unknown; expires: number }>();

function remember(key: string, value: unknown, ttlSeconds: number): void {
  recent.delete(key);
  recent.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
  while (recent.size > RECENT_MAX_ENTRIES) recent.delete(recent.keys().next().value!);
}

/** Forget every remembered answer (for tests that swap the KV binding's contents). */
export function clearRecentAnswers(): void {
  recent.clear();
}

/**
 * The KV tier. A cached answer is keyed by user, window, the cache version from config and the
 * person's data version, which their Durable Object holds (src/services/person-state.ts): a new
 * data version retires every window's answer at once, everywhere, and stale entries simply expire
 * by TTL. KV itself may serve a stale read for a minute; a key it has never seen cannot be stale.
 * Answers this isolate saw lately are served from memory (see `recent`).
 */
export class RecommendationCache<T> {
  constructor(
    private readonly kv: KVNamespace,
    private readonly options: { ttlSeconds: number; version: string; logger: Logger },
  ) {}

  private key(userId: string, windowDays: number, dataVersion: string): string {
    return `recs:${this.options.version}:${userId}:${windowDays}:${dataVersion}`;
  }

  /** A cached value, or undefined on a miss. A KV failure is a miss, never an error. */
  async get(userId: string, windowDays: number, dataVersion: string): Promise<T | undefined> {
    const key = this.key(userId, windowDays, dataVersion);
    const held = recent.get(key);
    if (held && held.expires > Date.now()) return held.value as T;
    try {
      const value = await this.kv.get<T>(key, "json");
      if (value !== null) remember(key, value, this.options.ttlSeconds);
      return value ?? undefined;
    } catch (err) {
      this.options.logger.warn("cache_read_failed", { error: String(err) });
      return undefined;
    }
  }

  /** Store a value; a KV failure is logged and swallowed so the response still succeeds. */
  async put(userId: string, windowDays: number, dataVersion: string, value: T): Promise<boolean> {
    const key = this.key(userId, windowDays, dataVersion);
    try {
      await this.kv.put(key, JSON.stringify(value), { expirationTtl: this.options.ttlSeconds });
      remember(key, value, this.options.ttlSeconds);
      return true;
    } catch (err) {
      this.options.logger.warn("cache_write_failed", { error: String(err) });
      return false;
    }
  }
}
