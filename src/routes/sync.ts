/**
 * New bank data for a person, in the shapes of Plaid's responses, for a backend that pulls from
 * Plaid (service token) or an operator: `/transactions/sync`, `/accounts/get` and
 * `/liabilities/get` bodies, each checked whole and applied all or nothing
 * (src/services/bank-sync.ts). A user-bound token cannot write bank data. Bodies may be 1 MiB.
 */
import type { z } from "@hono/zod-openapi";
import { AccountsSyncBodySchema, LiabilitiesSyncBodySchema, TransactionsSyncBodySchema } from "../domain/plaid";
import { requireServiceOrOperator } from "../http/auth";
import { api, contract, errorResponses, jsonRequest, jsonResponse, type Tag } from "../http/openapi";
import { userIdParams } from "../http/params";
import { RefreshSchema, SyncSchema } from "../http/schemas";
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

const transactions = syncContract("transactions", "syncTransactions", "A Plaid /transactions/sync page (added, modified, removed)", TransactionsSyncBodySchema);
const accounts = syncContract("accounts", "syncAccounts", "A Plaid /accounts/get response (balances, new accounts)", AccountsSyncBodySchema);
const liabilities = syncContract("liabilities", "syncLiabilities", "A Plaid /liabilities/get response (credit cards; other kinds are not kept)", LiabilitiesSyncBodySchema);

const refresh = contract({
  method: "post",
  path: "/users/{user_id}/refresh",
  operationId: "refreshUser",
  summary: "The person's data changed outside the API (`data:load -- --upsert`): recompute, retire, re-index",
  tags,
  middleware: requireServiceOrOperator,
  request: { params: userIdParams },
  responses: { 200: jsonResponse(RefreshSchema, "The personas now and the recommendations withdrawn"), ...errorResponses(403, 404, 413, 415) },
});

export const syncRoutes = api()
  .openapi(transactions, async (c) => c.json(await syncTransactionsPage(c.get("services"), c.req.valid("param").user_id, c.req.valid("json")), 200))
  .openapi(accounts, async (c) => c.json(await syncAccounts(c.get("services"), c.req.valid("param").user_id, c.req.valid("json")), 200))
  .openapi(liabilities, async (c) => c.json(await syncLiabilities(c.get("services"), c.req.valid("param").user_id, c.req.valid("json")), 200))
  .openapi(refresh, async (c) => c.json(await refreshPerson(c.get("services"), c.req.valid("param").user_id), 200));
