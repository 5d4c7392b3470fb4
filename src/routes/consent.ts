import { Hono } from "hono";
import { z } from "zod";
import { getConsent, setConsent } from "../db/consent";
import { ApiError, parseInput } from "../errors";
import { requireUserAccess } from "../http/auth";
import { noQuery, readJson, readQuery, userIdParams, userIdSchema } from "../http/params";
import type { AppEnv } from "../http/types";
import { recommendationCache } from "../services/recommendation-engine";

const consentBody = z.object({ user_id: userIdSchema, action: z.enum(["grant", "revoke"], { error: 'must be "grant" or "revoke"' }) }).strict();

export const consentRoutes = new Hono<AppEnv>()
  /** POST /consent {user_id, action}: grant or revoke; revoking stops serving at once. */
  .post("/consent", async (c) => {
    readQuery(c, noQuery);
    const { user_id, action } = await readJson(c, consentBody);
    requireUserAccess(c, user_id);
    const services = c.get("services");
    // Retire cached answers before the change is recorded: if this fails, nothing changed.
    await recommendationCache(services).invalidate(user_id);
    if (!(await setConsent(services.db(), user_id, action, c.get("scope")))) throw new ApiError(404, "NOT_FOUND", `No user ${user_id}`);
    return c.json((await getConsent(services.db(), user_id))!);
  })
  /** GET /consent/:user_id: the current status and its history. */
  .get("/consent/:user_id", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    requireUserAccess(c, user_id);
    readQuery(c, noQuery);
    const consent = await getConsent(c.get("services").db(), user_id);
    if (!consent) throw new ApiError(404, "NOT_FOUND", `No user ${user_id}`);
    return c.json(consent);
  });
