/**
 * Every field of a recommendation survives every path a set takes: served before it is stored
 * (the rows the answer and cache carry), carried by the queue when the store is deferred, and
 * stored by the real consumer. The expectation is written here by hand, field by field, and the
 * stored row is read whole: a column that one path drops (or the table gains) fails the comparison.
 */
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOfSet, type RecommendationSet } from "../../src/db/recommendations";
import { recommendations } from "../../src/db/schema";
import { storeSetMessage } from "../../src/services/served-sets";
import { makeUser } from "./factories";
import { api, consume, withDb } from "./helpers";
import { must } from "../support/must";

describe("a recommendation's fields", () => {
  it("all reach the stored row through the store-set queue message, as the served rows had them", async () => {
    const { userId } = await makeUser({ persona: "high_utilization" });
    // An earlier recommendation to reuse from (reused_from_id is a foreign key).
    const { data } = await api().POST("/recommendations/generate/{user_id}", {
      params: { path: { user_id: userId }, query: { window_days: 180, use_vector_db: false } },
    });
    const reusedFrom = must(data?.recommendations[0], "the earlier set's first recommendation").id;

    // Every field given, none null: nothing may come back null or missing.
    const item = {
      id: crypto.randomUUID(),
      topic: "credit_utilization",
      title: "A title for the author",
      content: "Content for the author.",
      rationale: "Because your card is at 72% of its limit.",
      disclosure: "Educational content, not financial advice.",
      shareableTitle: "A title others may be shown",
      shareableContent: "Content others may be shown.",
      status: "approved" as const,
      source: "vector_db",
      similarityScore: 0.875,
      reusedFromId: reusedFrom,
      model: "a-model",
      promptTokens: 321,
      completionTokens: 123,
    };
    const second = { ...item, id: crypto.randomUUID(), topic: "emergency_fund", status: "pending" as const };
    const requestStartedAt = new Date(Date.now() - 1000);
    const set: RecommendationSet & { setId: string } = {
      setId: crypto.randomUUID(),
      userId,
      windowDays: 30,
      personaType: "high_utilization",
      actor: "engine",
      items: [item, second],
      requestStartedAt,
    };
    const setFields = { setId: set.setId, userId, windowDays: 30, personaType: "high_utilization", requestStartedAt };
    const unreviewed = { reviewedAt: null, reviewNote: null, withdrawnAt: null };
    const expected = [
      { ...item, ...setFields, ...unreviewed, position: 0 },
      { ...second, ...setFields, ...unreviewed, position: 1 },
    ];
    const stamped = ({ createdAt, updatedAt, ...rest }: Record<string, unknown>) => {
      expect(createdAt).toBeInstanceOf(Date);
      expect(updatedAt).toBeInstanceOf(Date);
      return rest;
    };

    // What the answer and the cache carry before the store lands.
    expect(rowsOfSet(set).map(stamped)).toEqual(expected);

    // The deferred store: the message, as the queue carries it (JSON-safe), through the real consumer.
    const message = JSON.parse(JSON.stringify(storeSetMessage(set)));
    await consume([message]);
    const stored = await withDb((h) =>
      h.db
        .select()
        .from(recommendations)
        .where(
          inArray(
            recommendations.id,
            expected.map((e) => e.id),
          ),
        ),
    );
    expect(stored.sort((a, b) => a.position - b.position).map(stamped)).toEqual(expected);
  });
});
