/** Every answer's order is stored, and the list routes keep it (docs/URGENT_TOPICS.md). */
import { describe, expect, it } from "vitest";
import { makeUser, type Persona } from "./factories";
import { call, withDb } from "./helpers";
import { GenerateSchema, RecommendationListSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

describe("priority order", () => {
  it("a set is listed in the order it was answered in, and stored with it", async () => {
    const personas: Persona[] = ["high_utilization", "variable_income", "subscription_heavy", "savings_builder"];
    for (const persona of personas) {
      const { userId } = await makeUser({ persona });
      const answered = await answerOf(
        await call(`/recommendations/generate/${userId}?window_days=30&use_vector_db=false&force_regenerate=true`, { method: "POST" }),
        GenerateSchema,
      );
      expect(answered.recommendations.length).toBeGreaterThanOrEqual(3);
      const listed = await answerOf(await call(`/recommendations/${userId}?window_days=30`), RecommendationListSchema);
      expect(
        listed.recommendations.map((r) => r.id),
        persona,
      ).toEqual(answered.recommendations.map((r) => r.id));
      const stored = await withDb(
        async (h) =>
          (await h.pool.query("select id, position from recommendations where user_id = $1 order by position", [userId])).rows as {
            id: string;
            position: number;
          }[],
      );
      expect(stored.map((r) => r.id)).toEqual(answered.recommendations.map((r) => r.id));
      expect(stored.map((r) => r.position)).toEqual(answered.recommendations.map((_, i) => i));
    }
  });
});
