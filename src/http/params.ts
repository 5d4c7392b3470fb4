import type { Context } from "hono";
import { z } from "zod";
import { ApiError, parseInput } from "../errors";
import { PERSONA_TYPES } from "../domain/personas";
import { WINDOW_DAYS, type WindowDays } from "../domain/signals";
import { findDuplicateKey } from "./json-duplicate-keys";

/** Ids as the data format writes them: letters, digits, _ and -, at most 64 characters. */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");

export const userIdParams = z.object({ user_id: userIdSchema }).strict();
export const recommendationIdParams = z.object({ id: z.uuid({ error: "must be a recommendation id (UUID)" }) }).strict();

/**
 * A query parameter read from its text by `read` (an error message, or the value), documented as
 * the typed value a client sends (`doc`: an integer with its range, a boolean, an enum), so that
 * a client generated from the document sends exactly what is accepted. Absent: `fallback`.
 */
function queryValue<T>(doc: Record<string, unknown>, read: (text: string) => { value: T } | { error: string }) {
  return <F extends T | undefined>(fallback: F) =>
    z
      .string()
      .optional()
      .transform((text, ctx): T | F => {
        if (text === undefined) return fallback;
        const result = read(text);
        if ("value" in result) return result.value;
        ctx.addIssue({ code: "custom", message: result.error });
        return z.NEVER;
      })
      .meta({ ...doc, ...(fallback === undefined ? {} : { default: fallback }) });
}

const queryBool = (fallback: boolean, description: string) =>
  queryValue<boolean>({ type: "boolean", description }, (text) =>
    text === "true" || text === "false" ? { value: text === "true" } : { error: 'must be "true" or "false"' },
  )(fallback);

/**
 * A whole number written in plain decimal digits, within [min, max]. Stricter than Number():
 * "", " 5", "0x10", "1e3", "-1" and "5.0" are refused rather than read as some number.
 */
export const wholeNumber = (min: number, max: number, fallback: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return queryValue<number>(
    { type: "integer", minimum: min, maximum: max, description: `A whole number from ${min} to ${max}` },
    (text) => {
      const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
      return value >= min && value <= max ? { value } : { error: message };
    },
  )(fallback);
};

/** 30 or 180 in a query; anything else is refused, not rounded. */
export const windowDaysQuery = queryValue<WindowDays>(
  { type: "integer", enum: [...WINDOW_DAYS], description: "The window in days: 30 or 180" },
  (text) => {
    const value = WINDOW_DAYS.find((w) => String(w) === text);
    return value === undefined ? { error: "must be 30 or 180" } : { value };
  },
);

const limit = wholeNumber(1, 100, 20);
const offset = wholeNumber(0, 1_000_000, 0);

export const pageQuery = z.object({ limit, offset }).strict();

export const userListQuery = z
  .object({
    limit,
    offset,
    persona: z.enum(PERSONA_TYPES).optional(),
    window_days: windowDaysQuery(30),
    /** Only users still missing recommendations for a window (what the bulk job works through). */
    without_recommendations: queryBool(false, "Only users still missing recommendations for a window"),
  })
  .strict();

export const windowQuery = z.object({ window_days: windowDaysQuery(30) }).strict();

export const generateQuery = z
  .object({
    window_days: windowDaysQuery(30),
    force_regenerate: queryBool(false, "Skip the cached answer (KV): the vector tier or the generator answers anew"),
    use_vector_db: queryBool(true, "Try the vector tier (when VECTOR_DB_ENABLED is on) before the generator"),
  })
  .strict();

export const recommendationListQuery = z
  .object({
    status: z.enum(["pending", "approved", "rejected", "flagged", "superseded"]).optional(),
    window_days: windowDaysQuery(undefined),
  })
  .strict();

/** For routes that take no query parameters: anything sent is a mistake worth reporting. */
export const noQuery = z.object({}).strict();

/** Hostile names can be long; error messages quote at most this much of one. */
const QUOTE_LIMIT = 64;
export const quote = (s: string) => JSON.stringify(s.length > QUOTE_LIMIT ? `${s.slice(0, QUOTE_LIMIT)}…` : s);

/**
 * Parse the query string with a schema. A parameter given twice is refused (which one would win
 * is a guess), as is any name the schema does not know.
 */
export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const params = new URL(c.req.url).searchParams;
  // A null-prototype object, so `__proto__` is an ordinary (unknown, refused) name.
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of params) {
    if (name in query) throw new ApiError(400, "INVALID_INPUT", `query.${quote(name)}: given more than once`);
    query[name] = value;
  }
  return parseInput(schema, query, "query");
}

/** Bodies are small JSON objects; anything bigger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;
/** Bank-data syncs carry pages of records (Plaid's hold up to 500 transactions). */
export const MAX_SYNC_BODY_BYTES = 1024 * 1024;
/** The routes that take the larger bodies. */
const SYNC_ROUTE = /^\/users\/[^/]+\/(transactions|accounts|liabilities)\/sync$/;
/** The most a request to `path` may send. */
export const maxBodyBytes = (path: string) => (SYNC_ROUTE.test(path) ? MAX_SYNC_BODY_BYTES : MAX_BODY_BYTES);

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * The body as UTF-8 text, at most MAX_BODY_BYTES (the bodyLimit middleware checks first; this
 * backs it). Bytes that are not UTF-8 are refused, not replaced.
 */
async function bodyText(c: Context): Promise<string> {
  const bytes = await c.req.arrayBuffer();
  const max = maxBodyBytes(c.req.path);
  if (bytes.byteLength > max) {
    throw new ApiError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${max} bytes`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, "INVALID_INPUT", "The body is not valid UTF-8");
  }
}

function parseJsonText(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "INVALID_INPUT", "The body is not valid JSON");
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) throw new ApiError(400, "INVALID_INPUT", `body: the key ${quote(duplicate)} appears more than once`);
  return body;
}

/**
 * Check a JSON body before any schema sees it: 415 unless Content-Type is application/json
 * (UTF-8), 413 over the route's limit, 400 for bytes that are not UTF-8, broken JSON or a key given
 * twice. The route's validator then reads the same bytes (Hono keeps a body once read), which
 * this has found to be valid UTF-8 and JSON with no repeated key.
 */
export async function checkJsonBody(c: Context): Promise<void> {
  if (!JSON_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as Content-Type: application/json");
  }
  parseJsonText(await bodyText(c));
}

/**
 * For POST routes that take no body: none may be sent, not even `{}`, so a field sent by mistake
 * (or a client that thinks the route takes one) is told, not silently ignored.
 */
export async function readNoBody(c: Context): Promise<void> {
  const text = await bodyText(c);
  if (text !== "") throw new ApiError(400, "INVALID_INPUT", "body: this route takes no body; send none");
}
