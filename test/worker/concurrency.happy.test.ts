import { describe, expect, inject, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "../../src/db/client";
import { insertRecommendationSet } from "../../src/db/recommendations";
import { makeUser, type DatabaseBindings, type MadeUser, type Persona } from "./factories";
import { callWithEnv, errorOf } from "./helpers";
import { AuditSchema, GenerateSchema, RecommendationListSchema } from "../../src/http/schemas";
import { answerOf, type GenerateAnswer } from "../support/answers";

// These tests point the Worker at a real PostgreSQL whose sessions run in parallel
// (test/setup/real-db.ts), through the same kind of bridge and the same Neon driver as the other
// tests: the embedded database runs one session at a time, so no race could happen in it.
const REAL_DB: DatabaseBindings = { DATABASE_URL: inject("realDatabaseUrl"), DATABASE_WS_PROXY: inject("realDatabaseWsProxy") };
// Indexing is off: the queue consumer runs with the project's bindings (the embedded database).
const ON_REAL_DB = { ...REAL_DB, VECTOR_DB_ENABLED: "false" };

const call = (path: string, init: RequestInit = {}) => callWithEnv(path, ON_REAL_DB, "operator", init);
const postJson = (path: string, body: unknown) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/**
 * A person in the real database. Their consent is granted through the API, as an operator would:
 * that records it in the person's Durable Object too, which otherwise loads it once from the
 * project's own database, where this person does not exist.
 */
async function makeRealUser(persona: Persona): Promise<MadeUser> {
  const person = await makeUser({ persona, consent: "pending", database: REAL_DB });
  const res = await postJson("/consent", { user_id: person.userId, action: "grant" });
  expect(res.status, await res.clone().text()).toBe(200);
  return person;
}

function openDb(): DatabaseHandle {
  return createDatabase({ databaseUrl: REAL_DB.DATABASE_URL, wsProxy: REAL_DB.DATABASE_WS_PROXY });
}

/** The distinct sets ever stored for a user and window, superseded or not. */
async function setIdsOf(userId: string, windowDays: number): Promise<string[]> {
  const handle = openDb();
  try {
    const { rows } = await handle.pool.query("select distinct set_id from recommendations where user_id = $1 and window_days = $2", [
      userId,
      windowDays,
    ]);
    return rows.map((r) => r.set_id as string).sort();
  } finally {
    await handle.close();
  }
}

/** Sessions of this database other than the asking one that wait for a lock right now. */
async function sessionsWaitingOnLocks(handle: DatabaseHandle): Promise<number> {
  const { rows } = await handle.pool.query(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'",
  );
  return rows[0].n as number;
}

/**
 * Run `race` while a side session holds `lockSql` in an open transaction, and let it go only once
 * `sessions` sessions wait for a lock in Postgres at the same time. That both proves the requests
 * really overlap in the database (each Worker request opens its own session) and makes every
 * request reach its critical section before any of them finishes: the race the guard must settle.
 */
async function raceBehindLock<T>(lockSql: string, params: unknown[], sessions: number, race: () => Promise<T>): Promise<T> {
  const holder = openDb();
  const watcher = openDb();
  const client = await holder.pool.connect();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await client.query("rollback");
  };
  try {
    await client.query("begin");
    await client.query(lockSql, params);
    const racing = race();
    racing.catch(() => {}); // awaited below; a rejection must not go unhandled while we wait
    await expect
      .poll(() => sessionsWaitingOnLocks(watcher), {
        timeout: 20_000,
        interval: 25,
        message: `${sessions} requests waiting in Postgres at once`,
      })
      .toBe(sessions);
    await release();
    return await racing;
  } finally {
    await release();
    client.release();
    await holder.close();
    await watcher.close();
  }
}

describe("concurrent generates", () => {
  it("N concurrent generates for one user store exactly one set, and all answer with it", async () => {
    const N = 6;
    const { userId } = await makeRealUser("savings_builder");
    const before = await setIdsOf(userId, 180);
    const path = `/recommendations/generate/${userId}?window_days=180&force_regenerate=true&use_vector_db=false`;
    // Writes to recommendations wait behind a SHARE lock until all N requests are in Postgres.
    const responses = await raceBehindLock("lock table recommendations in share mode", [], N, () =>
      Promise.all(Array.from({ length: N }, () => call(path, { method: "POST" }))),
    );
    // A failed precondition shows the status and body it got, not just a number.
    const statuses = await Promise.all(responses.map(async (r) => (r.status === 200 ? 200 : `${r.status} ${await r.clone().text()}`)));
    expect(statuses).toEqual(Array(N).fill(200));
    const after = await setIdsOf(userId, 180);
    expect(
      after.filter((id) => !before.includes(id)),
      "sets stored by the N requests",
    ).toHaveLength(1);

    const bodies = await Promise.all(responses.map((r) => answerOf(r, GenerateSchema)));
    const ids = (g: GenerateAnswer) => g.recommendations.map((r) => r.id).sort();
    for (const body of bodies) expect(ids(body)).toEqual(ids(bodies[0]!));
    const stored = await answerOf(await call(`/recommendations/${userId}?window_days=180`), RecommendationListSchema);
    expect(stored.recommendations.map((r) => r.id).sort()).toEqual(ids(bodies[0]!));
  });

  it("a later regeneration still stores a new set", async () => {
    const { userId } = await makeRealUser("savings_builder");
    const path = `/recommendations/generate/${userId}?window_days=180&force_regenerate=true&use_vector_db=false`;
    const first = await answerOf(await call(path, { method: "POST" }), GenerateSchema);
    const second = await answerOf(await call(path, { method: "POST" }), GenerateSchema);
    expect(second.recommendations[0]?.id).not.toBe(first.recommendations[0]?.id);
  });
});

describe("concurrent reviews", () => {
  it("approve and reject of one recommendation at once: one wins, the other gets 409 naming the winner's status", async () => {
    const { userId } = await makeRealUser("variable_income");
    const res = await callWithEnv(
      `/recommendations/generate/${userId}?force_regenerate=true&use_vector_db=false`,
      { ...ON_REAL_DB, AUTO_APPROVE_GUARDED: "false" },
      "operator",
      {
        method: "POST",
      },
    );
    const set = (await answerOf(res, GenerateSchema)).recommendations;
    expect(set.length).toBeGreaterThanOrEqual(3);
    expect(set.every((r) => r.status === "pending")).toBe(true);

    // Race every recommendation of the set at once, approve and reject fired together (in both
    // orders); all 2 × n reviews wait behind row locks on the set until all are in Postgres.
    const races = set.map((rec, i) => ({
      rec,
      actions: i % 2 === 0 ? (["approve", "reject"] as const) : (["reject", "approve"] as const),
    }));
    const answers = await raceBehindLock(
      "select id from recommendations where id = any($1::uuid[]) for update",
      [set.map((r) => r.id)],
      2 * set.length,
      () =>
        Promise.all(
          races.map(({ rec, actions }) =>
            Promise.all(actions.map((action) => postJson(`/recommendations/${rec.id}/${action}`, { reason: `race ${action}` }))),
          ),
        ),
    );
    for (const [i, { rec, actions }] of races.entries()) {
      const [a, b] = answers[i]!;
      expect([a!.status, b!.status].sort(), rec.id).toEqual([200, 409]);
      const winner = a!.status === 200 ? actions[0] : actions[1];
      const loser = a!.status === 200 ? b! : a!;
      const final = winner === "approve" ? "approved" : "rejected";
      expect(await errorOf(loser)).toEqual({ code: "CONFLICT", message: expect.stringContaining(`that is ${final}`) });

      const audit = await answerOf(await call(`/recommendations/${rec.id}/audit`), AuditSchema);
      expect(audit.audit.map((e) => [e.action, e.from_status, e.to_status])).toEqual([[winner, "pending", final]]);
    }
    const listed = await answerOf(await call(`/recommendations/${userId}?window_days=30`), RecommendationListSchema);
    const statusOf = new Map(listed.recommendations.map((r) => [r.id, r.status]));
    for (const rec of set) expect(["approved", "rejected"]).toContain(statusOf.get(rec.id));
  });
});

/**
 * A vector-tier set is stored after its response. These races put its store between a concurrent
 * request's start and that request's own store: the request waits in Postgres (its first read is
 * held behind a lock on `personas`, which storing a set does not touch) while the vector-tier set
 * lands, as it would when served a moment earlier to another caller.
 */
describe("a vector-tier set stored after its response, against a concurrent request", () => {
  async function storeVectorSet(
    userId: string,
    windowDays: number,
    requestStartedAt: Date,
    topics = ["financial_checkup", "check_your_credit_report", "protect_your_accounts"],
  ) {
    const handle = openDb();
    try {
      const set = {
        setId: crypto.randomUUID(),
        userId,
        windowDays,
        personaType: "general",
        actor: "engine",
        requestStartedAt,
        items: topics.map((topic) => ({
          id: crypto.randomUUID(),
          topic,
          title: `Reused ${topic}`,
          content: "Reused content.",
          rationale: "Rebuilt for the requester.",
          disclosure: "d",
          status: "approved" as const,
          source: "vector_db",
          similarityScore: 0.9,
        })),
      };
      const { stored, rows } = await insertRecommendationSet(handle.db, set);
      return { stored, ids: rows.map((r) => r.id).sort(), setId: set.setId };
    } finally {
      await handle.close();
    }
  }

  /** Run `request` held at its first read; `meanwhile` runs while it waits in Postgres; then it goes on. */
  async function withRequestHeld<T>(request: () => Promise<Response>, meanwhile: () => Promise<T>): Promise<{ res: Response; during: T }> {
    const holder = openDb();
    const watcher = openDb();
    const client = await holder.pool.connect();
    try {
      await client.query("begin");
      await client.query("lock table personas in access exclusive mode");
      const pending = request();
      pending.catch(() => {});
      await expect
        .poll(() => sessionsWaitingOnLocks(watcher), { timeout: 20_000, interval: 25, message: "the request waiting in Postgres" })
        .toBe(1);
      const during = await meanwhile();
      await client.query("rollback");
      return { res: await pending, during };
    } finally {
      client.release();
      await holder.close();
      await watcher.close();
    }
  }

  const listed = async (userId: string, windowDays: number) =>
    (await answerOf(await call(`/recommendations/${userId}?window_days=${windowDays}`), RecommendationListSchema)).recommendations;

  it("use_vector_db=false is never answered with it: the request stores and serves its own generated set", async () => {
    const { userId } = await makeRealUser("high_utilization");
    const r1Started = new Date();
    const { res, during: vectorSet } = await withRequestHeld(
      () => call(`/recommendations/generate/${userId}?window_days=30&force_regenerate=true&use_vector_db=false`, { method: "POST" }),
      () => storeVectorSet(userId, 30, r1Started),
    );
    expect(vectorSet.stored).toBe(true);
    const body = await answerOf(res, GenerateSchema);
    expect(res.status).toBe(200);
    expect(body.source).toBe("catalog");
    expect(body.recommendations.map((r) => r.id).some((id) => vectorSet.ids.includes(id))).toBe(false);
  });

  it("the two settle on one set, the generated one, whichever is stored first", async () => {
    // The vector-tier set lands first (while the generated request waits) ...
    const first = await makeRealUser("high_utilization");
    const started = new Date();
    const { res } = await withRequestHeld(
      () => call(`/recommendations/generate/${first.userId}?window_days=30&force_regenerate=true`, { method: "POST" }),
      () => storeVectorSet(first.userId, 30, started),
    );
    const generated = (await answerOf(res, GenerateSchema)).recommendations.map((r) => r.id).sort();
    expect((await listed(first.userId, 30)).map((r) => r.id).sort(), "only the generated set is listed").toEqual(generated);

    // ... or after the generated request has stored its set: the vector-tier set is then not stored.
    const second = await makeRealUser("high_utilization");
    const before = new Date();
    const res2 = await call(`/recommendations/generate/${second.userId}?window_days=30&force_regenerate=true`, { method: "POST" });
    const generated2 = (await answerOf(res2, GenerateSchema)).recommendations.map((r) => r.id).sort();
    expect((await storeVectorSet(second.userId, 30, before)).stored).toBe(false);
    expect((await listed(second.userId, 30)).map((r) => r.id).sort()).toEqual(generated2);
  });

  it("of two vector-tier sets, the earlier request's wins, whichever is stored first", async () => {
    const { userId } = await makeRealUser("savings_builder");
    const earlier = new Date(Date.now() - 1_000);
    const later = new Date();
    const late = await storeVectorSet(userId, 30, later, ["financial_checkup", "check_your_credit_report", "protect_your_accounts"]);
    const early = await storeVectorSet(userId, 30, earlier, ["credit_basics", "financial_checkup", "protect_your_accounts"]);
    expect([late.stored, early.stored]).toEqual([true, true]);
    expect((await listed(userId, 30)).map((r) => r.id).sort()).toEqual(early.ids);
    // Replayed in the other order for another person, the same request wins.
    const other = await makeRealUser("savings_builder");
    const a = await storeVectorSet(other.userId, 30, earlier);
    const b = await storeVectorSet(other.userId, 30, later);
    expect([a.stored, b.stored]).toEqual([true, false]);
    expect((await listed(other.userId, 30)).map((r) => r.id).sort()).toEqual(a.ids);
  });
});
