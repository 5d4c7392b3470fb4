import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import { describeError } from "../logger";
import type { AppEnv, Principal } from "./types";

/**
 * The period of the RATE_LIMITER binding (wrangler.toml `[[ratelimits]]` simple.period): a caller
 * refused now may try again within this many seconds.
 */
export const RATE_LIMIT_PERIOD_SECONDS = 10;

/** The counter a caller spends: one per static token, one per user for user-bound tokens. */
function rateLimitKey(principal: Principal): string {
  return principal.kind === "user" ? `user:${principal.userId}` : principal.kind;
}

/**
 * Per-caller rate limit through the Workers Rate Limiting binding (runs after authenticate).
 * Over the limit: 429 RATE_LIMITED with Retry-After. If the binding itself fails, the request is
 * served and the failure logged: the limiter is a backstop, not a dependency.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  let allowed = true;
  try {
    allowed = (await c.env.RATE_LIMITER.limit({ key: rateLimitKey(c.get("principal")) })).success;
  } catch (err) {
    c.get("services").logger.warn("rate_limiter_failed", describeError(err));
  }
  if (!allowed) {
    throw new ApiError(429, "RATE_LIMITED", `Too many requests with this token; retry in ${RATE_LIMIT_PERIOD_SECONDS} s`, {
      "Retry-After": String(RATE_LIMIT_PERIOD_SECONDS),
    });
  }
  await next();
});
