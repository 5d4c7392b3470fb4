/**
 * The person's serving state in their Durable Object: written when their data changes, loaded from
 * Postgres once when missing, valid only for the data version it was made for, dropped on
 * revocation; and the round trips the serving path then waits on, as Server-Timing reports them
 * (the region in all, Postgres, the index). Pinecone is faked at the Worker's fetch
 * (./pinecone-fake.ts); Postgres, KV and the objects are the real ones.
 */
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import type { Env } from "../../src/config";
import { durablePersonStates } from "../../src/services/services";
import { makeUser } from "./factories";
import { callWithEnv, TEST_PROVIDER_KEYS, TEST_TOKENS } from "./helpers";
import { pineconeFake } from "./pinecone-fake";
import { FeaturesSchema, GenerateSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const people = () => durablePersonStates(env as Env);

/** Generate through the Worker's real entry point, waiting for its work after the response too. */
async function generate(userId: string, query: string, overrides: Record<string, unknown> = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`http://spendsense.test/recommendations/generate/${userId}?window_days=30&force_regenerate=true${query}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TEST_TOKENS.operator}` },
    }),
    { ...env, ...overrides } as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, timing: res.headers.get("server-timing") ?? "", res };
}

/** Sequential round trips of one metric in a Server-Timing header. */
function trips(timing: string, metric: "regional" | "db" | "index"): number {
  const found = new RegExp(`(?:^|,)\\s*${metric};(?:dur=[\\d.]+;)?desc="(\\d+) round trips?"`).exec(timing);
  if (!found) throw new Error(`no ${metric} in Server-Timing: ${timing}`);
  return Number(found[1]);
}

const recompute = (userId: string, overrides: Record<string, unknown> = {}) =>
  callWithEnv(`/users/${userId}/features?window_days=30`, overrides, "operator", { method: "POST" });

describe("the person's serving state", () => {
  it("is written when their data changes: profile, embedding, author digest and accounts, for the new version", async () => {
    const user = await makeUser({ persona: "high_utilization" });
    const res = await recompute(user.userId);
    expect(res.status).toBe(200);
    const { persona } = await answerOf(res, FeaturesSchema);
    const snapshot = await people().readServing(user.userId, 30);
    const serving = snapshot.serving!;
    expect(serving.version).toBe(snapshot.version);
    expect(serving.windows["30"]!.profile.persona.persona_type).toBe(persona.persona_type);
    expect(serving.windows["30"]!.embedding).toEqual({ embedderId: "local-hash-v1-1536", vector: expect.any(Float32Array) });
    expect(serving.windows["30"]!.embedding!.vector).toHaveLength(1536);
    expect(serving.accounts.length).toBeGreaterThan(0);
    expect(serving.accounts.length).toBeLessThanOrEqual(5);
    // The digest holds hashes only: nothing of the person in clear.
    const digest = JSON.stringify(serving.author);
    expect(serving.author.terms.length).toBeGreaterThan(0);
    for (const clear of [user.fullName, ...user.merchants]) expect(digest).not.toContain(clear);
  });

  it("is loaded from Postgres once when the object lacks it, and the next request reads only the object", async () => {
    const { userId } = await makeUser({ persona: "subscription_heavy" });
    expect((await people().readServing(userId, 30)).serving).toBeUndefined();
    const first = await generate(userId, "&use_vector_db=false");
    expect(first.status).toBe(200);
    const held = (await people().readServing(userId, 30)).serving;
    expect(held?.windows["30"]?.profile).toBeDefined();
    const second = await generate(userId, "&use_vector_db=false");
    expect(second.status).toBe(200);
    // The first read the person and computed their profile; the second only stores its set.
    expect(trips(second.timing, "regional")).toBe(1);
    expect(trips(first.timing, "regional")).toBeGreaterThan(1);
  });

  it("is refused for a version that was retired meanwhile, and dropped by a revocation, which refuses at once", async () => {
    const { userId } = await makeUser({ persona: "variable_income" });
    expect((await recompute(userId)).status).toBe(200);
    const old = (await people().readServing(userId, 30)).serving!;
    // The data changes again while an older load is in flight: its offer must not be kept.
    expect((await recompute(userId)).status).toBe(200);
    expect(await people().storeServing(userId, old)).toBe(false);
    const current = await people().readServing(userId, 30);
    expect(current.serving?.version).toBe(current.version);
    expect(current.version).not.toBe(old.version);

    const revoke = await callWithEnv("/consent", {}, "operator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: userId, action: "revoke" }),
    });
    expect(revoke.status).toBe(200);
    const revoked = await people().readServing(userId, 30);
    expect(revoked.consent).toBe("revoked");
    expect(revoked.serving).toBeUndefined();
    expect(await people().storeServing(userId, { ...current.serving!, version: revoked.version })).toBe(false);
    expect((await generate(userId, "")).status).toBe(403);
  });
});

describe("the index as a round trip of its own", () => {
  const pinecone = pineconeFake();
  afterEach(() => {
    vi.unstubAllGlobals();
    pinecone.reset();
  });

  it("with Pinecone, a miss waits on one round trip for the index and the withdrawn ids together, then one to store the set", async () => {
    const overrides = { PINECONE_API_KEY: TEST_PROVIDER_KEYS.pinecone, VECTOR_DB_ENABLED: "true" };
    const { userId } = await makeUser({ persona: "savings_builder" });
    expect((await recompute(userId, overrides)).status).toBe(200);
    vi.stubGlobal("fetch", pinecone.fetch);
    // The first request in an isolate also asks Pinecone for the index's host (kept for ten minutes): a round trip of its own.
    const first = await generate(userId, "", overrides);
    expect(trips(first.timing, "index")).toBe(pinecone.seen.length);
    pinecone.reset();
    const { status, res, timing } = await generate(userId, "", overrides);
    expect(status).toBe(200);
    expect((await answerOf(res, GenerateSchema)).source).toBe("catalog");
    expect(pinecone.queries()).toBe(1);
    expect(pinecone.seen).toHaveLength(1);
    expect(trips(timing, "index")).toBe(1);
    expect(trips(timing, "db")).toBe(2);
    expect(trips(timing, "regional")).toBe(2);
  });
});
