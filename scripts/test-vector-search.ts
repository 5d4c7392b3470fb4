import { Command, Option } from "commander";
import { PERSONA_TYPES } from "../src/domain/personas";
import { DEFAULTS } from "../src/defaults";
import type { SimilarRecommendation } from "../src/services/vector-search";
import { runMain } from "./lib/cli";
import type { WindowDays } from "../src/domain/signals";

/** Cosine similarity is in [-1, 1]; scores outside [0, 1] by more than rounding are flagged. */
const SCORE_EPSILON = 1e-6;
/** Results printed per user. */
const SHOWN = 3;

interface Options {
  users: number;
  perPersona: number;
  threshold: number;
  topK: number;
}

type Context = Awaited<ReturnType<typeof import("../src/db/recommendations").approvedContexts>>[number];

const program = new Command("vector:test-search")
  .description(
    "Check the vector tier end to end: for sample users across personas, search for approved recommendations of similar people, check scores and the rows they point to, and show the vector-or-generator decision at --threshold. Needs a populated index (npm run vector:populate). Exits 1 if any check fails.",
  )
  .addOption(new Option("--users <n>", "users to search for (1-100)").default(10).argParser(Number))
  .addOption(new Option("--per-persona <n>", "users per persona, where available (1-100)").default(2).argParser(Number))
  .addOption(
    new Option("--threshold <score>", "similarity needed to reuse recommendations (0-1)")
      .default(DEFAULTS.VECTOR_DB_SIMILARITY_THRESHOLD)
      .argParser(Number),
  )
  .addOption(new Option("--top-k <n>", "similar people per search (1-50)").default(5).argParser(Number))
  .action(testVectorSearch);

/** Up to `perPersona` contexts of distinct users per persona, taken round-robin so every persona is represented before any gets a second. */
function pickContexts(contexts: Context[], users: number, perPersona: number): Context[] {
  const byPersona = new Map<string, Context[]>();
  for (const ctx of contexts) byPersona.set(ctx.personaType, [...(byPersona.get(ctx.personaType) ?? []), ctx]);
  const order = [...PERSONA_TYPES, ...[...byPersona.keys()].filter((p) => !(PERSONA_TYPES as readonly string[]).includes(p))];
  const picked: Context[] = [];
  const usedUsers = new Set<string>();
  const taken = new Map<string, number>();
  for (let round = 0; round < perPersona && picked.length < users; round++) {
    for (const persona of order) {
      if (picked.length >= users) break;
      if ((taken.get(persona) ?? 0) > round) continue;
      const next = byPersona.get(persona)?.find((c) => !usedUsers.has(c.userId));
      if (!next) continue;
      picked.push(next);
      usedUsers.add(next.userId);
      taken.set(persona, (taken.get(persona) ?? 0) + 1);
    }
  }
  return picked;
}

async function testVectorSearch(opts: Options): Promise<void> {
  if (!Number.isInteger(opts.users) || opts.users < 1 || opts.users > 100) throw new Error("--users must be 1-100");
  if (!Number.isInteger(opts.perPersona) || opts.perPersona < 1 || opts.perPersona > 100) throw new Error("--per-persona must be 1-100");
  if (!Number.isFinite(opts.threshold) || opts.threshold < 0 || opts.threshold > 1)
    throw new Error("--threshold must be a number from 0 to 1");
  if (!Number.isInteger(opts.topK) || opts.topK < 1 || opts.topK > 50) throw new Error("--top-k must be 1-50");
  const { getStoredProfile } = await import("../src/db/profiles");
  const { approvedContexts, getRecommendationById } = await import("../src/db/recommendations");
  const { createLogger } = await import("../src/logger");
  const { searchSimilarRecommendations, shouldUseVectorDbResult } = await import("../src/services/vector-search");
  const { selectFromNeighbours } = await import("../src/services/vector-tier");
  const { openDatabase } = await import("./lib/db");
  const { scriptProviders } = await import("./lib/providers");

  const handle = await openDatabase();
  try {
    const { embedder, store } = scriptProviders(handle);
    const db = handle.db;
    const deps = { embedder, store, logger: createLogger("warn") };

    const contexts = await approvedContexts(db);
    if (contexts.length === 0) {
      throw new Error(
        "no approved recommendations to search: run `npm start` and `npm run recs:generate-all`, then `npm run vector:populate`, first",
      );
    }
    const stats = await store.stats();
    if (stats.namespaceVectors === 0)
      throw new Error(`the index holds nothing for embedder ${embedder.id}: run npm run vector:populate first`);
    const sample = pickContexts(contexts, opts.users, opts.perPersona);
    const personaCount = new Set(sample.map((c) => c.personaType)).size;
    console.log(
      `${store.name} (${embedder.id}), ${stats.namespaceVectors} vectors; ${sample.length} users across ${personaCount} personas; top ${opts.topK} similar people each; threshold ${opts.threshold}`,
    );
    if (sample.length < opts.users) console.log(`note: only ${sample.length} users available (asked for ${opts.users})`);

    const failures: string[] = [];
    let vectorHits = 0;
    for (const ctx of sample) {
      const label = `${ctx.userId} (${ctx.windowDays}d)`;
      const fail = (what: string) => {
        failures.push(`${label}: ${what}`);
        console.log(`    FAIL ${what}`);
      };
      const windowDays = ctx.windowDays as WindowDays;
      const profile = await getStoredProfile(db, ctx.userId, windowDays);
      console.log("");
      if (!profile) {
        console.log(`${label}  persona ${ctx.personaType}`);
        fail("no stored profile (signals and persona): compute features first (POST /users/:id/features)");
        continue;
      }
      const persona = profile.persona.persona_type;
      let results: SimilarRecommendation[];
      const started = performance.now();
      try {
        results = await searchSimilarRecommendations(
          deps,
          { userId: ctx.userId, windowDays, signals: profile.signals, persona: profile.persona },
          persona,
          opts.topK,
        );
      } catch (err) {
        console.log(`${label}  persona ${persona}`);
        fail(`search failed: ${(err as Error).message}`);
        continue;
      }
      const ms = performance.now() - started;
      const top = results[0]?.similarity_score ?? null;
      // The engine's own decision: threshold, eligibility, 3-5 topics, and the reuse rule.
      const useVector = selectFromNeighbours(results, profile, opts.threshold, true).items !== undefined;
      if (useVector) vectorHits++;
      const people = new Set(results.map((r) => r.recommendation.userId)).size;
      console.log(
        `${label}  persona ${persona}  window ${windowDays}d  top score ${top === null ? "-" : top.toFixed(4)}  ${results.length} results from ${people} people  ${ms.toFixed(0)} ms  → ${useVector ? "vector_db" : "generator (fallback)"}`,
      );
      if (results.length === 0) console.log("    (no similar approved person in this persona and window)");

      // Checks on every result; the first SHOWN are printed and re-read in full.
      for (let i = 1; i < results.length; i++) {
        if (results[i]!.similarity_score > results[i - 1]!.similarity_score + SCORE_EPSILON) {
          fail(`results are not sorted by score (position ${i})`);
          break;
        }
      }
      for (const [i, r] of results.entries()) {
        const rec = r.recommendation;
        const s = r.similarity_score;
        if (!Number.isFinite(s) || s < -SCORE_EPSILON || s > 1 + SCORE_EPSILON) fail(`score ${s} of ${rec.id} is outside [0, 1]`);
        if (rec.userId === ctx.userId) fail(`${rec.id} is the requester's own recommendation (it must be excluded)`);
        if (i >= SHOWN) continue;
        console.log(`    ${i + 1}. [${rec.topic}] ${rec.title}  score ${s.toFixed(4)}  (for ${rec.userId})`);
        // The index carries what a hit serves; the stored row must say the same.
        const full = await getRecommendationById(db, rec.id);
        if (!full) fail(`${rec.id} does not load by id`);
        else if (full.status !== "approved") fail(`${rec.id} loads with status ${full.status}, not approved`);
        else if (full.windowDays !== windowDays) fail(`${rec.id} is for a ${full.windowDays}-day window, not ${windowDays}`);
        else if (full.userId !== rec.userId || full.title !== rec.title || full.content !== rec.content)
          fail(`${rec.id}: the index's copy differs from the stored row`);
        else if (!full.content.trim() || !full.rationale.trim()) fail(`${rec.id} loads without content or rationale`);
      }
    }

    // A score just under the threshold must send the request to the generator.
    const low = opts.threshold - 0.01;
    const lowDecision = shouldUseVectorDbResult(low, opts.threshold);
    const atDecision = shouldUseVectorDbResult(opts.threshold, opts.threshold);
    console.log(
      [
        "",
        "Simulated scores",
        `  ${low.toFixed(4)} (threshold - 0.01) → ${lowDecision ? "vector_db" : "generator (fallback)"}  ${lowDecision ? "FAIL: should fall back" : "ok"}`,
        `  ${opts.threshold.toFixed(4)} (threshold)        → ${atDecision ? "vector_db" : "generator (fallback)"}  ${atDecision ? "ok" : "FAIL: should use the vector result"}`,
      ].join("\n"),
    );
    if (lowDecision) failures.push(`a score of ${low} (below the threshold ${opts.threshold}) did not fall back`);
    if (!atDecision) failures.push(`a score equal to the threshold ${opts.threshold} did not use the vector result`);
    if (shouldUseVectorDbResult(Number.NaN, opts.threshold)) failures.push("a NaN score did not fall back");

    console.log(
      [
        "",
        "Summary",
        `  users searched:  ${sample.length}`,
        `  vector_db:       ${vectorHits}, generator: ${sample.length - vectorHits} (threshold ${opts.threshold})`,
        `  failed checks:   ${failures.length}`,
        ...failures.map((f) => `    - ${f}`),
        `  ${failures.length === 0 ? "PASS" : "FAIL"}`,
      ].join("\n"),
    );
    if (failures.length) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

await runMain(program);
