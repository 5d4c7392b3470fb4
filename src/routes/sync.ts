/**
 * New bank data for a person, in the shapes of Plaid's responses, for a backend that pulls from
 * Plaid (service token) or an operator: `/transactions/sync`, `/accounts/get` and
 * `/liabilities/get` bodies, each checked whole and applied all or nothing
 * (src/services/bank-sync.ts). A user-bound token cannot write bank data. Bodies may be 1 MiB.
 */
import { z } from "@hono/zod-openapi";
import { AccountsSyncBodySchema, LiabilitiesSyncBodySchema, TransactionsSyncBodySchema } from "../domain/plaid";
import { requireServiceOrOperator } from "../http/auth";
import { api, contract, errorResponses, jsonRequest, jsonResponse, type Tag } from "../http/openapi";
import { userIdParams } from "../http/params";
import { PageSyncSchema, RefreshSchema, SyncSchema } from "../http/schemas";
import { refreshPerson, syncAccounts, syncLiabilities, syncTransactionsPage } from "../services/bank-sync";

const tags: Tag[] = ["bank data"];
const synced = jsonResponse(SyncSchema, "What was written, and the personas before and after; a replay changes nothing");

/** One Plaid-shaped body for a person, written all or nothing. */
const syncContract = <Body extends z.ZodType>(kind: string, operationId: string, summary: string, body: Body) =>
  contract({
    method: "post",
    path: `/users/{user_id}/${kind}/sync`,
    operationId,
    summary,
    tags,
    middleware: requireServiceOrOperator,
    request: { params: userIdParams, body: jsonRequest(body) },
    responses: { 200: synced, ...errorResponses(403, 404, 413, 415) },
  });

/** Plaid's item ids are 37 characters; ours for pushes without one is "default". */
const itemQuery = z
  .object({
    item_id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -")
      .optional()
      .meta({ description: 'The Plaid item the page is from (its cursor is kept per item); default "default"' }),
  })
  .strict();

const transactions = contract({
  method: "post",
  path: "/users/{user_id}/transactions/sync",
  operationId: "syncPlaidTransactionsPage",
  summary: "A Plaid /transactions/sync page (added, modified, removed), with its cursor kept per item",
  description:
    "Plaid's /transactions/sync response, as Plaid sends it (unknown keys are ignored). An older page (its next_cursor applied before a newer one) changes nothing and says so; the profile is recomputed once, after the page with has_more: false; a posted transaction removes the pending one it settles.",
  tags,
  middleware: requireServiceOrOperator,
  request: { params: userIdParams, query: itemQuery, body: jsonRequest(TransactionsSyncBodySchema) },
  responses: {
    200: jsonResponse(PageSyncSchema, "What was written, the personas before and after, and where the item's sync stands"),
    ...errorResponses(403, 404, 413, 415),
  },
});
const accounts = syncContract(
  "accounts",
  "syncAccounts",
  "A Plaid /accounts/get response (balances, new accounts)",
  AccountsSyncBodySchema,
);
const liabilities = syncContract(
  "liabilities",
  "syncLiabilities",
  "A Plaid /liabilities/get response (credit cards; other kinds are not kept)",
  LiabilitiesSyncBodySchema,
);

const refresh = contract({
  method: "post",
  path: "/users/{user_id}/refresh",
  operationId: "refreshUser",
  summary: "The person's data changed outside the API (`data:load -- --upsert`): recompute, retire, re-index",
  tags,
  middleware: requireServiceOrOperator,
  request: { params: userIdParams },
  responses: {
    200: jsonResponse(RefreshSchema, "The personas now and the recommendations withdrawn"),
    ...errorResponses(403, 404, 413, 415),
  },
});

export const syncRoutes = api()
  .openapi(transactions, async (c) =>
    c.json(
      await syncTransactionsPage(c.get("services"), c.req.valid("param").user_id, c.req.valid("json"), c.req.valid("query").item_id),
      200,
    ),
  )
  .openapi(accounts, async (c) => c.json(await syncAccounts(c.get("services"), c.req.valid("param").user_id, c.req.valid("json")), 200))
  .openapi(liabilities, async (c) =>
    c.json(await syncLiabilities(c.get("services"), c.req.valid("param").user_id, c.req.valid("json")), 200),
  )
  .openapi(refresh, async (c) => c.json(await refreshPerson(c.get("services"), c.req.valid("param").user_id), 200));
