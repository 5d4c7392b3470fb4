/**
 * Bank data arriving in Plaid's shapes (checked by src/domain/plaid.ts), turned into this project's
 * records and applied through src/services/data-sync.ts (all or nothing), with Plaid's
 * /transactions/sync semantics:
 *   - the cursor is kept per item; a page whose next_cursor was applied before, but is not the
 *     item's latest, is an older page: it changes nothing and says so (`sync.page: "older"`);
 *   - pages with has_more: true are written, and the profile is recomputed (and recommendations
 *     withdrawn) once, after the page with has_more: false;
 *   - a posted transaction settles its pending one (`pending_transaction_id`): the pending one is
 *     removed even when Plaid did not list it in `removed`, so it is never counted twice.
 * The Plaid pull (src/services/plaid-pull.ts) applies what it fetched through applyPlaidData.
 */
import type { z } from "zod";
import { cursorState, recordPage } from "../db/plaid-items";
import type { TransactionRecord } from "../domain/dataset";
import {
  toAccountRecord,
  toLiabilityRecord,
  toTransactionRecord,
  type AccountsSyncBodySchema,
  type LiabilitiesSyncBodySchema,
  type PlaidAccount,
  type PlaidCreditLiability,
  type TransactionsSyncBody,
} from "../domain/plaid";
import { NotFoundError } from "./errors";
import { carryDataChange, carryOutcome, syncFinancialData, unchangedOutcome, type SyncInput, type SyncOutcome } from "./data-sync";
import type { Services } from "./services";

/** The item a push without `item_id` belongs to. */
export const DEFAULT_ITEM = "default";

export interface PageOutcome extends SyncOutcome {
  sync: { item_id: string; page: "applied" | "older"; has_more: boolean; recomputed: boolean };
}

const accountsOf = (list: PlaidAccount[] | undefined, userId: string) => (list ?? []).map((a) => toAccountRecord(a, userId));

/** A page's transactions as a change: added and modified upserted, removed deleted, and each pending one a posted one settles removed. */
export function pageChange(
  page: Pick<TransactionsSyncBody, "added" | "modified" | "removed">,
  userId: string,
): Pick<SyncInput, "transactions" | "removed"> {
  const posted = [...page.added, ...page.modified].map((t) => toTransactionRecord(t, userId));
  const settledIds = new Set(posted.flatMap((t) => (!t.pending && t.pending_transaction_id ? [t.pending_transaction_id] : [])));
  // A pending transaction in the same page as the posted one that settles it is dropped, not stored.
  const transactions: TransactionRecord[] = posted.filter((t) => !(t.pending && settledIds.has(t.transaction_id)));
  const removed = page.removed.map((r) => ({ transaction_id: r.transaction_id, account_id: r.account_id }));
  const listed = new Set([...removed.map((r) => r.transaction_id), ...transactions.map((t) => t.transaction_id)]);
  for (const t of transactions) {
    const pendingId = t.pending_transaction_id;
    if (!t.pending && pendingId && !listed.has(pendingId)) {
      removed.push({ transaction_id: pendingId, account_id: undefined });
      listed.add(pendingId);
    }
  }
  return { transactions, removed };
}

/** A Plaid /transactions/sync page for one of the person's items (see the module comment). */
export async function syncTransactionsPage(
  services: Services,
  userId: string,
  body: TransactionsSyncBody,
  itemId: string = DEFAULT_ITEM,
): Promise<PageOutcome> {
  const db = services.db();
  const state = await cursorState(db, userId, itemId, body.next_cursor);
  if (state.seen && state.cursor !== body.next_cursor) {
    services.logger.info("plaid_older_page_ignored", { user_id: userId, item_id: itemId });
    return {
      ...(await unchangedOutcome(services, userId)),
      sync: { item_id: itemId, page: "older", has_more: body.has_more, recomputed: false },
    };
  }
  const input: SyncInput = { accounts: accountsOf(body.accounts, userId), ...pageChange(body, userId) };
  const written = await syncFinancialData(services, userId, input, { carry: false });
  const last = !body.has_more;
  await recordPage(db, userId, itemId, body.next_cursor, !last && (state.awaitingLastPage || written.changed));
  const recompute = last && (written.changed || state.awaitingLastPage);
  const outcome = recompute ? await carryOutcome(services, written) : written;
  return { ...outcome, sync: { item_id: itemId, page: "applied", has_more: body.has_more, recomputed: recompute } };
}

/** A Plaid /accounts/get response: balances and new accounts. */
export function syncAccounts(services: Services, userId: string, body: z.infer<typeof AccountsSyncBodySchema>): Promise<SyncOutcome> {
  return syncFinancialData(services, userId, { accounts: accountsOf(body.accounts, userId) });
}

const liabilitiesOf = (credit: PlaidCreditLiability[] | null | undefined, userId: string) =>
  (credit ?? []).flatMap((l) => {
    const record = toLiabilityRecord(l, userId);
    return record ? [record] : [];
  });

/** A Plaid /liabilities/get response: credit cards (other kinds are not kept). */
export function syncLiabilities(services: Services, userId: string, body: z.infer<typeof LiabilitiesSyncBodySchema>): Promise<SyncOutcome> {
  return syncFinancialData(services, userId, {
    accounts: accountsOf(body.accounts, userId),
    liabilities: liabilitiesOf(body.liabilities.credit, userId),
  });
}

/**
 * What one pull from Plaid fetched for an item (every /transactions/sync page since the stored
 * cursor, then /accounts/get and /liabilities/get), applied as one change with one recompute.
 */
export async function applyPlaidData(
  services: Services,
  userId: string,
  itemId: string,
  pulled: {
    pages: Pick<TransactionsSyncBody, "added" | "modified" | "removed" | "accounts">[];
    nextCursor: string;
    accounts: PlaidAccount[];
    liabilities: PlaidCreditLiability[] | null;
  },
): Promise<SyncOutcome> {
  const accounts = new Map<string, PlaidAccount>();
  for (const a of [...pulled.pages.flatMap((p) => p.accounts ?? []), ...pulled.accounts]) accounts.set(a.account_id, a);
  // Later pages win: a transaction added then modified is upserted once, as last sent.
  const removedOnce = new Map(pulled.pages.flatMap((p) => p.removed).map((r) => [r.transaction_id, r]));
  const merged = { added: pulled.pages.flatMap((p) => [...p.added, ...p.modified]), modified: [], removed: [...removedOnce.values()] };
  const byId = new Map(merged.added.map((t) => [t.transaction_id, t]));
  const removedIds = new Set(merged.removed.map((r) => r.transaction_id));
  const input: SyncInput = {
    accounts: accountsOf([...accounts.values()], userId),
    ...pageChange(
      { added: [...byId.values()].filter((t) => !removedIds.has(t.transaction_id)), modified: [], removed: merged.removed },
      userId,
    ),
    liabilities: liabilitiesOf(pulled.liabilities, userId),
  };
  const written = await syncFinancialData(services, userId, input, { carry: false });
  const state = await cursorState(services.db(), userId, itemId, pulled.nextCursor);
  await recordPage(services.db(), userId, itemId, pulled.nextCursor, false);
  return written.changed || state.awaitingLastPage ? carryOutcome(services, written) : written;
}

/** The person's data changed outside the API (`data:load -- --upsert`): recompute, retire, re-index. NotFoundError for an unknown person. */
export async function refreshPerson(services: Services, userId: string) {
  if ((await services.people.read(userId)).consent === "unknown") throw new NotFoundError(`No user ${userId}`);
  const done = await carryDataChange(services, userId);
  return { user_id: userId, personas: done.personas, withdrawn_recommendations: done.withdrawn };
}
