/**
 * Declarative HTTP contracts: every JSON route is a `createRoute` (params, query, body, responses)
 * registered with `app.openapi`, and `GET /openapi.json` is generated from them.
 *
 * Input is refused as strictly as before the contracts, with the same messages, in the same order:
 *   1. After the route's scope check, `contract()` puts one check in front of the validators:
 *      the path (then, on a route on one user, the caller's right to that user), the query (a
 *      parameter given twice, an unknown one; a route that declares no query takes none), then
 *      the body's transport: Content-Type, size, UTF-8, JSON syntax and a key given twice
 *      (src/http/params.ts). A POST that declares no body refuses one (`{}` alone is allowed).
 *      The first fault found is the one reported: path, query, then body.
 *   2. zod-openapi's validators parse path, query and body with the same schemas (all `.strict()`:
 *      an unknown field is refused) and hand the handler typed values; `inputHook` turns a failure
 *      into the API's 400 naming each field (`path.user_id: …`, `query.limit: …`, `body.ids.0: …`).
 *      A body's fields are checked here only; path and query (a few short strings) are parsed in
 *      both steps, so that which fault is reported first stays what clients have always seen.
 */
import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { createRoute, OpenAPIHono, z, type Hook, type RouteConfig } from "@hono/zod-openapi";
import { ERROR_CODES, invalidInput, parseInput } from "../errors";
import { checkJsonBody, noQuery, readNoBody, readQuery } from "./params";
import { requireUserAccess } from "./auth";
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
 * after the route's own middleware (its scope check), and `query: noQuery` when it declares none.
 */
export function contract<const R extends RouteConfig>(config: R, options: ContractOptions = {}): R {
  const own: MiddlewareHandler[] = config.middleware === undefined ? [] : [config.middleware].flat();
  return createRoute({
    ...config,
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
const ErrorSchema = z
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
  409: "CONFLICT: the recommendation's status does not allow this review",
  413: "PAYLOAD_TOO_LARGE: the body is over 16 KiB (1 MiB for the bank-data syncs)",
  415: "UNSUPPORTED_MEDIA_TYPE: a body that is not application/json (UTF-8)",
  422: "INVALID_INPUT: the person has no transactions to compute signals from",
  429: "RATE_LIMITED: over the caller's rate limit; see Retry-After",
  500: "BAD_ENVIRONMENT (a variable is missing or wrong, named) or INTERNAL_ERROR",
  503: "DATABASE_UNAVAILABLE (see Retry-After), or a component needed for the answer is down",
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;
type ErrorResponse = ReturnType<typeof jsonResponse<typeof ErrorSchema>>;

/** What every authenticated route can answer besides its own errors. */
const ALWAYS = [400, 401, 429, 500, 503] as const;

/** The error responses of a route: the ones every authenticated route has, and `extra`. */
export function errorResponses<S extends ErrorStatus>(...extra: S[]): Record<S | (typeof ALWAYS)[number], ErrorResponse> {
  const statuses = [...new Set<ErrorStatus>([...ALWAYS, ...extra])].sort((a, b) => a - b);
  return Object.fromEntries(statuses.map((s) => [s, jsonResponse(ErrorSchema, ERROR_DESCRIPTIONS[s])])) as Record<S | (typeof ALWAYS)[number], ErrorResponse>;
}

/** The bearer scheme every route but /health and /openapi.json requires. */
export const BEARER = "bearer";

/** Register the security scheme on the app whose document is served. */
export function registerSecurity(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    description: "OPERATOR_TOKEN or a named operator's token from OPERATORS (scope operator; behind Cloudflare Access, the Cf-Access-Jwt-Assertion JWT instead), API_TOKEN (scope user, a service acting for any user) or a user-bound token minted by POST /users/{user_id}/token (scope user, its own user only)",
  });
}
