/**
 * One global budget for OpenAI, shared by every queue consumer wherever it runs: requests per
 * minute and tokens per minute, as OpenAI enforces them per organization. A Durable Object is one
 * strongly consistent counter for all consumers; KV (eventually consistent) or the Rate Limiting
 * binding (per location, and counts requests only, not tokens) could not hold it.
 *
 * Two token buckets refill continuously at their per-minute rates. `acquire` takes one request and
 * an estimate of its tokens, or says how long to wait; `settle` corrects the estimate with the
 * tokens the call really used.
 */
import { DurableObject } from "cloudflare:workers";
import { DEFAULTS, type Env } from "../config";

interface BudgetGrant {
  ok: boolean;
  /** When not granted: wait this long before asking again. */
  retryAfterMs: number;
}

interface Buckets {
  requests: number;
  tokens: number;
  at: number;
}

export class OpenAIBudget extends DurableObject<Env> {
  private state: Buckets | undefined;

  private limits() {
    const rpm = Number(this.env.OPENAI_REQUESTS_PER_MINUTE) || DEFAULTS.OPENAI_REQUESTS_PER_MINUTE;
    const tpm = Number(this.env.OPENAI_TOKENS_PER_MINUTE) || DEFAULTS.OPENAI_TOKENS_PER_MINUTE;
    return { rpm, tpm };
  }

  private async refill(now: number): Promise<Buckets> {
    const { rpm, tpm } = this.limits();
    const s = this.state ?? (await this.ctx.storage.get<Buckets>("buckets")) ?? { requests: rpm, tokens: tpm, at: now };
    const minutes = Math.max(0, now - s.at) / 60_000;
    this.state = { requests: Math.min(rpm, s.requests + minutes * rpm), tokens: Math.min(tpm, s.tokens + minutes * tpm), at: now };
    return this.state;
  }

  async acquire(tokens: number, now = Date.now()): Promise<BudgetGrant> {
    const { rpm, tpm } = this.limits();
    const s = await this.refill(now);
    const need = Math.min(tokens, tpm);
    if (s.requests >= 1 && s.tokens >= need) {
      s.requests -= 1;
      s.tokens -= need;
      await this.ctx.storage.put("buckets", s);
      return { ok: true, retryAfterMs: 0 };
    }
    const wait = Math.max(
      s.requests >= 1 ? 0 : ((1 - s.requests) / rpm) * 60_000,
      s.tokens >= need ? 0 : ((need - s.tokens) / tpm) * 60_000,
    );
    return { ok: false, retryAfterMs: Math.ceil(wait) };
  }

  /** The call used `used` tokens where `estimated` were taken: give back or take the difference. */
  async settle(estimated: number, used: number, now = Date.now()): Promise<void> {
    const s = await this.refill(now);
    s.tokens = Math.min(this.limits().tpm, s.tokens + estimated - used);
    await this.ctx.storage.put("buckets", s);
  }
}
