/**
 * Consent and changing data, correct at every location. KV is wrapped in a stand-in that serves
 * stale reads, as another Cloudflare location would for up to a minute after a write: revocation
 * must still take effect at once everywhere.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Env } from "../../src/config";
import { callWithEnv, errorOf, staleKv } from "./helpers";
import { ConsentSchema, GenerateSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";
import { seedSpender } from "./factories";

const ONE_MINUTE = 60_000;

describe("revocation under eventually consistent KV", () => {
  it("once revoke returns, a location whose KV still holds the old reads serves nothing", async () => {
    const userId = "consistency_revoke_1";
    await seedSpender(userId);
    // Two locations: the answer is made at A and cached, read at B (which keeps its copy), and
    // consent is revoked through A.
    const atA = { CACHE: staleKv((env as Env).CACHE, ONE_MINUTE) };
    const atB = { CACHE: staleKv((env as Env).CACHE, ONE_MINUTE) };
    const generate = (at: Record<string, unknown>) =>
      callWithEnv(`/recommendations/generate/${userId}?window_days=30&use_vector_db=false`, at, "operator", { method: "POST" });

    expect((await generate(atA)).status).toBe(200);
    const cached = await generate(atB);
    expect((await answerOf(cached, GenerateSchema)).source).toBe("kv_cache");

    const revoke = await callWithEnv("/consent", atA, "operator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: userId, action: "revoke" }),
    });
    expect(revoke.status).toBe(200);

    const after = await generate(atB);
    expect(after.status, await after.clone().text()).toBe(403);
    expect((await errorOf(after)).code).toBe("FORBIDDEN");
    const listed = await callWithEnv(`/recommendations/${userId}`, atB);
    expect(listed.status).toBe(403);

    // Granting again serves again, at once, at B too.
    const grant = await callWithEnv("/consent", atA, "operator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: userId, action: "grant" }),
    });
    expect(grant.status).toBe(200);
    expect((await generate(atB)).status).toBe(200);
  });

  it("a revoke that changes nothing adds no history row; each change adds one", async () => {
    const userId = "consistency_history_1";
    await seedSpender(userId);
    const post = (action: string) =>
      callWithEnv("/consent", {}, "operator", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ user_id: userId, action }),
      });
    const history = async () => (await answerOf(await callWithEnv(`/consent/${userId}`, {}), ConsentSchema)).history.map((h) => h.action);
    const start = await history();
    await post("grant"); // already granted
    expect(await history()).toEqual(start);
    await post("revoke");
    await post("revoke");
    await post("grant");
    expect(await history()).toEqual([...start, "revoke", "grant"]);
  });
});
