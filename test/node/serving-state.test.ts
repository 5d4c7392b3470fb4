/**
 * The pure parts of the serving path's bookkeeping: which serving state a person's object keeps
 * when one is offered (src/services/person-state.ts), and how round trips to the region are counted
 * when Postgres and the index are in flight together (src/db/round-trips.ts).
 */
import { describe, expect, it } from "vitest";
import { RoundTrips } from "../../src/db/round-trips";
import { mergeServing, type ServingState } from "../../src/services/person-state";

const profile = (persona: string) => ({ signals: { window_days: 30 } as never, persona: { persona_type: persona } as never });
const embedding = (value: number) => ({ embedderId: "e1", vector: Float32Array.of(value) });
const state = (version: string, windows: ServingState["windows"]): ServingState => ({
  version,
  author: { v: 2, terms: [], names: [], person: [] },
  accounts: [],
  windows,
});

describe("mergeServing", () => {
  it("refuses a state made for another version than the current one", () => {
    expect(mergeServing("v2", undefined, state("v1", { "30": { profile: profile("a") } }))).toBeUndefined();
    expect(mergeServing("v2", state("v2", {}), state("v1", { "30": { profile: profile("a") } }))).toBeUndefined();
  });

  it("keeps the windows the offer lacks, and an embedding already held when the offer has none", () => {
    const held = state("v1", {
      "30": { profile: profile("a"), embedding: embedding(1) },
      "180": { profile: profile("b"), embedding: embedding(2) },
    });
    const merged = mergeServing("v1", held, state("v1", { "30": { profile: profile("a") } }))!;
    expect(merged.windows["30"]!.embedding!.vector[0]).toBe(1);
    expect(merged.windows["180"]!.embedding!.vector[0]).toBe(2);
    const replaced = mergeServing("v1", held, state("v1", { "30": { profile: profile("a"), embedding: embedding(3) } }))!;
    expect(replaced.windows["30"]!.embedding!.vector[0]).toBe(3);
  });

  it("drops whatever was held for an older version", () => {
    const held = state("v1", { "180": { profile: profile("old") } });
    const merged = mergeServing("v2", held, state("v2", { "30": { profile: profile("new") } }))!;
    expect(Object.keys(merged.windows)).toEqual(["30"]);
  });
});

describe("RoundTrips", () => {
  it("counts a Postgres query and an index query in flight together once in the regional total", async () => {
    const regional = new RoundTrips();
    const db = new RoundTrips(regional);
    const index = new RoundTrips(regional);
    const later = () => new Promise<void>((r) => setTimeout(r, 1));
    await Promise.all([db.around(later), index.around(later)]);
    expect([regional.sequential, db.sequential, index.sequential]).toEqual([1, 1, 1]);
    await db.around(later);
    expect([regional.sequential, regional.total, db.sequential, index.sequential]).toEqual([2, 3, 2, 1]);
  });
});
