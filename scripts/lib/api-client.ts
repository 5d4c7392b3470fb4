/**
 * The typed client for the running API, used by the batch scripts and the Worker's tests:
 * openapi-fetch over the types generated from the served OpenAPI document (./api-schema.ts, built
 * by `npm run api:types`), so a call to a path, with parameters or a body, that the document does
 * not declare fails to compile.
 */
import createClient, { type Client } from "openapi-fetch";
import type { operations, paths } from "./api-schema";

/** An operation's JSON answer for a status, as the document declares it. */
type Answer<Op extends keyof operations, Status extends number> =
  operations[Op]["responses"] extends Record<Status, { content: { "application/json": infer T } }> ? T : never;

export type GenerateResponse = Answer<"generateRecommendations", 200>;
export type UserPage = Answer<"listUsers", 200>;
export type HealthResponse = Answer<"getHealth", 200>;
export type VectorSearchResponse = Answer<"explainVectorSearch", 200>;
export type JobStarted = Answer<"startRecommendationsJob", 202>;
export type JobStatus = Answer<"getJob", 200>;
export type ProfileResponse = Answer<"getProfile", 200>;

export class ApiRequestError extends Error {
  override name = "ApiRequestError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** 429, 5xx and network errors are worth retrying; other 4xx are not. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export type ApiClient = Client<paths>;

/** The network, giving up on a call after 60 s. */
const network = (request: Request) => fetch(request, { signal: AbortSignal.timeout(60_000) });

/**
 * A client for the API at `baseUrl` with a bearer token (none: the open routes only). `transport`:
 * what sends a request (default: the network; a test's: the Worker's entry point).
 */
export function createApiClient(
  baseUrl: string,
  token: string | null,
  transport: (request: Request) => Promise<Response> = network,
): ApiClient {
  return createClient<paths>({
    baseUrl,
    headers: { Accept: "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    fetch: transport,
  });
}

/** The answer of a call, or an ApiRequestError with the API's code and message (status 0: the API was not reached). */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: Awaited<typeof call>;
  try {
    result = await call;
  } catch (err) {
    throw new ApiRequestError(0, "NETWORK", `cannot reach the API: ${(err as Error).message}`);
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  const error = (result.error as { error?: { code?: string; message?: string } } | undefined)?.error;
  throw new ApiRequestError(result.response.status, error?.code ?? "HTTP_ERROR", error?.message ?? `HTTP ${result.response.status}`);
}
