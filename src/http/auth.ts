import { createMiddleware } from "hono/factory";
import { ApiError } from "../errors";
import type { AppEnv, Scope } from "./types";

const encoder = new TextEncoder();

async function digest(value: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(value));
}

/** Compare in constant time: hash both sides to equal-length digests first. */
async function tokensEqual(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** Bearer-token auth: OPERATOR_TOKEN has operator scope, API_TOKEN has user scope. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization");
  if (!header) {
    throw new ApiError(401, "UNAUTHORIZED", "Missing bearer token: send Authorization: Bearer <token>", {
      "WWW-Authenticate": 'Bearer realm="spendsense"',
    });
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  const config = c.get("config");
  let scope: Scope | undefined;
  if (token) {
    // Check both, always, so timing does not reveal which token nearly matched.
    const [isOperator, isUser] = await Promise.all([tokensEqual(token, config.OPERATOR_TOKEN), tokensEqual(token, config.API_TOKEN)]);
    scope = isOperator ? "operator" : isUser ? "user" : undefined;
  }
  if (!scope) {
    throw new ApiError(401, "UNAUTHORIZED", "Invalid bearer token", {
      "WWW-Authenticate": 'Bearer realm="spendsense", error="invalid_token"',
    });
  }
  c.set("scope", scope);
  await next();
});

/** Refuse the route unless the caller has operator scope. */
export const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("scope") !== "operator") throw new ApiError(403, "FORBIDDEN", "This route needs an operator token");
  await next();
});
