/**
 * New bank data for a person, in the shapes of Plaid's responses, for a backend that pulls from
 * Plaid (service token) or an operator: `/transactions/sync`, `/accounts/get` and
 * `/liabilities/get` bodies, each checked whole and applied all or nothing
 * (src/services/data-sync.ts). A user-bound token cannot write bank data.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import {
  AccountsSyncBodySchema,
  LiabilitiesSyncBodySchema,
  SyncRecordError,
  toAccountRecord,
  toLiabilityRecord,
  toTransactionRecord,
  TransactionsSyncBodySchema,
} from "../domain/plaid";
import { ApiError, parseInput } from "../errors";
import { noQuery, readJson, readNoBody, readQuery, userIdParams } from "../http/params";
import type { AppEnv } from "../http/types";
import { carryDataChange, syncFinancialData, type SyncInput } from "../services/data-sync";

/** The service token (a backend) or the operator: never a token bound to one user. */
const requireServiceOrOperator = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("principal").kind === "user") throw new ApiError(403, "FORBIDDEN", "Bank data is written by the service or an operator, not with a user token");
  await next();
});

/** Convert, naming the record that does not fit (`body.added[3].amount: …`) as a 400. */
function convert<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SyncRecordError) throw new ApiError(400, "INVALID_INPUT", err.message);
    throw err;
  }
}

const accountsOf = (list: { account_id: string }[] | undefined, userId: string, path: string) =>
  (list ?? []).map((a, i) => toAccountRecord(a as never, userId, `${path}[${i}]`));

export const syncRoutes = new Hono<AppEnv>()
  .use("/users/:user_id/transactions/sync", requireServiceOrOperator)
  .use("/users/:user_id/accounts/sync", requireServiceOrOperator)
  .use("/users/:user_id/liabilities/sync", requireServiceOrOperator)
  .use("/users/:user_id/refresh", requireServiceOrOperator)
  /** POST /users/:user_id/transactions/sync: a Plaid /transactions/sync page (added, modified, removed). */
  .post("/users/:user_id/transactions/sync", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    readQuery(c, noQuery);
    const body = await readJson(c, TransactionsSyncBodySchema);
    const input: SyncInput = convert(() => ({
      accounts: accountsOf(body.accounts, user_id, "body.accounts"),
      transactions: [
        ...body.added.map((t, i) => toTransactionRecord(t, user_id, `body.added[${i}]`)),
        ...body.modified.map((t, i) => toTransactionRecord(t, user_id, `body.modified[${i}]`)),
      ],
      removed: body.removed.map((r) => ({ transaction_id: r.transaction_id as string, account_id: r.account_id as string })),
    }));
    return c.json(await syncFinancialData(c.get("services"), user_id, input));
  })
  /** POST /users/:user_id/accounts/sync: a Plaid /accounts/get response (balances, new accounts). */
  .post("/users/:user_id/accounts/sync", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    readQuery(c, noQuery);
    const body = await readJson(c, AccountsSyncBodySchema);
    const input: SyncInput = convert(() => ({ accounts: accountsOf(body.accounts, user_id, "body.accounts") }));
    return c.json(await syncFinancialData(c.get("services"), user_id, input));
  })
  /** POST /users/:user_id/liabilities/sync: a Plaid /liabilities/get response (credit cards; other kinds are not kept). */
  .post("/users/:user_id/liabilities/sync", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    readQuery(c, noQuery);
    const body = await readJson(c, LiabilitiesSyncBodySchema);
    const input: SyncInput = convert(() => ({
      accounts: accountsOf(body.accounts, user_id, "body.accounts"),
      liabilities: (body.liabilities.credit ?? []).map((l, i) => toLiabilityRecord(l, user_id, `body.liabilities.credit[${i}]`)),
    }));
    return c.json(await syncFinancialData(c.get("services"), user_id, input));
  })
  /** POST /users/:user_id/refresh: the data changed outside the API (`data:load -- --upsert`): recompute, retire, re-index. */
  .post("/users/:user_id/refresh", async (c) => {
    const { user_id } = parseInput(userIdParams, c.req.param(), "path");
    readQuery(c, noQuery);
    await readNoBody(c);
    const services = c.get("services");
    if ((await services.people.read(user_id)).consent === "unknown") throw new ApiError(404, "NOT_FOUND", `No user ${user_id}`);
    const done = await carryDataChange(services, user_id);
    return c.json({ user_id, personas: done.personas, withdrawn_recommendations: done.withdrawn });
  });
