import { Hono } from "hono";
import { z } from "zod";
import { ConfigError } from "../config";
import { getUserSummary } from "../db/users";
import { ApiError, parseInput } from "../errors";
import { requireOperator } from "../http/auth";
import { readNoBody, readQuery, userIdParams, wholeNumber } from "../http/params";
import type { AppEnv } from "../http/types";
import { signUserToken, USER_TOKEN_TTL } from "../http/user-tokens";

const mintQuery = z.object({ ttl_seconds: wholeNumber(USER_TOKEN_TTL.min, USER_TOKEN_TTL.max, USER_TOKEN_TTL.default) }).strict();

export const tokenRoutes = new Hono<AppEnv>()
  /** POST /users/:user_id/token?ttl_seconds: a bearer token bound to one user — operators only. */
  .post("/users/:user_id/token", requireOperator, async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    const { ttl_seconds } = readQuery(c, mintQuery);
    await readNoBody(c);
    const secret = c.get("config").USER_TOKEN_SECRET;
    if (!secret) throw new ConfigError([{ variable: "USER_TOKEN_SECRET", message: "is required to mint user tokens" }]);
    const services = c.get("services");
    if (!(await getUserSummary(services.db(), user_id))) throw new ApiError(404, "NOT_FOUND", `No user ${user_id}`);
    const expiresAt = Math.floor(Date.now() / 1000) + ttl_seconds;
    const token = await signUserToken(secret, { userId: user_id, expiresAt });
    const expires_at = new Date(expiresAt * 1000).toISOString();
    services.logger.info("user_token_minted", { user_id, expires_at });
    c.header("Cache-Control", "no-store");
    return c.json({ user_id, token, token_type: "Bearer", expires_at, expires_in: ttl_seconds }, 201);
  });
