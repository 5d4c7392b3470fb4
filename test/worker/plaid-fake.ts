/**
 * A stand-in for Plaid's API at the Worker's fetch, with Plaid's real request and response shapes:
 * client_id and secret in each JSON body (checked), responses built from Plaid's own examples
 * (test/fixtures/plaid/), errors in Plaid's error shape. /transactions/sync answers pages by the
 * request's cursor and can answer TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION once; webhook
 * verification keys are real ES256 keys (jose), so tests sign webhooks as Plaid does.
 * Everything that is not Plaid goes to the network as before.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import accountsGet from "../fixtures/plaid/accounts-get.json";
import liabilitiesGet from "../fixtures/plaid/liabilities-get.json";
import transactionsSync from "../fixtures/plaid/transactions-sync.json";
import { TEST_PROVIDER_KEYS } from "../setup/tokens";

export const PLAID_HOST = "sandbox.plaid.com";
export const PLAID_CLIENT_ID = "fake-plaid-client-id";

/** The Worker's environment with Plaid configured against this fake. */
export const plaidEnv = {
  PLAID_CLIENT_ID,
  PLAID_SECRET: TEST_PROVIDER_KEYS.plaidSecret,
  PLAID_TOKEN_KEY: TEST_PROVIDER_KEYS.plaidTokenKey,
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const plaidError = (status: number, error_type: string, error_code: string, error_message: string) =>
  json(status, {
    error_type,
    error_code,
    error_message,
    display_message: null,
    request_id: "fake-req",
    causes: [],
    status,
    documentation_url: "",
    suggested_action: null,
  });

type Page = { added?: unknown[]; modified?: unknown[]; removed?: unknown[]; next_cursor: string; has_more: boolean; accounts?: unknown[] };

export interface PlaidItem {
  itemId: string;
  /** /transactions/sync's answer for each request cursor ("" for none). */
  pages: Record<string, Page>;
  accounts: unknown[];
  credit: unknown[] | null;
}

export interface PlaidFake {
  fetch: typeof fetch;
  /** Every Plaid request: the path and the body without the secret. */
  seen: { path: string; body: Record<string, unknown> }[];
  item: PlaidItem;
  /** The next /transactions/sync with a cursor answers TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION. */
  mutateOnce: boolean;
  publicToken: string;
  kid: string;
  /** A Plaid-Verification JWT for `body`, as Plaid signs one (options spoil it for the refusal tests). */
  sign(body: string, options?: { iatSecondsAgo?: number; key?: CryptoKey; bodyHashOf?: string }): Promise<string>;
  /** A key Plaid never published. */
  strangerKey: CryptoKey;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A Plaid page from Plaid's example, with these records. */
export const syncPage = (page: Page) => ({ ...transactionsSync, added: [], modified: [], removed: [], accounts: [], ...page });
export const plaidExamples = { accountsGet, liabilitiesGet, transactionsSync };

export async function plaidFake(item: PlaidItem): Promise<PlaidFake> {
  const realFetch = globalThis.fetch;
  const signing = await generateKeyPair("ES256", { extractable: true });
  const stranger = await generateKeyPair("ES256");
  // A kid of its own: the Worker keeps keys by kid (src/services/plaid-webhook.ts), and each fake signs with a new key.
  const kid = crypto.randomUUID();
  const publicJwk = { ...(await exportJWK(signing.publicKey)), alg: "ES256", kid, use: "sig", created_at: 1_560_466_143, expired_at: null };
  const accessToken = TEST_PROVIDER_KEYS.plaidAccessToken;

  const fake: PlaidFake = {
    seen: [],
    item,
    mutateOnce: false,
    publicToken: "public-sandbox-b0e2c4ee-a763-4df5-bfe9-46a46bce993d",
    kid,
    strangerKey: stranger.privateKey,
    async sign(body, options = {}) {
      const iat = Math.floor(Date.now() / 1000) - (options.iatSecondsAgo ?? 0);
      return new SignJWT({ request_body_sha256: await sha256Hex(options.bodyHashOf ?? body) })
        .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
        .setIssuedAt(iat)
        .sign(options.key ?? signing.privateKey);
    },
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      const url = new URL(req.url);
      if (url.hostname !== PLAID_HOST) return realFetch(input, init);
      const body = (await req.json()) as Record<string, unknown>;
      const { secret, ...visible } = body;
      fake.seen.push({ path: url.pathname, body: visible });
      if (body.client_id !== PLAID_CLIENT_ID || secret !== TEST_PROVIDER_KEYS.plaidSecret)
        return plaidError(400, "INVALID_INPUT", "INVALID_API_KEYS", "invalid client_id or secret provided");
      if (url.pathname === "/webhook_verification_key/get") {
        return body.key_id === kid
          ? json(200, { key: publicJwk, request_id: "fake-req" })
          : plaidError(400, "INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided");
      }
      if (url.pathname === "/item/public_token/exchange") {
        return body.public_token === fake.publicToken
          ? json(200, { access_token: accessToken, item_id: item.itemId, request_id: "fake-req" })
          : plaidError(400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN", "provided public token is in an invalid format");
      }
      if (body.access_token !== accessToken)
        return plaidError(400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", "provided access token is in an invalid format");
      const itemMeta = { ...accountsGet.item, item_id: item.itemId };
      switch (url.pathname) {
        case "/transactions/sync": {
          const cursor = typeof body.cursor === "string" ? body.cursor : "";
          if (cursor !== "" && fake.mutateOnce) {
            fake.mutateOnce = false;
            return plaidError(
              400,
              "TRANSACTIONS_ERROR",
              "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
              "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.",
            );
          }
          const page = item.pages[cursor] ?? { next_cursor: cursor, has_more: false };
          return json(200, syncPage(page));
        }
        case "/accounts/get":
          return json(200, { ...accountsGet, accounts: item.accounts, item: itemMeta });
        case "/liabilities/get":
          return item.credit === null
            ? plaidError(400, "ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED", "the requested product is not supported by this item")
            : json(200, {
                ...liabilitiesGet,
                accounts: item.accounts,
                item: itemMeta,
                liabilities: { credit: item.credit, mortgage: null, student: null },
              });
        default:
          return plaidError(404, "API_ERROR", "NOT_FOUND", "not found");
      }
    },
  };
  return fake;
}
