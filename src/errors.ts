import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { fieldPath } from "./domain/field-path";

/** Every `error.code` the API answers with (the OpenAPI document lists them). */
export const ERROR_CODES = [
  "BAD_REQUEST",
  "INVALID_INPUT",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "CONFLICT",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "BAD_ENVIRONMENT",
  "DATABASE_UNAVAILABLE",
  "SERVICE_UNAVAILABLE",
  "INTERNAL_ERROR",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error type routes throw; app.onError turns it into `{error:{code,message}}`. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
    this.name = "ApiError";
  }
}

/** Postgres could not be reached (as opposed to a query the database rejected). */
class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The database is unreachable", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

// SQLSTATE classes that mean "the server or the connection is not usable right now".
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;

/**
 * True when an error means Postgres is unreachable: a connection-level failure (refused, timed
 * out, socket closed), or a server-reported connection/resource SQLSTATE. A query the server
 * rejected for its own reasons (e.g. a constraint) is not "unavailable".
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const { code, severity, message, type, error, cause } = e as Record<string, unknown>;
    if (typeof severity === "string" && typeof code === "string") return UNAVAILABLE_SQLSTATE.test(code);
    if (typeof code === "string" && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH)$/.test(code)) return true;
    // The driver's socket is a WebSocket: a failed one surfaces as an ErrorEvent, not an Error.
    if (type === "error" && !(e instanceof Error)) return true;
    if (
      typeof message === "string" &&
      /connection (terminated|timeout|refused|error)|timeout exceeded when trying to connect|websocket|socket hang up|network connection lost|error connecting to database|server error \(http status 5\d\d\)/i.test(
        message,
      )
    )
      return true;
    e = cause ?? error;
  }
  return false;
}

const MAX_MESSAGE = 500;

/** Parse input with zod or throw a 400 that names every offending field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidInput(result.error, where);
}

/** The 400 for a failed parse: every issue, prefixed with where it is (`query.limit: …`, `body.ids[0]: …`). */
export function invalidInput(error: z.ZodError, where: string): ApiError {
  const details = error.issues.map((i) => `${fieldPath(where, i.path)}: ${i.message}`).join("; ");
  // Messages can quote hostile input (an unknown 10 KB field name): keep them readable.
  return new ApiError(400, "INVALID_INPUT", details.length > MAX_MESSAGE ? `${details.slice(0, MAX_MESSAGE)}…` : details);
}
