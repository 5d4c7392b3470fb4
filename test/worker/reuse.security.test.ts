/**
 * Reuse carries nothing of the person a recommendation was written for, even when the model
 * disobeys its prompt. OpenAI is the one simulator at the HTTP boundary (scripts/lib/openai-
 * simulator.ts), answering the Worker's own fetch; Postgres, KV and the queue consumer are real.
 * Each test embeds under its own embedding model name, so its vectors live in a namespace of their
 * own and no other test file can match them.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadAuthorRecords } from "../../src/db/authors";
import { authorDigest, type AuthorRecord } from "../../src/domain/reuse-rule";
import type { Signals } from "../../src/domain/signals";
import { PgVectorStore } from "../../src/adapters/vector/pgvector";
import { embedUserContext } from "../../src/services/embedding";
import { createEmbedder } from "../../src/services/services";
import { contextVector } from "../../src/services/vector-records";
import { authorLeaks } from "../../scripts/lib/eval/measures";
import type { PersonFacts } from "../../scripts/lib/openai-simulator";
import { TEST_PROVIDER_KEYS } from "../setup/tokens";
import { neighbourSeed } from "../setup/person";
import { makeUser } from "./factories";
import { call, callWithEnv, consume, openAIEnv, recordingQueue, useOpenAISimulator, withDb } from "./helpers";
import { GenerateSchema, MetricsSchema, ProfileSchema, VectorSearchSchema } from "../../src/http/schemas";
import { answerOf, type GenerateAnswer } from "../support/answers";

let facts: PersonFacts | undefined;
const openai = useOpenAISimulator({ knowledge: () => facts });
beforeEach(() => {
  facts = undefined;
});

const recordOf = async (userId: string): Promise<AuthorRecord> => (await withDb((h) => loadAuthorRecords(h.db, [userId]))).get(userId)!;
// The contract documents signals as groups; the checks read their figures, so they are read as the domain's Signals.
const signalsOf = async (userId: string, window: 30 | 180): Promise<Signals> =>
  (await answerOf(await call(`/users/${userId}/profile`), ProfileSchema)).windows[`${window}`].signals as unknown as Signals;

async function generate(userId: string, overrides: Record<string, unknown>, query: string): Promise<GenerateAnswer> {
  const res = await callWithEnv(`/recommendations/generate/${userId}?force_regenerate=true${query}`, overrides, "operator", {
    method: "POST",
  });
  return answerOf(res, GenerateSchema);
}

describe("reuse under a model that disobeys its prompt", () => {
  it("A's set, written with A's figures, merchants and name, reaches B through the index with nothing of A", async () => {
    const madeA = await makeUser({ persona: "high_utilization" });
    const a = madeA.userId;
    const { sent, queue } = recordingQueue();
    const overrides = {
      ...openAIEnv("reuse-e2e"),
      VECTOR_DB_SIMILARITY_THRESHOLD: "0.3",
      EMBED_QUEUE: queue,
    };
    const recordA = await recordOf(a);
    const firstName = recordA.fullName.split(" ")[0]!;
    facts = { firstName, merchants: recordA.merchants };

    // A is served by the disobedient model; its set is approved (every guardrail passes) and queued.
    const servedA = await generate(a, overrides, "&window_days=30&use_vector_db=false");
    expect(servedA.source).toBe("openai_4o_mini");
    expect(openai.stats.leakyItems).toBeGreaterThan(0);
    expect(sent).toHaveLength(1);

    // The real consumer indexes A's set and A's context.
    await consume(sent, overrides);

    // B, a near neighbour, is served A's approved recommendations by the vector tier: another
    // high-utilization person (other figures, cards and merchants, so anything of A in B's answer is
    // A's) who can be served A's topics. Alone in this namespace, A is B's nearest neighbour.
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
    expect(openai.received.filter((r) => r.route === "chat")).toHaveLength(1); // only A's generation

    const author = {
      identity: { ...recordA, accountIds: [...recordA.accountIds], masks: [...recordA.masks], merchants: [...recordA.merchants] },
      signals: await signalsOf(a, 30),
    };
    for (const rec of servedB.recommendations) expect(authorLeaks(rec, author), `${rec.title}\n${rec.content}`).toEqual([]);
    const text = JSON.stringify(servedB);
    for (const merchant of recordA.merchants) expect(text.toLowerCase()).not.toContain(merchant.toLowerCase());
    expect(text).not.toContain(firstName);
    expect(text).not.toContain(a);
  });
});

describe("each door of the reuse rule on its own", () => {
  it("indexing: an approved item that carries its author is marked not reusable and kept out of the context", async () => {
    const { userId: author } = await makeUser({ persona: "high_utilization" });
    const overrides = openAIEnv("reuse-indexing");
    const served = await generate(author, overrides, "&window_days=180&use_vector_db=false");
    const record = await recordOf(author);
    // Text stored as an older version might have stored it: one item names a merchant the author paid.
    const [leaky, ...clean] = served.recommendations;
    const merchant = record.merchants[0]!;
    await withDb((h) =>
      h.pool.query(
        "update recommendations set content = $1, shareable_title = null, shareable_content = null, status = 'approved' where id = $2",
        [`Your payments to ${merchant} add up.`, leaky!.id],
      ),
    );
    await withDb((h) => h.pool.query("update recommendations set status = 'approved' where id = any($1)", [clean.map((r) => r.id)]));

    await consume(
      [{ kind: "embed_recommendations", user_id: author, window_days: 180, recommendation_ids: served.recommendations.map((r) => r.id) }],
      overrides,
    );

    const rows = await withDb(
      async (h) =>
        (
          await h.pool.query("select id, metadata from vectors where embedder = $1 order by id", [
            "openai:simulated-embedding-reuse-indexing",
          ])
        ).rows,
    );
    const context = rows.find((r) => r.id === `context_${author}_180`)?.metadata;
    const items = JSON.parse(context.items) as { id: string }[];
    expect(items.map((i) => i.id).sort()).toEqual(clean.map((r) => r.id).sort());
    expect(rows.find((r) => r.id === `rec_${leaky!.id}`)?.metadata).toMatchObject({ reusable: false, reuse_rule: 2 });
    for (const r of clean) expect(rows.find((row) => row.id === `rec_${r.id}`)?.metadata).toMatchObject({ reusable: true });
  });

  it("serving: items in the index that carry their author are dropped, counted and never served", async () => {
    const { userId: requester } = await makeUser({ persona: "savings_builder" });
    const overrides = openAIEnv("reuse-serving");
    const model = overrides.OPENAI_EMBEDDING_MODEL;
    await call(`/users/${requester}/features?window_days=30`, { method: "POST" });
    const signals = await signalsOf(requester, 30);
    const profile = (await answerOf(await call(`/users/${requester}/profile`), ProfileSchema)).windows["30"];
    // A made-up author, indexed as if by an older version: an identical profile, and three items
    // for topics eligible for the requester that carry the author's figures, merchant and name.
    const made = {
      userId: "door_author_1",
      fullName: "Quinn Marr",
      email: "quinn@example.test",
      accountIds: ["acc_door_1"],
      masks: ["7788"],
      merchants: ["Zephyr Gym"],
    };
    // The three topics that are eligible for anyone.
    const topics = ["financial_checkup", "check_your_credit_report", "protect_your_accounts"];
    const items = topics.map((topic, i) => ({
      id: crypto.randomUUID(),
      topic,
      title: ["Quinn, a plan for you", "A regular financial check-up", "Protect your accounts from fraud"][i]!,
      content: [
        "Many people review their money once a season.",
        "Your Zephyr Gym membership adds up: look at it again.",
        "Your five cards deserve a look.",
      ][i]!,
    }));
    await withDb(async (h) => {
      const embedder = createEmbedder({ openaiApiKey: TEST_PROVIDER_KEYS.openai, model, dimensions: 1536 });
      const store = new PgVectorStore(h.db, { embedderId: embedder.id, dimensions: 1536 });
      const { vector, text } = await embedUserContext(embedder, signals, profile.persona as never);
      await store.upsert([
        contextVector(
          {
            userId: made.userId,
            windowDays: 30,
            personaType: profile.persona.persona_type,
            canonicalText: text,
            items,
            author: authorDigest(made),
          },
          vector,
        ),
      ]);
    });

    const search = await answerOf(
      await callWithEnv(`/vector/search?user_id=${requester}&window_days=30`, { ...overrides, VECTOR_DB_SIMILARITY_THRESHOLD: "0.3" }),
      VectorSearchSchema,
    );
    expect(search.decision).toBe("generator");
    expect(search.dropped.map((d) => d.id).sort()).toEqual(items.map((i) => i.id).sort());

    const since = new Date(Date.now() - 1000).toISOString();
    const served = await generate(requester, { ...overrides, VECTOR_DB_SIMILARITY_THRESHOLD: "0.3" }, "&window_days=30");
    expect(served.source).not.toBe("vector_db");
    const text = JSON.stringify(served);
    for (const leak of ["Quinn", "Zephyr", "five cards"]) expect(text).not.toContain(leak);
    await vi.waitFor(async () => {
      const metrics = await answerOf(await call(`/metrics?from=${encodeURIComponent(since)}`), MetricsSchema);
      expect(metrics.reuse.dropped_at_serving).toBeGreaterThanOrEqual(3);
    });
  });
});
