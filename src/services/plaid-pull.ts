/**
 * Pulling from Plaid ourselves, for items whose access token we hold (src/routes/plaid.ts):
 *   - connectItem: keep an item's access token, sealed (src/services/plaid-token-crypto.ts), from
 *     the token itself or a public_token exchanged at /item/public_token/exchange; then pull;
 *   - pullItem (the queue consumer's `plaid_pull`): Plaid's documented /transactions/sync loop
 *     from the stored cursor until has_more is false, restarted from that cursor on
 *     TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION; then /accounts/get and /liabilities/get; every
 *     response checked with the push routes' schemas and applied with their code
 *     (src/services/bank-sync.ts applyPlaidData): one write, one recompute.
 * Without PLAID_CLIENT_ID, PLAID_SECRET and PLAID_TOKEN_KEY, every entry here throws DependencyUnavailableError.
 */
import type { PlaidPullMessage } from "../queue/messages";
import { z } from "zod";
import { createPlaidClient, PlaidApiError, type PlaidClient } from "../adapters/plaid/client";
import type { Config } from "../config";
import { itemsById, storeItemToken } from "../db/plaid-items";
import { AccountsSyncBodySchema, LiabilitiesSyncBodySchema, TransactionsSyncBodySchema, type TransactionsSyncBody } from "../domain/plaid";
import { ConflictError, DependencyUnavailableError, InvalidRequestError, NotFoundError } from "./errors";
import { applyPlaidData } from "./bank-sync";
import type { SyncOutcome } from "./data-sync";
import { decryptAccessToken, encryptAccessToken } from "./plaid-token-crypto";
import type { Services } from "./services";

/** The queue message that asks for a pull of one item. */

/** Plaid's page size limit for /transactions/sync. */
const PAGE_SIZE = 500;
/** Restarts of the loop on a mutation during pagination before the message is retried by the queue. */
const MAX_RESTARTS = 3;
/** A runaway item (or a fake that never says has_more: false) stops here and is retried. */
const MAX_PAGES = 200;

export interface PlaidAccess {
  client: PlaidClient;
  tokenKey: string;
}

/** Plaid as configured, or DependencyUnavailableError saying which variables are missing (names only). */
export function plaidAccess(config: Config): PlaidAccess {
  const missing = (["PLAID_CLIENT_ID", "PLAID_SECRET", "PLAID_TOKEN_KEY"] as const).filter((name) => !config[name]);
  if (missing.length > 0)
    throw new DependencyUnavailableError(`Plaid is not configured: set ${missing.join(", ")} (see README, Connect Plaid)`);
  return {
    client: createPlaidClient({ baseUrl: config.PLAID_BASE_URL, clientId: config.PLAID_CLIENT_ID!, secret: config.PLAID_SECRET! }),
    tokenKey: config.PLAID_TOKEN_KEY!,
  };
}

/** Keep an item's access token for a person (exchanging a public_token first), and enqueue its first pull. */
export async function connectItem(
  services: Services,
  userId: string,
  input: { access_token: string; item_id: string } | { public_token: string },
): Promise<{ user_id: string; item_id: string; pull_enqueued: boolean }> {
  const plaid = plaidAccess(services.config);
  if ((await services.people.read(userId)).consent === "unknown") throw new NotFoundError(`No user ${userId}`);
  let item: { access_token: string; item_id: string };
  if ("public_token" in input) {
    try {
      const exchanged = await plaid.client.itemPublicTokenExchange({ public_token: input.public_token });
      item = { access_token: exchanged.access_token, item_id: exchanged.item_id };
    } catch (err) {
      if (err instanceof PlaidApiError && err.status === 400)
        throw new InvalidRequestError(`body.public_token: Plaid refused it (${err.errorCode})`);
      throw plaidUnavailable(err);
    }
  } else item = input;
  const holders = await itemsById(services.db(), item.item_id);
  if (holders.some((h) => h.userId !== userId && h.ciphertext !== null))
    throw new ConflictError(`Item ${item.item_id} is connected to another person`);
  await storeItemToken(
    services.db(),
    userId,
    item.item_id,
    await encryptAccessToken(plaid.tokenKey, item.access_token, userId, item.item_id),
  );
  const message: PlaidPullMessage = { kind: "plaid_pull", user_id: userId, item_id: item.item_id };
  await services.queue.send(message);
  services.logger.info("plaid_item_connected", { user_id: userId, item_id: item.item_id });
  return { user_id: userId, item_id: item.item_id, pull_enqueued: true };
}

const plaidUnavailable = (err: unknown) =>
  new DependencyUnavailableError(
    `Plaid did not answer (${err instanceof PlaidApiError ? `${err.status} ${err.errorCode}` : "error"}); try again`,
  );

/** The loop Plaid documents: pages from `cursor` until has_more is false, from the start again on a mutation during pagination. */
async function syncPages(
  client: PlaidClient,
  accessToken: string,
  cursor: string | null,
): Promise<{ pages: TransactionsSyncBody[]; nextCursor: string; restarts: number }> {
  for (let restarts = 0; ; restarts++) {
    const pages: TransactionsSyncBody[] = [];
    let next = cursor;
    try {
      for (;;) {
        const response = await client.transactionsSync({ access_token: accessToken, count: PAGE_SIZE, ...(next ? { cursor: next } : {}) });
        const page = TransactionsSyncBodySchema.parse(response);
        pages.push(page);
        next = page.next_cursor;
        if (!page.has_more) return { pages, nextCursor: page.next_cursor, restarts };
        if (pages.length >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages in one pull`);
      }
    } catch (err) {
      const mutated = err instanceof PlaidApiError && err.errorCode === "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION";
      if (!mutated || restarts >= MAX_RESTARTS) throw err;
    }
  }
}

/** Pull one item (see the module comment). An item no longer held (disconnected) is skipped. */
export async function pullItem(
  services: Services,
  message: PlaidPullMessage,
): Promise<{ outcome: SyncOutcome | null; pages: number; restarts: number }> {
  const plaid = plaidAccess(services.config);
  const item = (await itemsById(services.db(), message.item_id)).find((i) => i.userId === message.user_id && i.ciphertext !== null);
  if (!item) return { outcome: null, pages: 0, restarts: 0 };
  const accessToken = await decryptAccessToken(plaid.tokenKey, item.ciphertext!, item.userId, item.itemId);
  const { pages, nextCursor, restarts } = await syncPages(plaid.client, accessToken, item.cursor);
  const accounts = AccountsSyncBodySchema.parse(await plaid.client.accountsGet({ access_token: accessToken }));
  let credit: z.infer<typeof LiabilitiesSyncBodySchema>["liabilities"]["credit"] = null;
  try {
    credit = LiabilitiesSyncBodySchema.parse(await plaid.client.liabilitiesGet({ access_token: accessToken })).liabilities.credit ?? null;
  } catch (err) {
    // An item without the Liabilities product, or without a liability account, has none to pull.
    if (!(err instanceof PlaidApiError && ["PRODUCTS_NOT_SUPPORTED", "NO_LIABILITY_ACCOUNTS", "INVALID_PRODUCT"].includes(err.errorCode)))
      throw err;
  }
  const outcome = await applyPlaidData(services, item.userId, item.itemId, {
    pages,
    nextCursor,
    accounts: accounts.accounts,
    liabilities: credit,
  });
  return { outcome, pages: pages.length, restarts };
}

/** The webhook's item: who holds it (with a token), if anyone. */
export async function holderOf(services: Services, itemId: string): Promise<string | undefined> {
  return (await itemsById(services.db(), itemId)).find((i) => i.ciphertext !== null)?.userId;
}
