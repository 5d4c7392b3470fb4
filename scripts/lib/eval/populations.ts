/**
 * The body of npm run eval:populations (scripts/eval-populations.ts defines its command line): the
 * vector tier measured on two held-out populations built differently, the product's own generator's
 * and a second generator's (scripts/lib/varied-people), against one index of the product's people.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../db";
import { loadDataset } from "../dataset-loader";
import { startEmbeddedPostgres } from "../embedded-postgres";
import { inProcessEngine } from "../in-process-engine";
import { migrateDatabase } from "../migrate";
import { populateVectorIndex } from "../vector-population";
import { scriptSettings } from "../providers";
import { generateDataset } from "../synthetic/dataset-generator";
import { variedPopulation } from "../varied-people/population";
import { serveOpenAISimulator } from "../openai-simulator-server";
import {
  inCatalogOrder,
  recommend,
  summarizePopulation,
  urgentNeeds,
  type PopulationRequest,
  type PopulationSummary,
} from "./population-measures";
import { WINDOW_DAYS } from "../../../src/domain/signals";
import { PgVectorStore } from "../../../src/adapters/vector/pgvector";
import { contextFor, ensureProfile } from "../../../src/services/profile-service";
import { answerInPriorityOrder } from "../../../src/services/generated-sets";
import { generateRecommendations } from "../../../src/services/recommendation-engine";
import { NEIGHBOURS, selectFromNeighbours } from "../../../src/services/vector-tier";
import { searchSimilarRecommendations } from "../../../src/services/vector-search";
import { createEmbedder, createGenerator } from "../../../src/services/services";

const THRESHOLDS = [0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const WINDOWS = WINDOW_DAYS;
const AS_OF = "2026-11-01";
const MAIN_FIRST_ID = 50_001;
const VARIED_FIRST_ID = 70_001;
/** The engine's default threshold, at which every answer is also served end to end. */
const SERVED_AT = 0.85;

export interface PopulationEvalOptions {
  indexUsers: number;
  people: number;
  seed: number;
  outDir: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function row(name: string, threshold: number, s: PopulationSummary, mark: boolean): string {
  return `| ${name} | ${threshold.toFixed(2)}${mark ? " **←**" : ""} | ${pct(s.hitRate)} (${s.hits}/${s.requests}) | ${pct(s.coverage)} | ${pct(s.topTopic)} | ${pct(s.urgentCoverage)} (${s.urgentRequests} with urgent needs) | ${pct(s.ordered)} |`;
}

export async function runPopulationEval(opts: PopulationEvalOptions): Promise<void> {
  const started = performance.now();
  const settings = scriptSettings();
  const embedder = createEmbedder({
    openaiApiKey: settings.openaiApiKey,
    model: settings.embeddingModel,
    dimensions: settings.dimensions,
    baseURL: settings.openaiBaseUrl,
  });
  const pg = await startEmbeddedPostgres();
  const handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
  const writer = await serveOpenAISimulator({ behaviour: "obedient" });
  try {
    const db = handle.db;
    await migrateDatabase(handle);
    const store = new PgVectorStore(db, { embedderId: embedder.id, dimensions: embedder.dimensions });
    const index = generateDataset({ numUsers: opts.indexUsers, seed: 1, asOf: AS_OF });
    const main = generateDataset({ numUsers: opts.people, seed: 2, asOf: AS_OF, firstId: MAIN_FIRST_ID });
    const varied = variedPopulation({ people: opts.people, seed: opts.seed, asOf: AS_OF, firstId: VARIED_FIRST_ID });
    for (const ds of [index.dataset, main.dataset, varied.dataset]) await loadDataset(handle, ds);
    const granted = (users: { user_id: string; consent_status: string }[]) =>
      users.filter((u) => u.consent_status === "granted").map((u) => u.user_id);

    // The index: the product's own people, their sets written by the simulated model through the real engine.
    const generator = createGenerator({ openaiApiKey: "simulated-llm-no-key", chatModel: "gpt-4o-mini", baseURL: writer.baseURL });
    const engine = inProcessEngine({ handle, embedder, store, generator, vars: { AUTO_APPROVE_GUARDED: "true" } });
    let t = performance.now();
    for (const userId of granted(index.dataset.users)) {
      for (const windowDays of WINDOWS)
        await generateRecommendations(engine.services, { userId, windowDays, forceRegenerate: true, useVectorDb: false });
    }
    const populated = await populateVectorIndex({ db, embedder, store, batchSize: 100 });
    console.log(`index: ${opts.indexUsers} people, ${populated.contexts} contexts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const populations = [
      { name: "main generator (held out)", users: granted(main.dataset.users) },
      { name: "second generator (varied lives)", users: granted(varied.dataset.users) },
    ];
    const perThreshold = new Map<number, PopulationRequest[]>(THRESHOLDS.map((th) => [th, []]));
    const nearest = new Map<string, number[]>();
    const served: PopulationRequest[] = [];
    const sources = new Map<string, Map<string, number>>();
    const servingEngine = inProcessEngine({
      handle,
      embedder,
      store,
      generator,
      vars: { AUTO_APPROVE_GUARDED: "true", VECTOR_DB_SIMILARITY_THRESHOLD: String(SERVED_AT) },
    });
    t = performance.now();
    for (const population of populations) {
      nearest.set(population.name, []);
      sources.set(population.name, new Map());
      for (const userId of population.users) {
        for (const windowDays of WINDOWS) {
          const profile = await ensureProfile(db, userId, windowDays);
          const persona = profile.persona.persona_type;
          const results = await searchSimilarRecommendations(
            { embedder, store, logger: engine.services.logger },
            { userId, windowDays, signals: profile.signals, persona: profile.persona },
            persona,
            NEIGHBOURS,
          );
          // No one of their persona and window in the index: no score at all.
          nearest.get(population.name)!.push(results[0]?.similarity_score ?? Number.NaN);
          // What the generator would serve this person: the model's answer as the engine stores it.
          const generated = await generator.generate({
            userId,
            windowDays,
            signals: profile.signals,
            persona: profile.persona,
            context: await contextFor(db, userId, profile),
          });
          const generatorTopics = answerInPriorityOrder(generated.recommendations, profile).map((r) => r.topic);
          const urgent = urgentNeeds(profile.signals);
          for (const threshold of THRESHOLDS) {
            const decision = selectFromNeighbours(results, profile, threshold, true);
            const topics = decision.items ? decision.items.map((i) => i.topic) : generatorTopics;
            perThreshold.get(threshold)!.push({
              population: population.name,
              persona,
              hit: decision.items !== undefined,
              served: topics,
              generator: generatorTopics,
              urgent,
              ordered: inCatalogOrder(topics, profile.signals, persona),
            });
          }
          // End to end, every tier: the answer the engine really serves at the default threshold.
          const { response: res } = await generateRecommendations(servingEngine.services, {
            userId,
            windowDays,
            forceRegenerate: true,
            useVectorDb: true,
          });
          const topics = res.recommendations.map((r) => r.topic);
          const bySource = sources.get(population.name)!;
          bySource.set(res.source, (bySource.get(res.source) ?? 0) + 1);
          served.push({
            population: population.name,
            persona,
            hit: res.source === "vector_db",
            served: topics,
            generator: generatorTopics,
            urgent,
            ordered: inCatalogOrder(topics, profile.signals, persona),
          });
        }
      }
    }
    await servingEngine.settle();
    await engine.settle();
    console.log(`scored ${served.length} requests at ${THRESHOLDS.length} thresholds in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const lines: string[] = [];
    const header = [
      "| population | threshold | hit rate | coverage of the generator's topics (hits) | top topic kept (hits) | urgent-topic coverage (all answers) | answers in priority order |",
      "|---|---|---|---|---|---|---|",
    ];
    const recommended = new Map<string, number | undefined>();
    for (const population of populations) {
      const rows = THRESHOLDS.map((threshold) => ({
        threshold,
        summary: summarizePopulation(perThreshold.get(threshold)!.filter((r) => r.population === population.name)),
      }));
      recommended.set(population.name, recommend(rows));
      lines.push(...rows.map((r) => row(population.name, r.threshold, r.summary, r.threshold === recommended.get(population.name))));
    }
    const calibration = [...header, ...lines].join("\n");

    const servedTable = [
      `| population | requests | served by | hit rate | coverage (hits) | top topic kept (hits) | urgent-topic coverage | answers in priority order |`,
      "|---|---|---|---|---|---|---|---|",
      ...populations.map((p) => {
        const s = summarizePopulation(served.filter((r) => r.population === p.name));
        return `| ${p.name} | ${s.requests} | ${[...sources.get(p.name)!].map(([k, v]) => `${k} ${v}`).join(", ")} | ${pct(s.hitRate)} | ${pct(s.coverage)} | ${pct(s.topTopic)} | ${pct(s.urgentCoverage)} (${s.urgentRequests}) | ${pct(s.ordered)} |`;
      }),
    ].join("\n");

    const personas = [...new Set(perThreshold.get(THRESHOLDS[0]!)!.map((r) => r.persona))].sort();
    const personaTable = [
      "| persona | requests (both populations) | recommended threshold | hit rate there | top topic kept there | coverage there |",
      "|---|---|---|---|---|---|",
      ...personas.map((persona) => {
        const rows = THRESHOLDS.map((threshold) => ({
          threshold,
          summary: summarizePopulation(perThreshold.get(threshold)!.filter((r) => r.persona === persona)),
        }));
        const best = recommend(rows);
        const at = rows.find((r) => r.threshold === best)?.summary;
        return `| ${persona} | ${rows[0]!.summary.requests} | ${best !== undefined ? best.toFixed(2) : rows.every((r) => r.summary.hits === 0) ? "none: no hit at any threshold (no one of this persona in the index)" : "none passes: keep the global threshold"} | ${at ? pct(at.hitRate) : "-"} | ${at ? pct(at.topTopic) : "-"} | ${at ? pct(at.coverage) : "-"} |`;
      }),
    ].join("\n");
    const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
    const nearestLine = populations
      .map((p) => {
        const all = nearest.get(p.name)!;
        const scored = all.filter((x) => !Number.isNaN(x));
        return `${p.name}: ${all.length - scored.length} of ${all.length} requests had no one of their persona and window in the index; the others' nearest score p50 ${quantile(scored, 0.5).toFixed(3)}, p90 ${quantile(scored, 0.9).toFixed(3)}`;
      })
      .join("; ");
    const lifeCounts = new Map<string, number>();
    for (const life of varied.lifeOf.values()) lifeCounts.set(life, (lifeCounts.get(life) ?? 0) + 1);

    console.log(`\n${calibration}\n\n${servedTable}\n\n${personaTable}\n\n${nearestLine}`);
    mkdirSync(opts.outDir, { recursive: true });
    const file = join(opts.outDir, "populations.md");
    writeFileSync(
      file,
      [
        "# Two populations: the product's people and people built differently",
        "",
        `Written by \`npm run eval:populations\` (${new Date().toISOString().slice(0, 10)}), embedder ${embedder.id}. Index: ${opts.indexUsers} people of the product's own generator (seed 1), their sets written through the real engine by the simulated model (obedient), ${populated.contexts} context vectors. Held out, both windows: ${opts.people} people of the same generator (seed 2) and ${opts.people} of a second generator written apart from it (scripts/lib/varied-people, seed ${opts.seed}), whose lives the first never makes: ${[...lifeCounts].map(([k, v]) => `${k.replaceAll("_", " ")} (${v})`).join(", ")}.`,
        "",
        "Measures, written from the specification rather than the engine's code (scripts/lib/eval/population-measures.ts): **hit rate**; **coverage**, the share of the generator's topics a hit served; **top topic kept**, the share of hits holding the generator's first topic; **urgent-topic coverage**, over every answer (hit or generated) of a person with an urgent need (docs/URGENT_TOPICS.md), the share holding every urgent topic; **in priority order**, the share of answers listed in the catalog's priority order for the person. The recommended threshold: among those with top topic kept ≥ 90%, coverage ≥ 80% and urgent-topic coverage 100%, the highest hit rate.",
        "",
        `Nearest neighbour scores: ${nearestLine}.`,
        "",
        "## At each threshold (the vector tier's own decision, a miss served by the generator)",
        "",
        calibration,
        "",
        ...populations.map(
          (p) =>
            `- **${p.name}**: recommended threshold ${recommended.get(p.name)?.toFixed(2) ?? "none (no threshold passes: these people are left to the generator)"}`,
        ),
        "",
        `## Served end to end at the default threshold (${SERVED_AT.toFixed(2)})`,
        "",
        "Every request through the real engine (`generateRecommendations`), every tier: what a person receives.",
        "",
        servedTable,
        "",
        "## Per persona (VECTOR_DB_PERSONA_THRESHOLDS)",
        "",
        personaTable,
        "",
      ].join("\n"),
    );
    console.log(`wrote ${file}; done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await writer.close();
    await handle.close();
    await pg.stop();
  }
}
