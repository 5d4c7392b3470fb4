import { Command, Option } from "commander";
import { runMain } from "./lib/cli";
import type { WindowDays } from "../src/domain/signals";

/** How far a value may stray outside [-1, 1] (float rounding of a unit vector). */
const RANGE_EPSILON = 1e-6;

interface Options {
  samples: number;
}

interface Row {
  kind: "context" | "recommendation";
  id: string;
  dims: number;
  min: number;
  max: number;
  norm: number;
  problems: string[];
}

const NO_DATA = "run `npm start` (database and data) and `npm run recs:generate-all` (approved recommendations) first";

const program = new Command("embeddings:test")
  .description(
    "Smoke-test the configured embedder and vector index: embed sample user contexts and approved recommendations, check every vector's dimension and values, query the index once, and report tokens and cost. Exits 1 if any check fails.",
  )
  .addOption(new Option("--samples <n>", "user contexts and recommendations to embed, each (1-100)").default(5).argParser(Number))
  .action(testEmbeddings);

/** Dimension, finiteness and range of one vector. */
function inspect(kind: Row["kind"], id: string, vector: readonly number[], dimensions: number): Row {
  const problems: string[] = [];
  if (vector.length !== dimensions) problems.push(`${vector.length} dimensions, expected ${dimensions}`);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sumSquares = 0;
  let nonFinite = 0;
  let outOfRange = 0;
  for (const v of vector) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v < -1 - RANGE_EPSILON || v > 1 + RANGE_EPSILON) outOfRange++;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sumSquares += v * v;
  }
  if (nonFinite) problems.push(`${nonFinite} non-finite values`);
  if (outOfRange) problems.push(`${outOfRange} values outside [-1, 1]`);
  if (vector.length > 0 && sumSquares === 0) problems.push("all zeros");
  return { kind, id, dims: vector.length, min, max, norm: Math.sqrt(sumSquares), problems };
}

function printTable(rows: Row[]): void {
  const header = ["kind", "id", "dims", "min", "max", "norm", "ok"];
  const cells = rows.map((r) => [
    r.kind,
    r.id,
    String(r.dims),
    Number.isFinite(r.min) ? r.min.toFixed(4) : "-",
    Number.isFinite(r.max) ? r.max.toFixed(4) : "-",
    r.norm.toFixed(4),
    r.problems.length ? `FAIL: ${r.problems.join("; ")}` : "ok",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const c of cells) console.log(line(c));
}

async function testEmbeddings(opts: Options): Promise<void> {
  if (!Number.isInteger(opts.samples) || opts.samples < 1 || opts.samples > 100) throw new Error("--samples must be 1-100");
  const { getStoredProfile } = await import("../src/db/profiles");
  const { approvedContexts, approvedRecommendationsAfter } = await import("../src/db/recommendations");
  const { canonicalProfileText } = await import("../src/domain/profile");
  const { embeddingCostUsd } = await import("../src/adapters/embedding/openai");
  const { recommendationEmbeddingText } = await import("../src/services/embedding");
  const { openDatabase } = await import("./lib/db");
  const { scriptProviders } = await import("./lib/providers");

  const handle = await openDatabase();
  try {
    const { embedder, store } = scriptProviders(handle);
    const db = handle.db;
    console.log(`Embedder ${embedder.id} (${embedder.dimensions}-d) → ${store.name} (${store.dimensions}-d)`);

    // ---- samples ----
    const contexts = await approvedContexts(db);
    if (contexts.length === 0) throw new Error(`no approved recommendations, so no user contexts to sample: ${NO_DATA}`);
    // Round-robin over personas, so the samples are not all one kind of person.
    const byPersona = new Map<string, typeof contexts>();
    for (const ctx of contexts) byPersona.set(ctx.personaType, [...(byPersona.get(ctx.personaType) ?? []), ctx]);
    const ordered: typeof contexts = [];
    for (let i = 0; ordered.length < contexts.length; i++) {
      for (const group of byPersona.values()) if (group[i]) ordered.push(group[i]!);
    }
    const profiles: { id: string; text: string }[] = [];
    for (const ctx of ordered) {
      if (profiles.length >= opts.samples) break;
      const profile = await getStoredProfile(db, ctx.userId, ctx.windowDays as WindowDays);
      if (!profile) continue;
      profiles.push({ id: `context_${ctx.userId}_${ctx.windowDays}`, text: canonicalProfileText(profile.signals, profile.persona) });
    }
    if (profiles.length === 0) throw new Error(`no stored profile for any of ${contexts.length} approved contexts: ${NO_DATA}`);
    const recs = await approvedRecommendationsAfter(db, null, opts.samples);
    if (recs.length === 0) throw new Error(`no approved recommendations: ${NO_DATA}`);
    if (profiles.length < opts.samples || recs.length < opts.samples) {
      console.log(
        `note: only ${profiles.length} user contexts and ${recs.length} recommendations available (asked for ${opts.samples} each)`,
      );
    }

    // ---- embed (one batch each, as the population job does) ----
    const started = performance.now();
    const contextBatch = await embedder.embedBatch(profiles.map((p) => p.text));
    const recBatch = await embedder.embedBatch(recs.map((r) => recommendationEmbeddingText(r)));
    const embedMs = performance.now() - started;

    const rows: Row[] = [];
    const countProblem = (what: string, got: number, want: number) =>
      got === want ? [] : [`${what}: the embedder returned ${got} vectors for ${want} inputs`];
    const batchProblems = [
      ...countProblem("user contexts", contextBatch.vectors.length, profiles.length),
      ...countProblem("recommendations", recBatch.vectors.length, recs.length),
    ];
    profiles.forEach((p, i) => rows.push(inspect("context", p.id, contextBatch.vectors[i] ?? [], embedder.dimensions)));
    recs.forEach((r, i) => rows.push(inspect("recommendation", `rec_${r.id}`, recBatch.vectors[i] ?? [], embedder.dimensions)));
    console.log("");
    printTable(rows);

    // ---- index connectivity ----
    const indexProblems: string[] = [];
    const indexLines: string[] = [];
    try {
      const stats = await store.stats();
      indexLines.push(
        `  stats:      ${stats.totalVectors} vectors in total, ${stats.namespaceVectors} of this embedder, ${stats.dimension}-d, ${(stats.fullness * 100).toFixed(3)}% full`,
      );
      if (stats.dimension !== embedder.dimensions) {
        indexProblems.push(`the index stores ${stats.dimension}-d vectors, the embedder makes ${embedder.dimensions}-d`);
      }
      if (stats.namespaceVectors === 0) indexLines.push("  note:       nothing indexed for this embedder yet (npm run vector:populate)");
    } catch (err) {
      indexProblems.push(`stats failed: ${(err as Error).message}`);
    }
    const probe = contextBatch.vectors[0];
    if (probe && probe.length === embedder.dimensions) {
      try {
        const q0 = performance.now();
        const matches = await store.query({ vector: probe, topK: 1 });
        const top = matches[0];
        indexLines.push(
          `  query:      topK 1 in ${(performance.now() - q0).toFixed(1)} ms → ${top ? `${top.id} (score ${top.score.toFixed(4)})` : "no match (empty index)"}`,
        );
        if (matches.length > 1) indexProblems.push(`query with topK 1 returned ${matches.length} matches`);
        if (top && !Number.isFinite(top.score)) indexProblems.push(`query returned a non-finite score for ${top.id}`);
      } catch (err) {
        indexProblems.push(`query failed: ${(err as Error).message}`);
      }
    } else {
      indexProblems.push("query skipped: no valid context vector to query with");
    }

    // ---- usage ----
    const tokens = contextBatch.usage.tokens + recBatch.usage.tokens;
    const local = !embedder.id.startsWith("openai:");
    const failedRows = rows.filter((r) => r.problems.length > 0).length;
    const problems = [...batchProblems, ...indexProblems];
    console.log(
      [
        "",
        `Index (${store.name})`,
        ...indexLines,
        ...indexProblems.map((p) => `  FAIL:       ${p}`),
        "Usage",
        `  inputs:     ${profiles.length} user contexts, ${recs.length} recommendations (${embedMs.toFixed(0)} ms)`,
        `  tokens:     ${tokens}${local ? " (local embedder: word tokens, no cost)" : ""}`,
        `  cost:       $${embeddingCostUsd(tokens, embedder.id).toFixed(6)}`,
        "Result",
        ...batchProblems.map((p) => `  FAIL:       ${p}`),
        `  ${failedRows === 0 && problems.length === 0 ? "PASS" : "FAIL"}: ${rows.length - failedRows}/${rows.length} vectors ok, ${problems.length} other failure${problems.length === 1 ? "" : "s"}`,
      ].join("\n"),
    );
    if (failedRows > 0 || problems.length > 0) process.exitCode = 1;
  } finally {
    await handle.close();
  }
}

await runMain(program);
