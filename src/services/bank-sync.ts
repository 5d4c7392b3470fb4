/**
 * Bank data arriving in Plaid's shapes, turned into this project's records and applied through
 * src/services/data-sync.ts (checked whole, all or nothing). A record that does not convert is a
 * 400 naming it (`body.added[3].amount: …`).
 */
import type { z } from "zod";
import {
  SyncRecordError,
  toAccountRecord,
  toLiabilityRecord,
  toTransactionRecord,
  type AccountsSyncBodySchema,
  type LiabilitiesSyncBodySchema,
  type TransactionsSyncBodySchema,
} from "../domain/plaid";
import { ApiError } from "../errors";
import { carryDataChange, syncFinancialData, type SyncInput, type SyncOutcome } from "./data-sync";
import type { Services } from "./services";

/** Convert, naming the record that does not fit as a 400. */
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

/** A Plaid /transactions/sync page: added, modified and removed transactions (and any accounts it carries). */
export function syncTransactionsPage(services: Services, userId: string, body: z.infer<typeof TransactionsSyncBodySchema>): Promise<SyncOutcome> {
  const input: SyncInput = convert(() => ({
    accounts: accountsOf(body.accounts, userId, "body.accounts"),
    transactions: [
      ...body.added.map((t, i) => toTransactionRecord(t, userId, `body.added[${i}]`)),
      ...body.modified.map((t, i) => toTransactionRecord(t, userId, `body.modified[${i}]`)),
    ],
    removed: body.removed.map((r) => ({ transaction_id: r.transaction_id as string, account_id: r.account_id as string })),
  }));
  return syncFinancialData(services, userId, input);
}

/** A Plaid /accounts/get response: balances and new accounts. */
export function syncAccounts(services: Services, userId: string, body: z.infer<typeof AccountsSyncBodySchema>): Promise<SyncOutcome> {
  const input: SyncInput = convert(() => ({ accounts: accountsOf(body.accounts, userId, "body.accounts") }));
  return syncFinancialData(services, userId, input);
}

/** A Plaid /liabilities/get response: credit cards (other kinds are not kept). */
export function syncLiabilities(services: Services, userId: string, body: z.infer<typeof LiabilitiesSyncBodySchema>): Promise<SyncOutcome> {
  const input: SyncInput = convert(() => ({
    accounts: accountsOf(body.accounts, userId, "body.accounts"),
    liabilities: (body.liabilities.credit ?? []).map((l, i) => toLiabilityRecord(l, userId, `body.liabilities.credit[${i}]`)),
  }));
  return syncFinancialData(services, userId, input);
}

/** The person's data changed outside the API (`data:load -- --upsert`): recompute, retire, re-index. 404 for an unknown person. */
export async function refreshPerson(services: Services, userId: string) {
  if ((await services.people.read(userId)).consent === "unknown") throw new ApiError(404, "NOT_FOUND", `No user ${userId}`);
  const done = await carryDataChange(services, userId);
  return { user_id: userId, personas: done.personas, withdrawn_recommendations: done.withdrawn };
}
