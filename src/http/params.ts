import { z } from "zod";

/** Ids as the data format writes them: letters, digits, _ and -, at most 64 characters. */
export const userIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 letters, digits, _ or -");

export const userIdParams = z.object({ user_id: userIdSchema }).strict();

export const paginationQuery = z
  .object({
    limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(100).default(20),
    cursor: userIdSchema.optional(),
  })
  .strict();

/** For routes that take no query parameters: anything sent is a mistake worth reporting. */
export const noQuery = z.object({}).strict();
