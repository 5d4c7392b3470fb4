/**
 * The body of npm run eval (scripts/eval.ts defines its command line and loads this when it runs):
 * calibration of the vector tier's threshold on a held-out population, then hybrid vs always-LLM.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import cliProgress from "cli-progress";
import { and, inArray, isNotNull } from "drizzle-orm";
import { openDatabase } from "../db";
import { loadDataset } from "../dataset-loader";
import { startEmbeddedPostgres } from "../embedded-postgres";
import { inProcessEngine } from "../in-process-engine";
import { migrateDatabase } from "../migrate";
import { populateVectorIndex } from "../vector-population";
import { scriptSettings } from "../providers";
import { generateDataset } from "../synthetic/dataset-generator";
import { DEFAULT_GATE, recommendThreshold, scoreItem, summarize, type Identity, type Requester, type ServedRequest } from "./measures";
import { urgentNeeds } from "./population-measures";
import { calibrationChart, calibrationTable, type CalibrationRow } from "./report";
import type { PersonFacts } from "../openai-simulator";
import { serveOpenAISimulator, type ServedOpenAISimulator } from "../openai-simulator-server";
import { schema, type Database } from "../../../src/db/client";
import { getStoredProfile } from "../../../src/db/profiles";
import { WINDOW_DAYS, type Signals, type WindowDays } from "../../../src/domain/signals";
import { embeddingCostUsd } from "../../../src/adapters/embedding/openai";
import { computeUsage } from "../../../src/adapters/llm/openai";
import { PgVectorStore } from "../../../src/adapters/vector/pgvector";
import { contextFor, ensureProfile } from "../../../src/services/profile-service";
import { generateRecommendations } from "../../../src/services/recommendation-engine";
import { NEIGHBOURS, selectFromNeighbours } from "../../../src/services/vector-tier";
import { searchSimilarRecommendations } from "../../../src/services/vector-search";
import { createEmbedder, createGenerator } from "../../../src/services/services";

/** The model the simulated LLM stands in for, priced at its real rates. */
const SIMULATED_CHAT_MODEL = "gpt-4o-mini";
const THRESHOLDS = [0.7, 0.75, 0.8, 0.82, 0.85, 0.87, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99];
const WINDOWS = WINDOW_DAYS;
const AS_OF = "2026-11-01";
const HELD_OUT_FIRST_ID = 50_001;
/** Requests in the comparison arrive this far apart (a steady stream, not a burst that queues). */
const ARRIVAL_MS = 250;

export interface EvalOptions {
  indexUsers: number;
  indexSeed: number;
  heldOutUsers: number;
  heldOutSeed: number;
  compareRequests: number;
  llmDelayMs: number;
  llm: "disobedient" | "obedient";
  leakPercent: number;
  /** The reuse rule per personality (scripts/lib/eval/personality-run.ts): index users (0 skips it), held-out users, generic paragraphs. */
  personalityUsers: number;
  personalityHeldOut: number;
  refusalParagraphs: number;
  outDir: string;
  quiet?: boolean;
}

function progress(opts: EvalOptions, label: string, total: number) {
  const show = !opts.quiet && process.stderr.isTTY;
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(22)} [{bar}] {value}/{total} | ETA {eta_formatted}`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  if (show) bar.start(total, 0);
  return {
    tick: (n = 1) => show && bar.increment(n),
    setTotal: (n: number) => show && bar.setTotal(n),
    stop: () => show && bar.stop(),
  };
}

async function identities(db: Database, userIds: string[]): Promise<Map<string, Identity>> {
  const out = new Map<string, Identity>();
  if (userIds.length === 0) return out;
  const [users, accounts, merchants] = await Promise.all([
    db.select().from(schema.users).where(inArray(schema.users.userId, userIds)),
    db
      .select({ userId: schema.accounts.userId, accountId: schema.accounts.accountId, mask: schema.accounts.mask })
      .from(schema.accounts)
      .where(inArray(schema.accounts.userId, userIds)),
    db
      .selectDistinct({ userId: schema.transactions.userId, merchant: schema.transactions.merchantName })
      .from(schema.transactions)
      .where(and(inArray(schema.transactions.userId, userIds), isNotNull(schema.transactions.merchantName))),
  ]);
  for (const u of users)
    out.set(u.userId, { userId: u.userId, fullName: u.fullName, email: u.email, accountIds: [], masks: [], merchants: [] });
  for (const a of accounts) {
    out.get(a.userId)?.accountIds.push(a.accountId);
    if (a.mask !== null) out.get(a.userId)?.masks.push(a.mask);
  }
  for (const m of merchants) if (m.merchant) out.get(m.userId)?.merchants.push(m.merchant);
  return out;
}

export async function runEval(opts: EvalOptions): Promise<void> {
  const started = performance.now();
  const settings = scriptSettings();
  const embedder = createEmbedder({
    openaiApiKey: settings.openaiApiKey,
    model: settings.embeddingModel,
    dimensions: settings.dimensions,
    baseURL: settings.openaiBaseUrl,
  });
  console.log(
    `eval: embedder ${embedder.id}; index ${opts.indexUsers} users (seed ${opts.indexSeed}), held out ${opts.heldOutUsers} (seed ${opts.heldOutSeed}), windows 30 and 180 days, as of ${AS_OF}`,
  );

  const pg = await startEmbeddedPostgres();
  let writer: ServedOpenAISimulator | undefined;
  const handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
  try {
    const db = handle.db;
    await migrateDatabase(handle);
    // The eval's own in-memory pgvector, whatever PINECONE_API_KEY says: it must not touch a real index.
    const store = new PgVectorStore(db, { embedderId: embedder.id, dimensions: embedder.dimensions });

    // ---- 1. the index population ----
    let t = performance.now();
    const index = generateDataset({ numUsers: opts.indexUsers, seed: opts.indexSeed, asOf: AS_OF });
    const heldOut = generateDataset({ numUsers: opts.heldOutUsers, seed: opts.heldOutSeed, asOf: AS_OF, firstId: HELD_OUT_FIRST_ID });
    await loadDataset(handle, index.dataset);
    await loadDataset(handle, heldOut.dataset);
    console.log(`generated and loaded both populations in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    const indexUsers = index.dataset.users.filter((u) => u.consent_status === "granted").map((u) => u.user_id);
    const heldOutUsers = heldOut.dataset.users.filter((u) => u.consent_status === "granted").map((u) => u.user_id);
    const people = await identities(db, [...indexUsers, ...heldOutUsers]);
    // The index population's recommendations are written by a simulated LLM, through the real
    // engine (its generation door included). Disobedient by default: it is told who the person is
    // (first name, every merchant they paid) and writes that and their figures into its text.
    let current: PersonFacts | undefined;
    writer = await serveOpenAISimulator({ behaviour: opts.llm, leakShare: opts.leakPercent / 100, knowledge: () => current });
    const indexEngine = inProcessEngine({
      handle,
      embedder,
      store,
      generator: createGenerator({ openaiApiKey: "simulated-llm-no-key", chatModel: SIMULATED_CHAT_MODEL, baseURL: writer.baseURL }),
      vars: { AUTO_APPROVE_GUARDED: "true" },
    });
    const written = { sets: 0, replaced: 0, bySource: new Map<string, number>() };
    let bar = progress(opts, "index: recommendations", indexUsers.length * WINDOWS.length);
    try {
      for (const userId of indexUsers) {
        const person = people.get(userId)!;
        current = { firstName: person.fullName.split(" ")[0], merchants: person.merchants };
        for (const windowDays of WINDOWS) {
          const { response: res, measures } = await generateRecommendations(indexEngine.services, {
            userId,
            windowDays,
            forceRegenerate: true,
            useVectorDb: false,
          });
          written.sets += 1;
          written.replaced += measures.reuseReplaced;
          written.bySource.set(res.source, (written.bySource.get(res.source) ?? 0) + 1);
          bar.tick();
        }
      }
    } finally {
      bar.stop();
    }
    const leakyItems = writer.stats.leakyItems;
    console.log(
      `index: ${written.sets} sets in ${((performance.now() - t) / 1000).toFixed(1)} s, written by the simulated LLM (${opts.llm}${opts.llm === "disobedient" ? `, ${leakyItems} items carried their person's facts` : ""}; served by ${[...written.bySource].map(([k, v]) => `${k} ${v}`).join(", ")}); the reuse rule replaced ${written.replaced} titles and contents at generation`,
    );
    t = performance.now();
    bar = progress(opts, "index: vectors", 1);
    const populated = await populateVectorIndex({
      db,
      embedder,
      store,
      batchSize: 100,
      onStart: (totals) => bar.setTotal(totals.recommendations + totals.contexts),
      onProgress: (n) => bar.tick(n),
    });
    bar.stop();
    if (populated.failures.length)
      throw new Error(`indexing failed for ${populated.failures.length} records, e.g. ${populated.failures[0]!.error}`);
    console.log(
      `index: ${populated.contexts} context and ${populated.recommendations} recommendation vectors in ${((performance.now() - t) / 1000).toFixed(1)} s; the reuse rule kept ${populated.refused} approved items out of contexts at indexing, ${populated.withoutReusable} person-windows had nothing reusable`,
    );

    // ---- 2. the held-out population, at every threshold ----
    t = performance.now();
    const perThreshold = new Map<number, ServedRequest[]>(THRESHOLDS.map((th) => [th, []]));
    // "What the generator would have served this person": the same model that wrote the index.
    const baseline = createGenerator({ openaiApiKey: "simulated-llm-no-key", chatModel: SIMULATED_CHAT_MODEL, baseURL: writer.baseURL });
    const signalsOf = new Map<string, Signals>();
    const authorOf = async (userId: string, windowDays: WindowDays): Promise<Requester | undefined> => {
      const key = `${userId}:${windowDays}`;
      if (!signalsOf.has(key)) {
        const stored = await getStoredProfile(db, userId, windowDays);
        if (stored) signalsOf.set(key, stored.signals);
      }
      const signals = signalsOf.get(key);
      const identity = people.get(userId);
      return signals && identity ? { identity, signals } : undefined;
    };
    bar = progress(opts, "held out: serving", heldOutUsers.length * WINDOWS.length);
    for (const userId of heldOutUsers) {
      for (const windowDays of WINDOWS) {
        const profile = await ensureProfile(db, userId, windowDays);
        const results = await searchSimilarRecommendations(
          { embedder, store, logger: indexEngine.services.logger },
          { userId, windowDays, signals: profile.signals, persona: profile.persona },
          profile.persona.persona_type,
          NEIGHBOURS,
        );
        const person = people.get(userId)!;
        current = { firstName: person.fullName.split(" ")[0], merchants: person.merchants };
        const generated = await baseline.generate({
          userId,
          windowDays,
          signals: profile.signals,
          persona: profile.persona,
          context: await contextFor(db, userId, profile),
        });
        const requester = { identity: person, signals: profile.signals };
        const ownerOf = new Map(results.map((r) => [r.recommendation.id, r.recommendation.userId]));
        const generatorTopics = generated.recommendations.map((r) => r.topic);
        const urgent = urgentNeeds(profile.signals);
        for (const threshold of THRESHOLDS) {
          const decision = selectFromNeighbours(results, profile, threshold, true);
          const scored = decision.items
            ? await Promise.all(
                decision.items.map(async (item) =>
                  scoreItem(item, requester, await authorOf(ownerOf.get(item.reusedFromId ?? "") ?? "", windowDays)),
                ),
              )
            : generated.recommendations.map((item) => scoreItem(item, requester));
          perThreshold.get(threshold)!.push({
            hit: decision.items !== undefined,
            items: scored,
            topics: decision.items ? decision.items.map((i) => i.topic) : [],
            generatorTopics,
            dropped: decision.dropped.length,
            urgent,
            answered: decision.items ? decision.items.map((i) => i.topic) : generatorTopics,
          });
        }
        bar.tick();
      }
    }
    bar.stop();
    const rows: CalibrationRow[] = THRESHOLDS.map((threshold) => ({ threshold, summary: summarize(perThreshold.get(threshold)!) }));
    const recommended = recommendThreshold(rows);
    const table = calibrationTable(rows, recommended);
    console.log(
      `\nheld out: ${heldOutUsers.length * WINDOWS.length} requests scored at ${THRESHOLDS.length} thresholds in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    console.log(table);
    const rec = rows.find((r) => r.threshold === recommended);
    const verdict = rec
      ? `Recommended VECTOR_DB_SIMILARITY_THRESHOLD for ${embedder.id}: ${recommended!.toFixed(2)} (hit rate ${(100 * rec.summary.hitRate).toFixed(1)}%, relevance ${(100 * rec.summary.relevance).toFixed(1)}%, agreement ${(100 * rec.summary.agreement).toFixed(1)}%, grounding ${(100 * rec.summary.grounding).toFixed(1)}%, leaks ${rec.summary.leaks}).`
      : `No threshold passes the gate for ${embedder.id}: keep the vector tier off (VECTOR_DB_ENABLED=false) for this embedder.`;
    console.log(`\n${verdict}`);

    mkdirSync(opts.outDir, { recursive: true });
    const base = `${embedder.id.startsWith("local") ? "calibration" : "calibration-openai"}${opts.llm === "obedient" ? "-obedient" : ""}`;
    const chartFile = `${base}.svg`;
    writeFileSync(join(opts.outDir, chartFile), calibrationChart(rows, `Held-out calibration, ${embedder.id}`, recommended));
    writeFileSync(
      join(opts.outDir, `${base}.md`),
      [
        `# Threshold calibration: ${embedder.id}`,
        "",
        `Written by \`npm run eval\` (${new Date().toISOString().slice(0, 10)}). Index: ${opts.indexUsers} synthetic users (seed ${opts.indexSeed}), ${indexUsers.length * WINDOWS.length} sets written by the simulated model (${opts.llm}${opts.llm === "disobedient" ? `: ${leakyItems} items carried their person's facts, and the reuse rule replaced ${written.replaced} titles and contents at generation` : ""}) and ${populated.contexts} context vectors. Held out: ${opts.heldOutUsers} users (seed ${opts.heldOutSeed}, ids from user_${HELD_OUT_FIRST_ID}) the index has never seen, ${heldOutUsers.length * WINDOWS.length} requests (both windows). Each request runs the engine's real vector search once; the engine's own decision (\`selectFromNeighbours\`) is then applied at every threshold, and a miss is served by the same simulated model.`,
        "",
        "Measures: **hit rate**, the share served by the vector tier; **relevance**, the share of served recommendations whose topic is eligible for the requester's own signals; **grounding**, the share of rationales whose every number is the requester's own; **leaks**, anything of the person a reused recommendation was written for (their figures in several written forms, merchants, name, email, ids, card digits) in what is served, counted against that author's own record (figures the catalog's text for the topic contains are everyone's and not counted), also per 1,000 reused items; **refused at serving**, reused items the reuse rule dropped at serving time; **urgent topics answered**, of the answers (hit or generated) to a person with an urgent need (docs/URGENT_TOPICS.md, read by the eval's own `urgentNeeds`), the share holding every urgent topic. **Agreement** and **coverage** compare a hit with what the generator would have served the same person: agreement is the share of the vector tier's topics the generator also chose; coverage is the share of the generator's topics the vector tier served.",
        "",
        "Reading it: relevance and grounding cannot fall as the threshold drops, by construction (a reused topic must be eligible for the requester, and every rationale is rebuilt from the requester's own signals), and nothing of the matched person is carried over. What the threshold buys is closeness to the advice the person's own data would produce (agreement, coverage), against hit rate. Both populations come from the same synthetic generator, so held-out people nearly always have a close neighbour; a real population is more varied, so recalibrate on it, and for every embedder.",
        "",
        `Gate for the recommendation: relevance ≥ ${DEFAULT_GATE.minRelevance * 100}%, agreement ≥ ${DEFAULT_GATE.minAgreement * 100}%, grounding 100%, 0 leaks, every urgent topic answered; among those, the highest hit rate (ties: the higher threshold).`,
        "",
        table,
        "",
        `**${verdict}**`,
        "",
        `![hit rate, relevance and agreement against threshold](${chartFile})`,
        "",
      ].join("\n"),
    );
    console.log(`wrote ${join(opts.outDir, `${base}.md`)} and ${join(opts.outDir, chartFile)}`);

    // ---- 3. hybrid vs always-LLM, with a simulated LLM ----
    if (opts.compareRequests > 0) {
      await compare(opts, { handle, embedder, store, threshold: recommended ?? 1, heldOutUsers });
    }
    if (opts.personalityUsers > 0) {
      const { runPersonalityEval } = await import("./personality-run");
      await runPersonalityEval({
        handle,
        embedder,
        store,
        people,
        thresholds: THRESHOLDS,
        shownThreshold: 0.9,
        outDir: opts.outDir,
        chatModel: SIMULATED_CHAT_MODEL,
        indexUsers: indexUsers.slice(0, opts.personalityUsers),
        heldOutUsers: heldOutUsers.slice(0, opts.personalityHeldOut),
        paragraphs: opts.refusalParagraphs,
      });
    }
    console.log(`\neval done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await writer?.close();
    await handle.close();
    await pg.stop();
  }
}

const comparisonFile = (opts: EvalOptions) => `comparison${opts.llm === "obedient" ? "-obedient" : ""}.md`;

interface CompareInput {
  handle: Awaited<ReturnType<typeof openDatabase>>;
  embedder: ReturnType<typeof createEmbedder>;
  store: PgVectorStore;
  threshold: number;
  heldOutUsers: string[];
}

async function compare(opts: EvalOptions, input: CompareInput): Promise<void> {
  const llm = await serveOpenAISimulator({ delayMs: opts.llmDelayMs, behaviour: opts.llm, leakShare: opts.leakPercent / 100 });
  try {
    const requests = Array.from({ length: opts.compareRequests }, (_, i) => ({
      userId: input.heldOutUsers[i % input.heldOutUsers.length]!,
      windowDays: WINDOWS[Math.floor(i / input.heldOutUsers.length) % 2]!,
    }));
    const modes = [
      { name: `hybrid, threshold ${input.threshold.toFixed(2)} (recommended)`, useVectorDb: true, threshold: input.threshold },
      { name: "hybrid, threshold 0.95 (stricter: more misses)", useVectorDb: true, threshold: 0.95 },
      { name: "always the LLM (use_vector_db=false)", useVectorDb: false, threshold: input.threshold },
    ];
    const results: string[] = [];
    for (const mode of modes) {
      const before = { requests: llm.stats.chat, prompt: llm.stats.promptTokens, completion: llm.stats.completionTokens };
      const engine = inProcessEngine({
        handle: input.handle,
        embedder: input.embedder,
        store: input.store,
        generator: createGenerator({ openaiApiKey: "simulated-llm-no-key", chatModel: SIMULATED_CHAT_MODEL, baseURL: llm.baseURL }),
        vars: { VECTOR_DB_SIMILARITY_THRESHOLD: String(mode.threshold), AUTO_APPROVE_GUARDED: "true" },
      });
      console.log(
        `\ncomparison: ${requests.length} held-out requests, one every ${ARRIVAL_MS} ms, ${mode.name}, simulated LLM ${opts.llmDelayMs} ms …`,
      );
      const latencies: number[] = [];
      const sources = new Map<string, number>();
      await Promise.all(
        requests.map(async (r, i) => {
          await new Promise((wait) => setTimeout(wait, i * ARRIVAL_MS));
          const t0 = performance.now();
          const { response: res } = await generateRecommendations(engine.services, {
            ...r,
            forceRegenerate: true,
            useVectorDb: mode.useVectorDb,
          });
          latencies.push(performance.now() - t0);
          sources.set(res.source, (sources.get(res.source) ?? 0) + 1);
        }),
      );
      await engine.settle();
      latencies.sort((a, b) => a - b);
      const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
      const p95 = latencies[Math.min(latencies.length - 1, Math.floor(0.95 * latencies.length))]!;
      const llmCalls = llm.stats.chat - before.requests;
      const usage = computeUsage(SIMULATED_CHAT_MODEL, {
        prompt_tokens: llm.stats.promptTokens - before.prompt,
        completion_tokens: llm.stats.completionTokens - before.completion,
      });
      // Production embeds each vector-tier request with text-embedding-3-small (~4 chars a token).
      const embedTokens = mode.useVectorDb ? requests.length * 60 : 0;
      const cost = usage.usage.cost_usd + embeddingCostUsd(embedTokens, "text-embedding-3-small");
      const per1000 = (cost / requests.length) * 1000;
      results.push(
        `| ${mode.name} | ${requests.length} | ${[...sources].map(([s, n]) => `${s} ${n}`).join(", ")} | ${llmCalls} | ${(mean / 1000).toFixed(2)} s | ${(p95 / 1000).toFixed(2)} s | ${usage.usage.prompt_tokens + usage.usage.completion_tokens} | $${per1000.toFixed(4)} |`,
      );
    }
    const table = [
      "| mode | requests | served by | LLM calls | mean latency | p95 latency | LLM tokens | OpenAI cost per 1,000 requests |",
      "|---|---|---|---|---|---|---|---|",
      ...results,
    ].join("\n");
    console.log(`\n${table}`);
    writeFileSync(
      join(opts.outDir, comparisonFile(opts)),
      [
        "# Hybrid engine vs always calling the LLM",
        "",
        `Written by \`npm run eval\` (${new Date().toISOString().slice(0, 10)}). **The LLM is simulated**: a local OpenAI-compatible endpoint (scripts/lib/openai-simulator.ts) answers valid structured output (${opts.llm}: ${opts.llm === "disobedient" ? `${opts.leakPercent}% of its items carry the person's figures, merchants or first name` : "general text only"}) after ${opts.llmDelayMs} ms (the latency measured for gpt-4o-mini in the original system, about 17 s a person) and counts tokens at 4 characters a token. The engine's real OpenAI generator calls it through the official SDK. Costs use the real price table: gpt-4o-mini $0.15 / 1M input and $0.60 / 1M output tokens; text-embedding-3-small $0.02 / 1M (about 60 tokens per profile).`,
        "",
        `${opts.compareRequests} held-out requests (people the index has never seen, both windows), arriving one every ${ARRIVAL_MS} ms, served in process by the real engine (\`generateRecommendations\`) against the eval's index. Latency is per request, from the call to the answer. The stricter threshold shows how latency and cost follow the hit rate.`,
        "",
        table,
        "",
      ].join("\n"),
    );
    console.log(`wrote ${join(opts.outDir, comparisonFile(opts))}`);
  } finally {
    await llm.close();
  }
}
