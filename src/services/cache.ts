import type { Logger } from "../logger";

/**
 * The KV tier. A cached answer is keyed by user, window, the cache version from config and the
 * person's data version, which their Durable Object holds (src/services/person-state.ts): a new
 * data version retires every window's answer at once, everywhere, and stale entries simply expire
 * by TTL. KV itself may serve a stale read for a minute; a key it has never seen cannot be stale.
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
    try {
      const value = await this.kv.get<T>(this.key(userId, windowDays, dataVersion), "json");
      return value ?? undefined;
    } catch (err) {
      this.options.logger.warn("cache_read_failed", { error: String(err) });
      return undefined;
    }
  }

  /** Store a value; a KV failure is logged and swallowed so the response still succeeds. */
  async put(userId: string, windowDays: number, dataVersion: string, value: T): Promise<boolean> {
    try {
      await this.kv.put(this.key(userId, windowDays, dataVersion), JSON.stringify(value), { expirationTtl: this.options.ttlSeconds });
      return true;
    } catch (err) {
      this.options.logger.warn("cache_write_failed", { error: String(err) });
      return false;
    }
  }
}
