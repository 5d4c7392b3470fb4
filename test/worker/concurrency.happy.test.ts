import { describe, expect, it } from "vitest";
import { call, seededUser } from "./helpers";

interface Generated {
  source: string;
  recommendations: { id: string }[];
}

describe("concurrent generates", () => {
  it("two concurrent generates for one user store one set and both answer with it", async () => {
    const userId = seededUser("savings_builder", 4);
    const path = `/recommendations/generate/${userId}?window_days=180&force_regenerate=true&use_vector_db=false`;
    const [a, b] = await Promise.all([call(path, { method: "POST" }), call(path, { method: "POST" })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [first, second] = [(await a.json()) as Generated, (await b.json()) as Generated];
    const ids = (g: Generated) => g.recommendations.map((r) => r.id).sort();
    expect(ids(second)).toEqual(ids(first));
    const stored = (await (await call(`/recommendations/${userId}?window_days=180`)).json()) as { recommendations: { id: string }[] };
    expect(stored.recommendations.map((r) => r.id).sort()).toEqual(ids(first));
  });

  it("a later regeneration still stores a new set", async () => {
    const userId = seededUser("savings_builder", 5);
    const path = `/recommendations/generate/${userId}?window_days=180&force_regenerate=true&use_vector_db=false`;
    const first = (await (await call(path, { method: "POST" })).json()) as Generated;
    const second = (await (await call(path, { method: "POST" })).json()) as Generated;
    expect(second.recommendations[0]?.id).not.toBe(first.recommendations[0]?.id);
  });
});
