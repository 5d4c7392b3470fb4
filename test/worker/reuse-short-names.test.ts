/**
 * Reuse under a model that names the requester's merchants the way people do ("your Xfinity bill"
 * for a recurring charge from "Comcast Xfinity"): nothing of the author reaches their neighbour.
 * The old reuse rule (a list of what the author's record spells) let these through. OpenAI is the
 * one simulator at the HTTP boundary; Postgres, KV and the queue consumer are real.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { loadAuthorRecords } from "../../src/db/authors";
import type { AuthorRecord } from "../../src/domain/reuse-rule";
import type { PersonFacts } from "../../scripts/lib/openai-simulator";
import { shortForms } from "../../scripts/lib/eval/personalities";
import { neighbourSeed } from "../setup/person";
import { makeUser } from "./factories";
import { call, callWithEnv, consume, openAIEnv, recordingQueue, useOpenAISimulator, withDb } from "./helpers";
import { GenerateSchema, MetricsSchema, RecommendationListSchema } from "../../src/http/schemas";
import { answerOf, type GenerateAnswer } from "../support/answers";

let facts: PersonFacts | undefined;
const openai = useOpenAISimulator({ knowledge: () => facts, personality: "short_names", leakShare: 1 });
beforeEach(() => {
  facts = undefined;
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
const recordOf = async (userId: string): Promise<AuthorRecord> => (await withDb((h) => loadAuthorRecords(h.db, [userId]))).get(userId)!;

async function generate(userId: string, overrides: Record<string, unknown>, query: string): Promise<GenerateAnswer> {
  const res = await callWithEnv(`/recommendations/generate/${userId}?force_regenerate=true${query}`, overrides, "operator", {
    method: "POST",
  });
  return answerOf(res, GenerateSchema);
}

describe("reuse under a model that writes short merchant names", () => {
  it("A keeps the model's text; B, served A's set through the queue consumer and the index, gets none of A's merchants in any form", async () => {
    const madeA = await makeUser({ persona: "high_utilization" });
    const a = madeA.userId;
    const { sent, queue } = recordingQueue();
    const overrides = { ...openAIEnv("reuse-short-names"), VECTOR_DB_SIMILARITY_THRESHOLD: "0.3", EMBED_QUEUE: queue };
    const recordA = await recordOf(a);
    facts = { firstName: recordA.fullName.split(" ")[0]!, merchants: recordA.merchants };
    const forms = [...new Set(recordA.merchants.flatMap(shortForms))];
    // As the model writes them: capitalized, as whole words.
    const written = (text: string) => forms.filter((f) => new RegExp(`(^|[^A-Za-z])${escapeRegExp(f)}($|[^A-Za-z])`).test(text));

    const servedA = await generate(a, overrides, "&window_days=30&use_vector_db=false");
    expect(servedA.source).toBe("openai_4o_mini");
    // The model did write A's merchants by their short names, and A reads them.
    expect(written(JSON.stringify(servedA.recommendations))).not.toEqual([]);
    expect(sent).toHaveLength(1);

    // The real queue consumer indexes A's set and A's context.
    await consume(sent, overrides);

    const { userId: b } = await makeUser({
      persona: "high_utilization",
      seed: neighbourSeed(
        madeA,
        servedA.recommendations.map((r) => r.topic),
        30,
      ),
    });
    facts = undefined;
    const servedB = await generate(b, overrides, "&window_days=30");
    expect(servedB.source).toBe("vector_db");
    expect(openai.received.filter((r) => r.route === "chat")).toHaveLength(1);
    expect(written(JSON.stringify(servedB.recommendations))).toEqual([]);

    // A still reads the model's text; what was shared of it is the catalog's text, and /metrics counts it.
    const listedA = await answerOf(await call(`/recommendations/${a}?window_days=30`), RecommendationListSchema);
    expect(written(JSON.stringify(listedA.recommendations))).not.toEqual([]);
    const metrics = await answerOf(await call("/metrics"), MetricsSchema);
    expect(metrics.reuse.shareable_differs).toBeGreaterThan(0);
    expect(metrics.reuse.shareable_differs).toBeLessThanOrEqual(metrics.reuse.generated_items);
  });
});
