/**
 * Bulk jobs fanned out over the queue: created with their items, paged out by the fan-out, done
 * by the real consumer, reported by GET /jobs/:id; a re-run skips finished work; failures retry,
 * then dead-letter and are listed; OpenAI calls wait on the one global budget.
 */
import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/config";
import { callWithEnv, openAIEnv, recordingQueue, useOpenAISimulator } from "./helpers";
import { seedSpender, seedUsers } from "./factories";
import { JobSchema, JobStartedSchema, RecommendationListSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

useOpenAISimulator({ behaviour: "obedient" });

/** Run the jobs queue's consumer on these bodies, as attempt `attempts`; returns what it acked, retried, sent and dead-lettered. */
async function runJobs(bodies: unknown[], overrides: Record<string, unknown> = {}, attempts = 1) {
  const sent = recordingQueue();
  const dlq = recordingQueue();
  const batch = createMessageBatch(
    "spendsense-jobs",
    bodies.map((body, i) => ({ id: `job-msg-${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts, body })),
  );
  const retried: string[] = [];
  for (const m of batch.messages) {
    const retry = m.retry.bind(m);
    m.retry = (o) => (retried.push(m.id), retry(o));
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, JOB_QUEUE: sent.queue, JOB_DLQ: dlq.queue, ...overrides } as never, ctx);
  await waitOnExecutionContext(ctx);
  return { sent: sent.sent, dlq: dlq.sent, retried };
}

/** Start a job through the API, then run its fan-out and items through the consumer until nothing is left. */
async function runJob(kind: "recommendations" | "vectors", filter: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const { sent, queue } = recordingQueue();
  const res = await callWithEnv(`/jobs/${kind}`, { ...overrides, JOB_QUEUE: queue }, "operator", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(filter),
  });
  const job = await answerOf(res, JobStartedSchema, 202);
  let pending = [...sent];
  for (let round = 0; pending.length && round < 20; round++) pending = (await runJobs(pending, overrides)).sent;
  return job;
}

const progress = async (id: string) => answerOf(await callWithEnv(`/jobs/${id}`, {}), JobSchema);

describe("POST /jobs/recommendations", () => {
  it("does one item per person and window, reports them done, and a re-run asks for nothing", async () => {
    const people = ["job_person_1", "job_person_2", "job_person_3"];
    for (const p of people) await seedSpender(p);
    const job = await runJob("recommendations", { user_ids: people });
    expect(job.total).toBe(6);
    expect(await progress(job.id)).toMatchObject({ total: 6, done: 6, failed: 0, remaining: 0, finished: true, eta_seconds: 0 });
    const sets = await answerOf(await callWithEnv(`/recommendations/${people[0]}`, {}), RecommendationListSchema);
    expect(new Set(sets.recommendations.map((r) => r.window_days))).toEqual(new Set([30, 180]));

    const again = await runJob("recommendations", { user_ids: people });
    expect(again.total).toBe(0);
  });

  it("pages the fan-out: more items than one page are all sent, in pages of 100", async () => {
    const people = Array.from({ length: 60 }, (_, i) => `job_page_${String(i).padStart(3, "0")}`);
    await seedUsers(people);
    const { sent, queue } = recordingQueue();
    const res = await callWithEnv("/jobs/recommendations", { JOB_QUEUE: queue }, "operator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_ids: people }),
    });
    expect((await answerOf(res, JobStartedSchema, 202)).total).toBe(120);
    const first = await runJobs(sent);
    const items = first.sent.filter((m) => (m as { kind: string }).kind === "job_item");
    const next = first.sent.filter((m) => (m as { kind: string }).kind === "job_fanout");
    expect(items).toHaveLength(100);
    expect(next).toHaveLength(1);
    const second = await runJobs(next);
    expect(second.sent.filter((m) => (m as { kind: string }).kind === "job_item")).toHaveLength(20);
    expect(second.sent.filter((m) => (m as { kind: string }).kind === "job_fanout")).toHaveLength(0);
  });

  it("retries a failing item with backoff, then dead-letters it and lists it as failed", async () => {
    const broken = "job_no_transactions";
    await seedUsers([broken]); // no transactions: its signals cannot be computed
    const { sent, queue } = recordingQueue();
    const res = await callWithEnv("/jobs/recommendations", { JOB_QUEUE: queue }, "operator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_ids: [broken], window_days: 30 }),
    });
    const job = await answerOf(res, JobStartedSchema, 202);
    const item = (await runJobs(sent)).sent[0];
    for (const attempt of [1, 2, 3]) {
      const run = await runJobs([item], {}, attempt);
      expect(run.retried).toHaveLength(1);
      expect(run.dlq).toEqual([]);
    }
    expect(await progress(job.id)).toMatchObject({ remaining: 1, failed: 0 });
    const last = await runJobs([item], {}, 4);
    expect(last.retried).toEqual([]);
    expect(last.dlq).toEqual([expect.objectContaining({ reason: "max_attempts" })]);
    const p = await progress(job.id);
    expect(p).toMatchObject({ failed: 1, remaining: 0, finished: true });
    expect(p.failures[0]).toMatchObject({ user_id: broken, window_days: 30 });
    expect(p.failures[0]!.error).toContain("no transactions");
  });

  it("puts an item back for later, without spending an attempt, when the OpenAI budget is spent", async () => {
    const person = "job_budget_1";
    await seedSpender(person);
    const budget = (env as Env).OPENAI_BUDGET.get((env as Env).OPENAI_BUDGET.idFromName("global"));
    // Spend the minute's tokens (the limit is wrangler.toml's 200,000 a minute), as of an hour from
    // now: the bucket refills only from the time it was last used, so the item's request below finds
    // it empty however long this machine takes to get there (at real time it refilled 2,800 tokens,
    // one item's estimate, in 0.84 s, and a loaded run let the item through).
    const later = Date.now() + 3_600_000;
    while ((await budget.acquire(100_000, later)).ok);
    try {
      const overrides = { ...openAIEnv("jobs-budget"), VECTOR_DB_ENABLED: "false" };
      const { sent, queue } = recordingQueue();
      const res = await callWithEnv("/jobs/recommendations", { ...overrides, JOB_QUEUE: queue }, "operator", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user_ids: [person], window_days: 30 }),
      });
      const job = await answerOf(res, JobStartedSchema, 202);
      const item = (await runJobs(sent, overrides)).sent[0];
      const run = await runJobs([item], overrides);
      expect(run.retried).toEqual([]);
      expect(run.dlq).toEqual([]);
      expect(run.sent).toEqual([item]); // the same item, sent again for later
      expect(await progress(job.id)).toMatchObject({ remaining: 1, done: 0, failed: 0 });
    } finally {
      // Give the minute's tokens back: other files in this runtime (the live-quality sampler) draw on the same global budget.
      await budget.settle(200_000, 0);
    }
  });
});

describe("the OpenAI budget", () => {
  it("grants within the per-minute limits, says how long to wait past them, and refills with time", async () => {
    const budget = (env as Env).OPENAI_BUDGET.get((env as Env).OPENAI_BUDGET.idFromName("budget-unit-test"));
    const t0 = 1_800_000_000_000;
    expect(await budget.acquire(150_000, t0)).toEqual({ ok: true, retryAfterMs: 0 });
    const refused = await budget.acquire(100_000, t0);
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterMs).toBe(15_000); // 50,000 tokens short at 200,000 a minute
    expect((await budget.acquire(100_000, t0 + 15_000)).ok).toBe(true);
    // Using fewer tokens than estimated gives the rest back.
    await budget.settle(100_000, 10_000, t0 + 15_000);
    expect((await budget.acquire(90_000, t0 + 15_000)).ok).toBe(true);
  });
});

describe("POST /jobs/vectors", () => {
  it("indexes each person-window's approved recommendations and context, and skips them on a re-run", async () => {
    const person = "job_vectors_1";
    await seedSpender(person);
    await runJob("recommendations", { user_ids: [person] });
    const job = await runJob("vectors", { user_ids: [person] });
    expect(job.total).toBe(2);
    expect(await progress(job.id)).toMatchObject({ done: 2, remaining: 0 });
    expect((await runJob("vectors", { user_ids: [person] })).total).toBe(0);
  });
});
