import type { z } from "zod";
import type { ErrorSchema } from "../../src/http/openapi";
import type { AuditSchema, GenerateSchema, RecommendationListSchema, ReviewQueueSchema, VectorSearchSchema } from "../../src/http/schemas";

/**
 * Route answers as the route contracts (src/http/schemas.ts) declare them: tests read the types the
 * document publishes, never a hand-written copy that could drift from it.
 */
export type GenerateAnswer = z.infer<typeof GenerateSchema>;
export type ServedItem = GenerateAnswer["recommendations"][number];
export type RecommendationList = z.infer<typeof RecommendationListSchema>;
export type AuditAnswer = z.infer<typeof AuditSchema>;
export type ReviewQueueAnswer = z.infer<typeof ReviewQueueSchema>;
export type VectorSearchAnswer = z.infer<typeof VectorSearchSchema>;
export type ErrorAnswer = z.infer<typeof ErrorSchema>;

/**
 * The answer of a request a test builds on, checked against its contract. When the precondition
 * fails (another status, or a body that breaks the schema), the failure shows the status and the
 * body that came back, so a flaky precondition names its cause instead of failing later on an
 * undefined field.
 */
export async function answerOf<T extends z.ZodType>(res: Response, schema: T, status = 200): Promise<z.infer<T>> {
  const text = await res.text();
  const shown = `${res.status} ${text.slice(0, 2000)}`;
  if (res.status !== status) throw new Error(`expected status ${status}, got ${shown}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`expected a JSON answer, got ${shown}`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`the answer breaks its contract (${parsed.error.message}): ${shown}`);
  // The body as sent, not zod's copy: parsing strips unknown keys, and leak checks must see them.
  return body as z.infer<T>;
}
