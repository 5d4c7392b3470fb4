/**
 * Declarative HTTP contracts: every JSON route is a `createRoute` (params, query, body, responses)
 * registered with `app.openapi`, and `GET /openapi.json` is generated from them.
 *
 * Input is refused as strictly as before the contracts, with the same messages, in the same order:
 *   1. After the route's scope check, `contract()` puts one check in front of the validators:
 *      the path (then, on a route on one user, the caller's right to that user), the query (a
 *      parameter given twice, an unknown one; a route that declares no query takes none), then
 *      the body's transport: Content-Type, size, UTF-8, JSON syntax and a key given twice
 *      (src/http/params.ts). A POST that declares no body refuses one (even `{}`).
 *      The first fault found is the one reported: path, query, then body.
 *   2. zod-openapi's validators parse path, query and body with the same schemas (all `.strict()`:
 *      an unknown field is refused) and hand the handler typed values; `inputHook` turns a failure
 *      into the API's 400 naming each field (`path.user_id: …`, `query.limit: …`, `body.ids[0]: …`).
 *      A body's fields are checked here only; path and query (a few short strings) are parsed in
 *      both steps, so that which fault is reported first stays what clients have always seen.
 */
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { createRoute, OpenAPIHono, z, type Hook, type RouteConfig } from "@hono/zod-openapi";
import { ERROR_CODES, invalidInput, parseInput } from "../errors";
import { checkJsonBody, noQuery, readNoBody, readQuery } from "./params";
import { requireOperator, requireServiceOrOperator, requireUserAccess } from "./auth";
import type { AppEnv } from "./types";

/** How each validation target is named in error messages (the names today's clients see). */
const WHERE: Record<string, string> = { param: "path", query: "query", json: "body" };

/** Every validator's failure as the API's own 400 INVALID_INPUT, naming each offending field. */
export const inputHook: Hook<unknown, AppEnv, string, void> = (result) => {
  if (!result.success) throw invalidInput(result.error, WHERE[result.target] ?? result.target);
};

/** A router for JSON routes: its validators answer with the API's error shape. */
export const api = () => new OpenAPIHono<AppEnv>({ defaultHook: inputHook });

/** What a contract adds to `createRoute`. */
export interface ContractOptions {
  /** The path's `user_id` must be one the caller may act for (a user-bound token: its own), checked right after the path is. */
  ownUser?: boolean;
}

/**
 * The groups of operations, each described once; a contract's `tags` must be keys of this (a new
 * group is added here, with its description, for the lint's `operation-tag-defined`).
 */
export const TAGS = {
  health: "Liveness of every component, and this document (no token)",
  users: "People, their accounts, signals and personas, and user-bound tokens",
  consent: "Granting and revoking consent; nothing is served for a person without it",
  recommendations: "Generating and reading a person's recommendations",
  review: "Operators' review of recommendations: approve, reject, override, audit",
  "bank data": "New bank data in Plaid's shapes, written all or nothing",
  jobs: "Bulk work over the queue, and its progress",
  operator: "Metrics, the vector index and the review queue",
  plaid: "Connecting a person's Plaid items, and Plaid's webhook that pulls their new data",
} as const;
export type Tag = keyof typeof TAGS;

/**
 * What every contract declares besides `createRoute`'s own fields: a stable `operationId` (a
 * generated client's method name) and its tags. The scope it needs is read from its middleware
 * (see `securityOf`); `security: []` declares an open route.
 */
export type ContractConfig = RouteConfig & { operationId: string; tags: Tag[] };

/**
 * The security schemes, one per kind of token (README, Authentication). All three are bearer
 * tokens; an operation lists the ones it accepts, so a client knows which token a call needs.
 */
export const SECURITY_SCHEMES = {
  operator:
    "OPERATOR_TOKEN or a named operator's token from OPERATORS (behind Cloudflare Access, the Cf-Access-Jwt-Assertion JWT instead): every route",
  service: "API_TOKEN, a backend acting for any user: the user routes for any user, and bank data",
  user: "A user-bound token minted by POST /users/{user_id}/token (`ss_usr_…`): the user routes for its own user only",
} as const;
type Scheme = keyof typeof SECURITY_SCHEMES;
const accepts = (...schemes: Scheme[]) => schemes.map((s) => ({ [s]: [] }));

/**
 * The tokens a route accepts, from the scope check it runs (its middleware): the check is the one
 * source, the document follows it. A route with no scope check takes any of the three tokens.
 */
function securityOf(config: RouteConfig): RouteConfig["security"] {
  if (config.security !== undefined) return config.security;
  const middleware = config.middleware === undefined ? [] : [config.middleware].flat();
  if (middleware.includes(requireOperator)) return accepts("operator");
  if (middleware.includes(requireServiceOrOperator)) return accepts("operator", "service");
  return accepts("operator", "service", "user");
}

/** Headers sent with every answer, and those sent with some (declared where they are sent). */
const HEADERS = {
  "X-Request-Id": { description: "The request's id, as the logs record it", schema: { type: "string" } },
  "Server-Timing": {
    description: "Where the time went (`total`; on generate also cache, vector_db, generator, engine and db)",
    schema: { type: "string" },
  },
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 1 } },
  "WWW-Authenticate": { description: "The bearer challenge (RFC 6750)", schema: { type: "string" } },
} as const;
const ALWAYS_SENT = ["X-Request-Id", "Server-Timing"] as const;
const SENT_ON: Partial<Record<string, (keyof typeof HEADERS)[]>> = {
  "401": ["WWW-Authenticate"],
  "429": ["Retry-After"],
  "503": ["Retry-After"],
};

/** The declared responses, each with the headers it carries. */
function withHeaders(responses: RouteConfig["responses"]): RouteConfig["responses"] {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      const names = [...ALWAYS_SENT, ...(SENT_ON[status] ?? [])];
      return [status, { ...response, headers: Object.fromEntries(names.map((n) => [n, HEADERS[n]])) }];
    }),
  );
}

/** Step 1 of the module comment, for one route's declared input. */
function checkInput(method: RouteConfig["method"], request: RouteConfig["request"], options: ContractOptions): MiddlewareHandler<AppEnv> {
  const params = request?.params as z.ZodType | undefined;
  const query = (request?.query as z.ZodType | undefined) ?? noQuery;
  const takesBody = request?.body !== undefined;
  // A GET's body has no meaning and was never read; a POST that declares none must send none.
  const refusesBody = !takesBody && method !== "get";
  return createMiddleware<AppEnv>(async (c, next) => {
    const path = params ? parseInput(params, c.req.param(), "path") : undefined;
    // Before anything is looked up, so a bound token cannot learn whether another user exists.
    if (options.ownUser) requireUserAccess(c, (path as { user_id: string }).user_id);
    readQuery(c, query);
    if (takesBody) await checkJsonBody(c);
    else if (refusesBody) await readNoBody(c);
    await next();
  });
}

/**
 * One route's contract: `createRoute` plus the check of step 1 (see the module comment), placed
 * after the route's own middleware (its scope check), and `query: noQuery` when it declares none;
 * the tokens it accepts and the headers of its responses are added to what the document says.
 */
export function contract<const R extends ContractConfig>(config: R, options: ContractOptions = {}): R {
  const own: MiddlewareHandler[] = config.middleware === undefined ? [] : [config.middleware].flat();
  return createRoute({
    ...config,
    security: securityOf(config),
    responses: withHeaders(config.responses),
    request: { query: noQuery, ...config.request },
    middleware: [...own, checkInput(config.method, config.request, options)],
  }) as R;
}

/** A JSON request body, as a contract declares it. */
export const jsonRequest = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { "application/json": { schema } },
});

/** A JSON response, as a contract declares it. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** Every error body: `{error:{code,message}}`. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string().meta({ description: "What went wrong; for INVALID_INPUT, each offending field by name (`query.limit: …`)" }),
    }),
  })
  .openapi("Error");

const ERROR_DESCRIPTIONS = {
  400: "INVALID_INPUT: a parameter, path segment or body field is wrong, unknown or given twice (the message names it)",
  401: "UNAUTHORIZED: missing, wrong or expired bearer token",
  403: "FORBIDDEN: the token's scope does not allow this route or this user, or the person has not consented",
  404: "NOT_FOUND: no such user or recommendation",
  409: "CONFLICT: the current state does not allow it (a review its status does not allow, or of an item another operator has claimed; a Plaid item already connected to another person)",
  413: "PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs)",
  415: "UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8)",
  422: "INVALID_INPUT: the person has no transactions to compute signals from",
  429: "RATE_LIMITED: over the caller's rate limit; see Retry-After",
  500: "BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR",
  503: "DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down",
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;
type ErrorResponse = ReturnType<typeof jsonResponse<typeof ErrorSchema>>;

/** What any route can answer besides its own errors. */
const ANY = [400, 500, 503] as const;
/** What every route behind a token can answer besides its own errors. */
const ALWAYS = [...ANY, 401, 429] as const;

const errorsOf = <S extends ErrorStatus>(statuses: S[]) =>
  Object.fromEntries(
    [...new Set(statuses)].sort((a, b) => a - b).map((s) => [s, jsonResponse(ErrorSchema, ERROR_DESCRIPTIONS[s])]),
  ) as Record<S, ErrorResponse>;

/** The error responses of a route behind a token: the ones every such route has, and `extra`. */
export const errorResponses = <S extends ErrorStatus>(...extra: S[]) => errorsOf<S | (typeof ALWAYS)[number]>([...ALWAYS, ...extra]);

/**
 * The error responses of an open route (no bearer token, so no rate limit): bad input, a bad
 * environment, the database down, and `extra` (Plaid's webhook answers 401 for a bad signature).
 */
export const openErrorResponses = <S extends ErrorStatus>(...extra: S[]) => errorsOf<S | (typeof ANY)[number]>([...ANY, ...extra]);

/** The document's security: the schemes, and the default an operation without its own would have (any token). */
export function registerSecurity(app: OpenAPIHono<AppEnv>): RouteConfig["security"] {
  for (const [name, description] of Object.entries(SECURITY_SCHEMES)) {
    app.openAPIRegistry.registerComponent("securitySchemes", name, { type: "http", scheme: "bearer", description });
  }
  return accepts("operator", "service", "user");
}
