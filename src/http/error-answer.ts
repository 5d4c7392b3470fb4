/**
 * What an error becomes, decided once for the API (src/app.ts, JSON) and the console
 * (src/console/routes.tsx, an HTML page): status, code, message, headers, and what to log.
 * A service's own errors (src/services/errors.ts) say what went wrong and carry its code; the
 * status each kind is answered with is decided here, and only here.
 */
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ConfigError } from "../config";
import { ApiError, isDatabaseUnavailable, type ErrorCode } from "../errors";
import { describeError } from "../logger";
import { SERVICE_ERROR_CODES, ServiceError, type ServiceErrorKind } from "../services/errors";

export interface ErrorAnswer {
  status: ContentfulStatusCode;
  code: ErrorCode;
  message: string;
  headers: Record<string, string>;
  /** Logged at error level: a fault of ours or of a dependency, not of the request. */
  log?: { event: string; fields: Record<string, unknown> };
}

/** Codes for Hono's own refusals (HTTPException), by status. */
const CODES: Partial<Record<number, ErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  503: "SERVICE_UNAVAILABLE",
};

/** The HTTP status of each kind of service error. */
const SERVICE_STATUSES: Record<ServiceErrorKind, ContentfulStatusCode> = {
  not_found: 404,
  no_consent: 403,
  conflict: 409,
  invalid: 400,
  no_transactions: 422,
  unavailable: 503,
};

/** How a service error of `kind` is answered: the one table, kind → status and code. */
export const serviceAnswer = (kind: ServiceErrorKind): { status: ContentfulStatusCode; code: ErrorCode } => ({
  status: SERVICE_STATUSES[kind],
  code: SERVICE_ERROR_CODES[kind],
});

export function errorAnswer(err: unknown, requestId: string): ErrorAnswer {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message, headers: err.headers };
  if (err instanceof ServiceError) return { ...serviceAnswer(err.kind), message: err.message, headers: {} };
  if (err instanceof ConfigError)
    return {
      status: 500,
      code: "BAD_ENVIRONMENT",
      message: err.message,
      headers: {},
      log: { event: "bad_environment", fields: { issues: err.issues } },
    };
  if (isDatabaseUnavailable(err)) {
    return {
      status: 503,
      code: "DATABASE_UNAVAILABLE",
      message: "The database is unreachable; try again shortly",
      headers: { "Retry-After": "5" },
      log: { event: "database_unavailable", fields: describeError(err) },
    };
  }
  if (err instanceof HTTPException) {
    const code = CODES[err.status] ?? (err.status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
    return { status: err.status as ContentfulStatusCode, code, message: err.message || code, headers: {} };
  }
  return {
    status: 500,
    code: "INTERNAL_ERROR",
    message: `Internal error (request ${requestId})`,
    headers: {},
    log: { event: "unhandled_error", fields: describeError(err) },
  };
}
