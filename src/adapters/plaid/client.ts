/**
 * Plaid's API over fetch, typed with the `plaid` package's request and response types (the SDK
 * itself is axios-based: heavy in the Worker bundle). Plaid authenticates with client_id and secret
 * in each JSON body; neither, nor an access token, ever appears in an error or a log line.
 */
import type {
  AccountsGetRequest,
  AccountsGetResponse,
  ItemPublicTokenExchangeRequest,
  ItemPublicTokenExchangeResponse,
  LiabilitiesGetRequest,
  LiabilitiesGetResponse,
  TransactionsSyncRequest,
  TransactionsSyncResponse,
  WebhookVerificationKeyGetRequest,
  WebhookVerificationKeyGetResponse,
} from "plaid";

/** A Plaid error response (`{error_type, error_code, error_message}`), or a transport failure (status 0). */
export class PlaidApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    readonly errorCode: string,
  ) {
    super(`Plaid answered ${status} ${errorType}/${errorCode}`);
    this.name = "PlaidApiError";
  }
}

export interface PlaidCredentials {
  baseUrl: string;
  clientId: string;
  secret: string;
}

/** Plaid's own advice: a /transactions/sync call may take a while on a large item. */
const TIMEOUT_MS = 30_000;

type WithoutAuth<T> = Omit<T, "client_id" | "secret">;

export interface PlaidClient {
  transactionsSync(request: WithoutAuth<TransactionsSyncRequest>): Promise<TransactionsSyncResponse>;
  accountsGet(request: WithoutAuth<AccountsGetRequest>): Promise<AccountsGetResponse>;
  liabilitiesGet(request: WithoutAuth<LiabilitiesGetRequest>): Promise<LiabilitiesGetResponse>;
  itemPublicTokenExchange(request: WithoutAuth<ItemPublicTokenExchangeRequest>): Promise<ItemPublicTokenExchangeResponse>;
  webhookVerificationKeyGet(request: WithoutAuth<WebhookVerificationKeyGetRequest>): Promise<WebhookVerificationKeyGetResponse>;
}

export function createPlaidClient(
  credentials: PlaidCredentials,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): PlaidClient {
  const post = async <T>(path: string, body: object): Promise<T> => {
    let res: Response;
    try {
      res = await fetchImpl(new URL(path, credentials.baseUrl), {
        method: "POST",
        headers: { "content-type": "application/json", "plaid-version": "2020-09-14" },
        body: JSON.stringify({ client_id: credentials.clientId, secret: credentials.secret, ...body }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new PlaidApiError(0, "NETWORK", err instanceof Error ? err.name : "fetch_failed");
    }
    const parsed = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!res.ok || parsed === null) {
      const str = (v: unknown, fallback: string) => (typeof v === "string" && /^[A-Z0-9_]{1,80}$/.test(v) ? v : fallback);
      throw new PlaidApiError(res.status, str(parsed?.error_type, "UNKNOWN"), str(parsed?.error_code, "UNKNOWN"));
    }
    return parsed as T;
  };
  return {
    transactionsSync: (r) => post("/transactions/sync", r),
    accountsGet: (r) => post("/accounts/get", r),
    liabilitiesGet: (r) => post("/liabilities/get", r),
    itemPublicTokenExchange: (r) => post("/item/public_token/exchange", r),
    webhookVerificationKeyGet: (r) => post("/webhook_verification_key/get", r),
  };
}
