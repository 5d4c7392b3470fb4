import { describe, expect, it } from "vitest";
import { checkGrounding, DISCLOSURE } from "../../src/domain/guardrails";
import type { Signals } from "../../src/domain/signals";
import { makeUser } from "./factories";
import { api, call, postJson } from "./helpers";
import { FeaturesSchema, ProfileSchema, RecommendationListSchema, UserListSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

// These tests are about the generator and KV tiers; the vector tier has its own (hybrid.*.test.ts).
const generate = async (userId: string, query: { window_days?: 30 | 180; force_regenerate?: boolean } = {}) => {
  const { data, response } = await api().POST("/recommendations/generate/{user_id}", {
    params: { path: { user_id: userId }, query: { ...query, use_vector_db: false } },
  });
  // The body is typed from the served document (scripts/lib/api-schema.ts); undefined only for an error answer.
  return { res: response, body: data! };
};

describe("POST /recommendations/generate/:user_id", () => {
  it("computes the profile, generates 3-5 grounded recommendations with one disclosure each, and stores them", async () => {
    const { userId } = await makeUser({ persona: "high_utilization" });
    const { res, body } = await generate(userId, { window_days: 30 });
    expect(res.status).toBe(200);
    expect(body).toMatchObject({
      user_id: userId,
      window_days: 30,
      persona_type: "high_utilization",
      source: "catalog",
      disclosure: DISCLOSURE,
    });
    expect(body.recommendations.length).toBeGreaterThanOrEqual(3);
    expect(body.recommendations.length).toBeLessThanOrEqual(5);
    expect(Object.keys(body.latency).sort()).toEqual(["cache_ms", "generator_ms", "openai_ms", "total_ms", "vector_db_ms"]);
    expect(body.latency.openai_ms).toBe(0); // the catalog answered: no time in OpenAI
    expect(res.headers.get("server-timing")).toMatch(/cache;dur=[\d.]+.*generator;dur=/);

    const profile = await answerOf(await call(`/users/${userId}/profile`), ProfileSchema);
    for (const rec of body.recommendations) {
      expect(rec.disclosure).toBe(DISCLOSURE);
      expect(`${rec.title} ${rec.content} ${rec.rationale}`).not.toContain(DISCLOSURE);
      expect(checkGrounding(rec.rationale, profile.windows["30"].signals as unknown as Signals)).toMatchObject({ ok: true });
      expect(rec.status).toBe("approved"); // passed every guardrail, AUTO_APPROVE_GUARDED=true
    }
    const listed = await answerOf(await call(`/recommendations/${userId}?window_days=30`), RecommendationListSchema);
    expect(listed.recommendations.map((r) => r.id).sort()).toEqual(body.recommendations.map((r) => r.id).sort());
  });

  it("serves the second request from the KV tier, and force_regenerate bypasses it", async () => {
    const { userId } = await makeUser({ persona: "subscription_heavy" });
    const first = await generate(userId);
    expect(first.body.source).toBe("catalog");
    const second = await generate(userId);
    expect(second.body.source).toBe("kv_cache");
    expect(second.body.recommendations.map((r) => r.id)).toEqual(first.body.recommendations.map((r) => r.id));
    const forced = await generate(userId, { force_regenerate: true });
    expect(forced.body.source).toBe("catalog");
    expect(forced.body.recommendations[0]?.id).not.toBe(first.body.recommendations[0]?.id);
  });

  it("assigns each window the persona the person was generated for", async () => {
    for (const persona of ["variable_income", "savings_builder", "wealth_builder"] as const) {
      const { userId } = await makeUser({ persona });
      for (const window of [30, 180]) {
        const body = await answerOf(await call(`/users/${userId}/features?window_days=${window}`, { method: "POST" }), FeaturesSchema);
        expect(body.persona.persona_type, `${persona} ${window}d`).toBe(persona);
        expect(body.persona.all_matches).toContain(persona);
      }
    }
  });

  it("invalidates the cached answer when a recommendation is reviewed", async () => {
    const { userId } = await makeUser({ persona: "savings_builder" });
    const first = await generate(userId);
    expect((await generate(userId)).body.source).toBe("kv_cache");
    const res = await postJson(`/recommendations/${first.body.recommendations[0]!.id}/override`, {
      status: "rejected",
      reason: "not relevant now",
    });
    expect(res.status).toBe(200);
    expect((await generate(userId)).body.source).toBe("catalog");
  });
});

describe("users and profiles", () => {
  it("lists users by persona once personas are assigned", async () => {
    const { userId } = await makeUser({ persona: "variable_income" });
    await call(`/users/${userId}/features?window_days=30`, { method: "POST" });
    const body = await answerOf(await call("/users?persona=variable_income&window_days=30&limit=100"), UserListSchema);
    expect(body.users.map((u) => u.user_id)).toContain(userId);
    expect(new Set(body.users.map((u) => u.persona_type))).toEqual(new Set(["variable_income"]));
  });

  it("returns both windows' signals and personas", async () => {
    const { userId } = await makeUser({ persona: "wealth_builder" });
    const body = await answerOf(await call(`/users/${userId}/profile`), ProfileSchema);
    expect(Object.keys(body.windows)).toEqual(["30", "180"]);
    expect(body.windows["30"]!.signals.window_days).toBe(30);
    expect(body.windows["180"]!.signals.window_days).toBe(180);
    expect(body.windows["180"]!.persona.persona_type).toBe("wealth_builder");
  });
});
