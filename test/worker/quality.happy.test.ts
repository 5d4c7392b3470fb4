/**
 * Quality watched live: a sampled vector-tier hit goes through the queue, the real consumer answers
 * it again with the generator (OpenAI, simulated at its HTTP boundary, behind the global budget),
 * and GET /metrics and the console's metrics page show the figures per persona with Wilson intervals.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { SESSION_COOKIE } from "../../src/console/session";
import { neighbourSeed } from "../setup/person";
import { makeUser } from "./factories";
import {
  call,
  callWithEnv,
  consume,
  openAIEnv,
  recordingQueue,
  useOpenAISimulator,
  withDb,
  CONSOLE_ORIGIN,
  consoleSignIn,
} from "./helpers";
import type { Env } from "../../src/config";
import { GenerateSchema, MetricsSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const openai = useOpenAISimulator({ behaviour: "obedient" });
const BOUNDARY = openAIEnv("quality-live");
const ORIGIN = CONSOLE_ORIGIN;

const generate = async (userId: string, overrides: Record<string, unknown>, query = "") =>
  answerOf(
    await callWithEnv(`/recommendations/generate/${userId}?window_days=30&force_regenerate=true${query}`, overrides, "operator", {
      method: "POST",
    }),
    GenerateSchema,
  );

/** A requester whose 30-day answer comes from the vector tier: a neighbour indexed, then someone near them. */
async function vectorTierRequester(): Promise<string> {
  const neighbour = await makeUser({ persona: "savings_builder" });
  const set = await generate(neighbour.userId, BOUNDARY, "&use_vector_db=false");
  const batch = createMessageBatch("spendsense-embeddings", [
    {
      id: `index-${neighbour.userId}`,
      timestamp: new Date(),
      attempts: 1,
      body: {
        kind: "embed_recommendations",
        user_id: neighbour.userId,
        window_days: 30,
        recommendation_ids: set.recommendations.map((r) => r.id),
      },
    },
  ]);
  await worker.queue(batch, { ...env, ...BOUNDARY } as never, createExecutionContext());
  const requester = await makeUser({
    persona: neighbour.persona,
    seed: neighbourSeed(
      neighbour,
      set.recommendations.map((r) => r.topic),
      30,
    ),
  });
  return requester.userId;
}

let cookie = "";
beforeAll(async () => {
  cookie = await consoleSignIn();
});

describe("live quality of the vector tier", () => {
  it("samples the configured share of hits, answers them again off the request path, and shows the figures in /metrics and the console", async () => {
    const userId = await vectorTierRequester();
    const sampled = recordingQueue();
    const hit = await generate(userId, {
      ...BOUNDARY,
      VECTOR_DB_SIMILARITY_THRESHOLD: "0.3",
      QUALITY_SAMPLE_RATE: "1",
      EMBED_QUEUE: sampled.queue,
    });
    expect(hit.source).toBe("vector_db");
    const samples = sampled.sent.filter((m) => (m as { kind: string }).kind === "quality_sample") as {
      served_topics: string[];
      persona_type: string;
    }[];
    expect(samples).toHaveLength(1);
    expect(samples[0]!.served_topics).toEqual(hit.recommendations.map((r) => r.topic));

    // A share of 0 samples nothing; the request path never calls the generator either way.
    const unsampled = recordingQueue();
    const chatsBefore = openai.stats.chat;
    expect(
      (
        await generate(userId, {
          ...BOUNDARY,
          VECTOR_DB_SIMILARITY_THRESHOLD: "0.3",
          QUALITY_SAMPLE_RATE: "0",
          EMBED_QUEUE: unsampled.queue,
        })
      ).source,
    ).toBe("vector_db");
    expect(unsampled.sent.filter((m) => (m as { kind: string }).kind === "quality_sample")).toEqual([]);
    expect(openai.stats.chat).toBe(chatsBefore);

    // The consumer answers the sample with the generator (OpenAI), and a second one whose set missed the generator's top topic: a false hit.
    await consume([samples[0], { ...samples[0], served_topics: ["protect_your_accounts"] }], BOUNDARY);
    expect(openai.stats.chat).toBe(chatsBefore + 2);

    const metrics = await answerOf(await call("/metrics"), MetricsSchema);
    const mine = metrics.quality.find((q) => q.persona_type === samples[0]!.persona_type)!;
    expect(mine.samples).toBe(2);
    expect(mine.false_hit_rate.n).toBe(2);
    expect(mine.false_hit_rate.successes).toBeGreaterThanOrEqual(1);
    // Wilson 95% intervals for 1 and 2 successes out of 2.
    const expected = mine.false_hit_rate.successes === 1 ? { low: 0.0945, high: 0.9055 } : { low: 0.3424, high: 1 };
    expect(mine.false_hit_rate).toMatchObject({ rate: mine.false_hit_rate.successes / 2, ...expected });
    expect(mine.top_topic_agreement.successes).toBeLessThanOrEqual(1);
    expect(mine.recommended_threshold).toBeNull(); // two samples support no threshold yet

    const page = await (
      await exports.default.fetch(new Request(`${ORIGIN}/console/metrics?range=1h`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } }))
    ).text();
    const table = page.slice(page.indexOf('id="quality-table"'));
    expect(table).toContain(`>${samples[0]!.persona_type}</th><td>2</td>`);
    expect(table).toContain(mine.false_hit_rate.successes === 1 ? "50.0% (9.4–90.5%)" : "100.0% (34.2–100.0%)");
  });

  it("skips a sample, without calling OpenAI or retrying it, when the OpenAI budget is spent", async () => {
    const { userId, persona } = await makeUser({ persona: "savings_builder" });
    expect((await call(`/users/${userId}/features?window_days=30`, { method: "POST" })).status).toBe(200);
    // A budget object of this test's own behind the binding's "global" name: spending the real global
    // budget would starve other files' OpenAI work in this runtime.
    const real = (env as Env).OPENAI_BUDGET;
    const name = `quality-budget-${crypto.randomUUID()}`;
    const budget = real.get(real.idFromName(name));
    const binding = { idFromName: () => real.idFromName(name), get: (id: DurableObjectId) => real.get(id) };
    // Spent as of an hour ahead: it cannot refill before the sample asks (see jobs.happy).
    const later = Date.now() + 3_600_000;
    while ((await budget.acquire(100_000, later)).ok);

    const message = {
      kind: "quality_sample",
      user_id: userId,
      window_days: 30,
      persona_type: persona,
      similarity_score: 0.9,
      served_topics: ["emergency_fund"],
    };
    const batch = createMessageBatch("spendsense-embeddings", [
      { id: `sample-${userId}`, timestamp: new Date(), attempts: 1, body: message },
    ]);
    const ctx = createExecutionContext();
    const chatsBefore = openai.stats.chat;
    await worker.queue(batch, { ...env, ...BOUNDARY, OPENAI_BUDGET: binding } as never, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toEqual([`sample-${userId}`]);
    expect(openai.stats.chat).toBe(chatsBefore);
    const recorded = await withDb(
      async (h) => (await h.pool.query("select count(*)::int as n from quality_samples where user_id = $1", [userId])).rows[0],
    );
    expect(recorded).toEqual({ n: 0 });

    // With the budget back, the same sample is answered and recorded: the skip was the budget's doing.
    await budget.settle(200_000, 0, later);
    await worker.queue(
      createMessageBatch("spendsense-embeddings", [{ id: `sample-again-${userId}`, timestamp: new Date(), attempts: 1, body: message }]),
      { ...env, ...BOUNDARY, OPENAI_BUDGET: binding } as never,
      createExecutionContext(),
    );
    expect(openai.stats.chat).toBe(chatsBefore + 1);
    const again = await withDb(
      async (h) => (await h.pool.query("select count(*)::int as n from quality_samples where user_id = $1", [userId])).rows[0],
    );
    expect(again).toEqual({ n: 1 });
  });
});
