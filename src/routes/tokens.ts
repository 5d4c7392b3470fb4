import { z } from "@hono/zod-openapi";
import { requireOperator } from "../http/auth";
import { api, contract, errorResponses, jsonResponse } from "../http/openapi";
import { userIdParams, wholeNumber } from "../http/params";
import { TokenSchema } from "../http/schemas";
import { USER_TOKEN_TTL } from "../http/user-tokens";
import { mintUserToken } from "../services/token-minting";

const mintQuery = z.object({ ttl_seconds: wholeNumber(USER_TOKEN_TTL.min, USER_TOKEN_TTL.max, USER_TOKEN_TTL.default) }).strict();

const mint = contract({
  method: "post",
  path: "/users/{user_id}/token",
  operationId: "mintUserToken",
  summary: "A bearer token bound to one user (operators)",
  tags: ["users"],
  middleware: requireOperator,
  request: { params: userIdParams, query: mintQuery },
  responses: { 201: jsonResponse(TokenSchema, "The token; it works until it expires"), ...errorResponses(403, 404, 413, 415) },
});

export const tokenRoutes = api().openapi(mint, async (c) => {
  const token = await mintUserToken(c.get("services"), c.req.valid("param").user_id, c.req.valid("query").ttl_seconds);
  c.header("Cache-Control", "no-store");
  return c.json(token, 201);
});
