import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Config } from "../config";
import { ApiError } from "../errors";
import type { AppEnv, Principal } from "./types";
import { USER_TOKEN_PREFIX, verifyUserToken } from "./user-tokens";

const encoder = new TextEncoder();

async function digest(value: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(value));
}

/** Compare in constant time: hash both sides to equal-length digests first. */
async function tokensEqual(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Who a bearer token belongs to, or undefined for a token that is not valid (the console's sign-in uses it too). */
export async function identify(token: string, config: Config): Promise<Principal | undefined> {
  // Check both static tokens, always, so timing does not reveal which one nearly matched.
  const [isOperator, isService] = await Promise.all([tokensEqual(token, config.OPERATOR_TOKEN), tokensEqual(token, config.API_TOKEN)]);
  if (isOperator) return { kind: "operator", scope: "operator" };
  if (isService) return { kind: "service", scope: "user" };
  if (config.USER_TOKEN_SECRET && token.startsWith(USER_TOKEN_PREFIX)) {
    const claims = await verifyUserToken(config.USER_TOKEN_SECRET, token, Math.floor(Date.now() / 1000));
    if (claims) return { kind: "user", scope: "user", userId: claims.userId };
  }
  return undefined;
}

/**
 * Bearer-token auth: OPERATOR_TOKEN has operator scope; API_TOKEN and user-bound tokens have user
 * scope (a bound token for its own user only, see requireUserAccess).
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (!header) {
    throw new ApiError(401, "UNAUTHORIZED", "Missing bearer token: send Authorization: Bearer <token>", {
      "WWW-Authenticate": 'Bearer realm="spendsense"',
    });
  }
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const principal = token ? await identify(token, c.get("config")) : undefined;
  if (!principal) {
    throw new ApiError(401, "UNAUTHORIZED", "Invalid or expired bearer token", {
      "WWW-Authenticate": 'Bearer realm="spendsense", error="invalid_token"',
    });
  }
  c.set("principal", principal);
  c.set("scope", principal.scope);
  await next();
});

/** Refuse the route unless the caller has operator scope. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("scope") !== "operator") throw new ApiError(403, "FORBIDDEN", "This route needs an operator token");
  await next();
});

/**
 * Refuse (403) unless the caller may act for `userId`: the operator and the service token may act
 * for anyone, a user-bound token only for its own user. Call it before looking the user up, so a
 * bound token cannot learn whether another user exists.
 */
export function requireUserAccess(c: Context<AppEnv>, userId: string): void {
  const principal = c.get("principal");
  if (principal.kind === "user" && principal.userId !== userId) {
    throw new ApiError(403, "FORBIDDEN", "This token may only access its own user");
  }
}

/** The service token (a backend) or the operator: never a token bound to one user (bank data). */
export const requireServiceOrOperator = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("principal").kind === "user") throw new ApiError(403, "FORBIDDEN", "Bank data is written by the service or an operator, not with a user token");
  await next();
});
