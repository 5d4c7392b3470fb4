/**
 * Connecting to Plaid ourselves (see src/services/plaid-pull.ts):
 *   - POST /users/:user_id/plaid/items (service, operator): keep an item's access token, sealed,
 *     or exchange a public_token for one; the first pull is enqueued. The token is never returned.
 *   - POST /plaid/webhook (no bearer token: Plaid signs it): verified as Plaid documents
 *     (src/services/plaid-webhook.ts) before anything is read from it; SYNC_UPDATES_AVAILABLE
 *     enqueues a pull of the item. A webhook that does not verify is a 401 and changes nothing.
 * Both answer 503 while Plaid is not configured (PLAID_CLIENT_ID, PLAID_SECRET, PLAID_TOKEN_KEY).
 */
import { z } from "@hono/zod-openapi";
import { createMiddleware } from "hono/factory";
import { PlaidApiError } from "../adapters/plaid/client";
import { ApiError } from "../errors";
import { requireServiceOrOperator } from "../http/auth";
import { api, contract, errorResponses, jsonRequest, jsonResponse, openErrorResponses, type Tag } from "../http/openapi";
import { userIdParams } from "../http/params";
import type { AppEnv } from "../http/types";
import { connectItem, holderOf, plaidAccess } from "../services/plaid-pull";
import type { PlaidPullMessage } from "../queue/messages";
import { verifyPlaidWebhook, WebhookRefused } from "../services/plaid-webhook";

const tags: Tag[] = ["plaid"];
const plaidId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");
/** Plaid's tokens: `access-<env>-<uuid>`, `public-<env>-<uuid>`. */
const plaidToken = (kind: string) =>
  z.string().regex(new RegExp(`^${kind}-[a-z]+-[A-Za-z0-9-]{8,80}$`), `must be a Plaid ${kind} token (${kind}-<environment>-<id>)`);

const ItemBodySchema = z
  .union([
    z.object({ access_token: plaidToken("access"), item_id: plaidId }).strict(),
    z.object({ public_token: plaidToken("public") }).strict(),
  ])
  .openapi("PlaidItemConnect");

const ItemConnectedSchema = z
  .object({ user_id: z.string(), item_id: z.string(), pull_enqueued: z.boolean() })
  .openapi("PlaidItemConnected");

const connect = contract({
  method: "post",
  path: "/users/{user_id}/plaid/items",
  operationId: "connectPlaidItem",
  summary: "Keep a Plaid item's access token (or exchange a public_token) and pull its data",
  description:
    "Stores the item's access token encrypted (AES-256-GCM, key PLAID_TOKEN_KEY); it is never returned or logged. With `public_token`, exchanges it at Plaid's /item/public_token/exchange first. Enqueues a pull of the item. 409 when the item is connected to another person; 503 when Plaid is not configured.",
  tags,
  middleware: requireServiceOrOperator,
  request: { params: userIdParams, body: jsonRequest(ItemBodySchema) },
  responses: {
    200: jsonResponse(ItemConnectedSchema, "The item is kept and its first pull enqueued"),
    ...errorResponses(403, 404, 409, 413, 415),
  },
});

/** Plaid's webhook body: what we read of it (Plaid adds fields; unknown keys are ignored). */
const WebhookBodySchema = z
  .object({ webhook_type: z.string().max(64), webhook_code: z.string().max(64), item_id: plaidId.optional() })
  .openapi("PlaidWebhook");

/** Refuse (401) a webhook Plaid did not sign, before its body is parsed for meaning. */
const verified = createMiddleware<AppEnv>(async (c, next) => {
  const plaid = plaidAccess(c.get("config"));
  const body = new TextDecoder().decode(await c.req.arrayBuffer());
  try {
    await verifyPlaidWebhook(plaid.client, c.req.header("plaid-verification"), body, c.get("services").clock.now());
  } catch (err) {
    if (err instanceof WebhookRefused) throw new ApiError(401, "UNAUTHORIZED", `Webhook refused: ${err.message}`);
    if (err instanceof PlaidApiError && err.status === 400)
      throw new ApiError(401, "UNAUTHORIZED", `Webhook refused: Plaid does not know its key (${err.errorCode})`);
    throw new ApiError(503, "SERVICE_UNAVAILABLE", "Plaid's webhook verification key could not be fetched; Plaid retries the webhook");
  }
  await next();
});

const webhook = contract({
  method: "post",
  path: "/plaid/webhook",
  operationId: "receivePlaidWebhook",
  summary: "Plaid's webhook: on SYNC_UPDATES_AVAILABLE, pull the item",
  description:
    "Authenticated by Plaid's `Plaid-Verification` JWT, not a bearer token: ES256 with the key /webhook_verification_key/get gives for its kid, issued at most 5 minutes ago, its request_body_sha256 claim the SHA-256 of the body. Anything else is a 401 and changes nothing. TRANSACTIONS/SYNC_UPDATES_AVAILABLE for an item we hold enqueues a pull; other webhooks are acknowledged.",
  tags,
  security: [],
  middleware: verified,
  request: { body: jsonRequest(WebhookBodySchema) },
  responses: {
    200: jsonResponse(z.object({ received: z.literal(true), pull_enqueued: z.boolean() }), "Acknowledged; whether a pull was enqueued"),
    ...openErrorResponses(401, 413, 415),
  },
});

export const plaidItemRoutes = api().openapi(connect, async (c) =>
  c.json(await connectItem(c.get("services"), c.req.valid("param").user_id, c.req.valid("json")), 200),
);

export const plaidWebhookRoutes = api().openapi(webhook, async (c) => {
  const services = c.get("services");
  const body = c.req.valid("json");
  let enqueued = false;
  if (body.webhook_type === "TRANSACTIONS" && body.webhook_code === "SYNC_UPDATES_AVAILABLE" && body.item_id) {
    const userId = await holderOf(services, body.item_id);
    if (userId) {
      const message: PlaidPullMessage = { kind: "plaid_pull", user_id: userId, item_id: body.item_id };
      await services.queue.send(message);
      enqueued = true;
    }
  }
  services.logger.info("plaid_webhook", {
    webhook_type: body.webhook_type,
    webhook_code: body.webhook_code,
    item_id: body.item_id,
    pull_enqueued: enqueued,
  });
  return c.json({ received: true as const, pull_enqueued: enqueued }, 200);
});
