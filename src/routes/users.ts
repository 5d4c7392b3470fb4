import { Hono } from "hono";
import { getUserSummary, listUsers } from "../db/users";
import { ApiError, parseInput } from "../errors";
import { requireOperator } from "../http/auth";
import { noQuery, paginationQuery, userIdParams } from "../http/params";
import type { AppEnv } from "../http/types";

export const userRoutes = new Hono<AppEnv>()
  /** GET /users?limit=&cursor=: operators page through users in user_id order. */
  .get("/users", requireOperator, async (c) => {
    const { limit, cursor } = parseInput(paginationQuery, c.req.query(), "query");
    const items = await listUsers(c.get("services").db(), { limit, cursor });
    const next = items.length === limit ? items.at(-1)?.user_id : undefined;
    return c.json({ users: items, next_cursor: next ?? null });
  })
  /** GET /users/:user_id: a user and their accounts. */
  .get("/users/:user_id", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    parseInput(noQuery, c.req.query(), "query");
    const user = await getUserSummary(c.get("services").db(), user_id);
    if (!user) throw new ApiError(404, "NOT_FOUND", `No user ${user_id}`);
    return c.json({ user });
  });
