import { Hono } from "hono";
import { getUserSummary, listUsers } from "../db/users";
import { ApiError, parseInput } from "../errors";
import { requireOperator, requireUserAccess } from "../http/auth";
import { noQuery, readNoBody, readQuery, userIdParams, userListQuery, windowQuery } from "../http/params";
import type { AppEnv } from "../http/types";
import { recommendationCache } from "../services/recommendation-engine";
import { computeProfile, ensureProfile } from "../services/profile-service";

async function requireUser(c: { get(key: "services"): AppEnv["Variables"]["services"] }, userId: string) {
  const user = await getUserSummary(c.get("services").db(), userId);
  if (!user) throw new ApiError(404, "NOT_FOUND", `No user ${userId}`);
  return user;
}

export const userRoutes = new Hono<AppEnv>()
  /** GET /users?limit&offset&persona&window_days: operators page through users, optionally by persona. */
  .get("/users", requireOperator, async (c) => {
    const query = readQuery(c, userListQuery);
    const page = await listUsers(c.get("services").db(), query);
    return c.json({ ...page, limit: query.limit, offset: query.offset });
  })
  /** GET /users/:user_id: a user and their accounts. */
  .get("/users/:user_id", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    requireUserAccess(c, user_id);
    readQuery(c, noQuery);
    return c.json({ user: await requireUser(c, user_id) });
  })
  /** POST /users/:user_id/features?window_days: compute and store signals and persona. */
  .post("/users/:user_id/features", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    requireUserAccess(c, user_id);
    const { window_days } = readQuery(c, windowQuery);
    await readNoBody(c);
    await requireUser(c, user_id);
    const services = c.get("services");
    // A new persona can change what should be served: retire cached answers first.
    await services.people.retire(user_id);
    const profile = await computeProfile(services.db(), user_id, window_days);
    return c.json({ user_id, window_days, signals: profile.signals, persona: profile.persona });
  })
  /** GET /users/:user_id/profile: signals and persona for both windows (computed when missing). */
  .get("/users/:user_id/profile", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    requireUserAccess(c, user_id);
    readQuery(c, noQuery);
    await requireUser(c, user_id);
    const db = c.get("services").db();
    const [w30, w180] = [await ensureProfile(db, user_id, 30), await ensureProfile(db, user_id, 180)];
    return c.json({
      user_id,
      windows: {
        "30": { signals: w30.signals, persona: w30.persona },
        "180": { signals: w180.signals, persona: w180.persona },
      },
    });
  });
