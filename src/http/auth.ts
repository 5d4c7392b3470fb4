import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { Config } from "../config";
import { ApiError } from "../errors";
import { ACCESS_JWT_HEADER, verifyAccessJwt, type AccessSettings } from "./access";
import { LEGACY_OPERATOR } from "./operator-config";
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

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The named operator a token belongs to: OPERATOR_TOKEN (when set) is "operator", each OPERATORS entry its
 * own name. Every configured hash is compared, in constant time, whichever matches.
 */
async function operatorFor(token: string, config: Config): Promise<string | undefined> {
  const presented = await digest(token);
  // Compared even when unset (against a digest nothing presented can match in use), so timing does not say whether it is.
  const legacy = await digest(config.OPERATOR_TOKEN ?? "");
  let found: string | undefined;
  if (crypto.subtle.timingSafeEqual(presented, legacy) && config.OPERATOR_TOKEN) found = LEGACY_OPERATOR;
  const presentedHex = encoder.encode(hex(presented));
  for (const op of config.OPERATORS) {
    if (crypto.subtle.timingSafeEqual(presentedHex, encoder.encode(op.tokenSha256))) found = op.name;
  }
  return found;
}

/** Whether `name` is still an operator by token (a removed one's sessions end with it). */
export function isConfiguredOperator(name: string, config: Config): boolean {
  return (name === LEGACY_OPERATOR && config.OPERATOR_TOKEN !== undefined) || config.OPERATORS.some((o) => o.name === name);
}

/** Access settings when Cloudflare Access is in front (then operators are Access identities only). */
export function accessSettings(config: Config): AccessSettings | undefined {
  return config.ACCESS_TEAM_DOMAIN && config.ACCESS_AUD
    ? { teamDomain: config.ACCESS_TEAM_DOMAIN, audience: config.ACCESS_AUD }
    : undefined;
}

/**
 * Who a bearer token belongs to, or undefined for a token that is not valid (the console's sign-in
 * uses it too). Behind Cloudflare Access, operator tokens are refused: an operator is an Access identity.
 */
export async function identify(token: string, config: Config): Promise<Principal | undefined> {
  // Check every static token, always, so timing does not reveal which one nearly matched.
  const [operator, isService] = await Promise.all([operatorFor(token, config), tokensEqual(token, config.API_TOKEN)]);
  if (operator && !accessSettings(config)) return { kind: "operator", scope: "operator", operator };
  if (isService) return { kind: "service", scope: "user" };
  if (config.USER_TOKEN_SECRET && token.startsWith(USER_TOKEN_PREFIX)) {
    const claims = await verifyUserToken(config.USER_TOKEN_SECRET, token, Math.floor(Date.now() / 1000));
    if (claims) return { kind: "user", scope: "user", userId: claims.userId };
  }
  return undefined;
}

/** The operator a verified Cloudflare Access JWT names, or a 401 saying why not. */
export async function accessOperator(jwt: string, settings: AccessSettings): Promise<Principal> {
  const result = await verifyAccessJwt(jwt, settings);
  if (!result.ok) throw new ApiError(401, "UNAUTHORIZED", `Cloudflare Access refused: ${result.reason}`);
  return { kind: "operator", scope: "operator", operator: result.email };
}

/**
 * Bearer-token auth: OPERATOR_TOKEN and each OPERATORS token have operator scope (or, behind
 * Cloudflare Access, a verified Access JWT); API_TOKEN and user-bound tokens have user scope (a
 * bound token for its own user only, see requireUserAccess).
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const access = accessSettings(c.get("config"));
  const jwt = access ? c.req.header(ACCESS_JWT_HEADER) : undefined;
  if (access && jwt) {
    const principal = await accessOperator(jwt, access);
    c.set("principal", principal);
    c.set("scope", principal.scope);
    await next();
    return;
  }
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

/** The operator behind a request that passed requireOperator: the name its audit rows and log lines carry. */
export function operatorName(c: Context<AppEnv>): string {
  const principal = c.get("principal");
  if (principal.kind !== "operator") throw new ApiError(403, "FORBIDDEN", "This route needs an operator token");
  return principal.operator;
}

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
  if (c.get("principal").kind === "user")
    throw new ApiError(403, "FORBIDDEN", "Bank data is written by the service or an operator, not with a user token");
  await next();
});
