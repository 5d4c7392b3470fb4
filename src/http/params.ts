import type { Context } from "hono";
import { z } from "zod";
import { ApiError, parseInput } from "../errors";
import { PERSONA_TYPES } from "../domain/personas";

/** Ids as the data format writes them: letters, digits, _ and -, at most 64 characters. */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");

export const userIdParams = z.object({ user_id: userIdSchema }).strict();
export const recommendationIdParams = z.object({ id: z.uuid({ error: "must be a recommendation id (UUID)" }) }).strict();

const queryBool = (fallback: boolean) =>
  z.enum(["true", "false"], { error: 'must be "true" or "false"' }).default(fallback ? "true" : "false").transform((v) => v === "true");

/** 30 or 180; anything else is refused, not rounded. */
export const windowDaysSchema = z.enum(["30", "180"], { error: "must be 30 or 180" }).transform((v) => Number(v) as 30 | 180);

const limit = z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(100).default(20);
const offset = z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0).max(1_000_000).default(0);

export const pageQuery = z.object({ limit, offset }).strict();

export const userListQuery = z
  .object({
    limit,
    offset,
    persona: z.enum(PERSONA_TYPES).optional(),
    window_days: windowDaysSchema.default(30),
    /** Only users still missing recommendations for a window (what the bulk job works through). */
    without_recommendations: queryBool(false),
  })
  .strict();

export const windowQuery = z.object({ window_days: windowDaysSchema.default(30) }).strict();

export const generateQuery = z
  .object({ window_days: windowDaysSchema.default(30), force_regenerate: queryBool(false), use_vector_db: queryBool(true) })
  .strict();

export const recommendationListQuery = z
  .object({
    status: z.enum(["pending", "approved", "rejected", "flagged", "superseded"]).optional(),
    window_days: windowDaysSchema.optional(),
  })
  .strict();

/** For routes that take no query parameters: anything sent is a mistake worth reporting. */
export const noQuery = z.object({}).strict();

/** Bodies are small JSON objects; anything bigger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Parse a JSON body: 415 for another content type, 400 for broken JSON or a schema mismatch. */
export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as Content-Type: application/json");
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "INVALID_INPUT", "The body is not valid JSON");
  }
  return parseInput(schema, body, "body");
}
