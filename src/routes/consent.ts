import { z } from "@hono/zod-openapi";
import { requireUserAccess } from "../http/auth";
import { api, contract, errorResponses, jsonRequest, jsonResponse, type Tag } from "../http/openapi";
import { userIdParams, userIdSchema } from "../http/params";
import { ConsentSchema } from "../http/schemas";
import { readConsent, recordConsent } from "../services/consent";

const consentBody = z
  .object({ user_id: userIdSchema, action: z.enum(["grant", "revoke"], { error: 'must be "grant" or "revoke"' }) })
  .strict();

const tags: Tag[] = ["consent"];

const record = contract({
  method: "post",
  path: "/consent",
  operationId: "recordConsent",
  summary: "Grant or revoke; once it answers, every location has stopped (or started) serving the person",
  tags,
  request: { body: jsonRequest(consentBody) },
  responses: { 200: jsonResponse(ConsentSchema, "The consent now and its history"), ...errorResponses(403, 404, 413, 415) },
});

const read = contract(
  {
    method: "get",
    path: "/consent/{user_id}",
    operationId: "getConsent",
    summary: "The current consent and its history",
    tags,
    request: { params: userIdParams },
    responses: { 200: jsonResponse(ConsentSchema, "The consent and its history"), ...errorResponses(403, 404) },
  },
  { ownUser: true },
);

export const consentRoutes = api()
  .openapi(record, async (c) => {
    const { user_id, action } = c.req.valid("json");
    // The user is in the body: a bound token may only change its own.
    requireUserAccess(c, user_id);
    return c.json(await recordConsent(c.get("services"), user_id, action, c.get("scope")), 200);
  })
  .openapi(read, async (c) => c.json(await readConsent(c.get("services"), c.req.valid("param").user_id), 200));
