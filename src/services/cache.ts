import type { Logger } from "../logger";

/**
 * The KV tier. A cached answer is keyed by user, window, the cache version from config and the
 * user's data version. Invalidation writes a new data version for the user: one write retires
 * every window's entry at once, and stale entries simply expire by TTL.
 */
export class RecommendationCache<T> {
  constructor(
    private readonly kv: KVNamespace,
    private readonly options: { ttlSeconds: number; version: string; logger: Logger },
  ) {}

  private async dataVersion(userId: string): Promise<string> {
    return (await this.kv.get(`ver:${userId}`)) ?? "0";
  }

  private key(userId: string, windowDays: number, dataVersion: string): string {
    return `recs:${this.options.version}:${userId}:${windowDays}:${dataVersion}`;
  }

  /** A cached value, or undefined on a miss. A KV failure is a miss, never an error. */
  async get(userId: string, windowDays: number): Promise<T | undefined> {
    try {
      const value = await this.kv.get<T>(this.key(userId, windowDays, await this.dataVersion(userId)), "json");
      return value ?? undefined;
    } catch (err) {
      this.options.logger.warn("cache_read_failed", { error: String(err) });
      return undefined;
    }
  }

  /** Store a value; a KV failure is logged and swallowed so the response still succeeds. */
  async put(userId: string, windowDays: number, value: T): Promise<boolean> {
    try {
      const key = this.key(userId, windowDays, await this.dataVersion(userId));
      await this.kv.put(key, JSON.stringify(value), { expirationTtl: this.options.ttlSeconds });
      return true;
    } catch (err) {
      this.options.logger.warn("cache_write_failed", { error: String(err) });
      return false;
    }
  }

  /**
   * Retire every cached answer for the user (recommendations or consent changed). This one throws:
   * a caller revoking consent must not succeed while a stale answer can still be served.
   */
  async invalidate(userId: string): Promise<void> {
    await this.kv.put(`ver:${userId}`, crypto.randomUUID());
  }
}
