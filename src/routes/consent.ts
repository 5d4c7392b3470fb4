import { Hono } from "hono";
import { z } from "zod";
import { consentStatus, getConsent, setConsent } from "../db/consent";
import { ApiError, parseInput } from "../errors";
import { requireUserAccess } from "../http/auth";
import { noQuery, readJson, readQuery, userIdParams, userIdSchema } from "../http/params";
import type { AppEnv } from "../http/types";

const consentBody = z.object({ user_id: userIdSchema, action: z.enum(["grant", "revoke"], { error: 'must be "grant" or "revoke"' }) }).strict();

export const consentRoutes = new Hono<AppEnv>()
  /** POST /consent {user_id, action}: grant or revoke; once it answers, every location has stopped (or started) serving. */
  .post("/consent", async (c) => {
    readQuery(c, noQuery);
    const { user_id, action } = await readJson(c, consentBody);
    requireUserAccess(c, user_id);
    const services = c.get("services");
    if (!(await consentStatus(services.db(), user_id))) throw new ApiError(404, "NOT_FOUND", `No user ${user_id}`);
    // Written to Postgres (the record) and to the person's Durable Object (what every location
    // checks before serving), in the order that fails closed: a revocation stops serving first and
    // is recorded second; a grant is recorded first and starts serving second. If the second
    // write fails, the request fails (503) and the person is, at worst, not served.
    if (action === "revoke") {
      await services.people.setConsent(user_id, "revoked");
      await setConsent(services.db(), user_id, action, c.get("scope"));
    } else {
      const result = await setConsent(services.db(), user_id, action, c.get("scope"));
      await services.people.setConsent(user_id, "granted");
      if (!result) throw new ApiError(404, "NOT_FOUND", `No user ${user_id}`);
    }
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
