/**
 * npm run eval, the reuse rule per personality of the simulated model (scripts/lib/eval/personalities.ts):
 * for each, a fresh index is written by a model of that personality through the real engine,
 * indexed, and a held-out population is served by the vector tier's real search and decision at
 * every threshold. Leaks are counted by leak-count.ts (no code of the rule's). Then the
 * false-refusal rate: how many held-out generic paragraphs (generic-prose.ts) the rule refuses.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { openDatabase } from "../db";
import { inProcessEngine } from "../in-process-engine";
import { serveOpenAISimulator } from "../openai-simulator-server";
import { populateVectorIndex } from "../vector-population";
import type { PersonFacts } from "../openai-simulator";
import { CATALOG } from "../../../src/domain/catalog";
import { authorDigest, reusableItemViolations } from "../../../src/domain/reuse-rule";
import { WINDOW_DAYS, type Signals, type WindowDays } from "../../../src/domain/signals";
import { getStoredProfile } from "../../../src/db/profiles";
import type { PgVectorStore } from "../../../src/adapters/vector/pgvector";
import { ensureProfile } from "../../../src/services/profile-service";
import { generateRecommendations } from "../../../src/services/recommendation-engine";
import { createEmbedder, createGenerator } from "../../../src/services/services";
import { NEIGHBOURS, selectFromNeighbours } from "../../../src/services/vector-tier";
import { searchSimilarRecommendations } from "../../../src/services/vector-search";
import { heldOutParagraph } from "./generic-prose";
import { leaksOfAuthor } from "./leak-count";
import type { Identity } from "./measures";
import { PERSONALITIES, type Personality } from "./personalities";

export interface PersonalityEvalInput {
  handle: Awaited<ReturnType<typeof openDatabase>>;
  embedder: ReturnType<typeof createEmbedder>;
  store: PgVectorStore;
  people: Map<string, Identity>;
  indexUsers: string[];
  heldOutUsers: string[];
  thresholds: readonly number[];
  /** The threshold whose hit rate the table shows beside the lowest one. */
  shownThreshold: number;
  paragraphs: number;
  outDir: string;
  chatModel: string;
}

interface PersonalityRow {
  personality: Personality;
  sets: number;
  leakyItems: number;
  generatedItems: number;
  shareableDiffers: number;
  /** Per threshold: requests, hits, reused items, leaks, dropped at serving. */
  perThreshold: Map<number, { requests: number; hits: number; reused: number; leaks: number; dropped: number; examples: string[] }>;
}

const WINDOWS = WINDOW_DAYS;
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "-");

async function runPersonality(input: PersonalityEvalInput, personality: Personality): Promise<PersonalityRow> {
  const { handle, embedder, store, people } = input;
  const db = handle.db;
  // A fresh index for each personality: no set or vector of another one is left to match.
  await db.execute(sql`delete from recommendations`);
  await db.execute(sql`delete from vectors where embedder = ${embedder.id}`);
  let current: PersonFacts | undefined;
  const writer = await serveOpenAISimulator({ personality, leakShare: 0.5, knowledge: () => current });
  const row: PersonalityRow = { personality, sets: 0, leakyItems: 0, generatedItems: 0, shareableDiffers: 0, perThreshold: new Map() };
  try {
    const engine = inProcessEngine({
      handle,
      embedder,
      store,
      generator: createGenerator({ openaiApiKey: "simulated-llm-no-key", chatModel: input.chatModel, baseURL: writer.baseURL }),
      vars: { AUTO_APPROVE_GUARDED: "true" },
    });
    for (const userId of input.indexUsers) {
      const person = people.get(userId)!;
      current = { firstName: person.fullName.split(" ")[0], merchants: person.merchants };
      for (const windowDays of WINDOWS) {
        await generateRecommendations(engine.services, { userId, windowDays, forceRegenerate: true, useVectorDb: false });
        row.sets += 1;
      }
    }
    await engine.settle();
    row.leakyItems = writer.stats.leakyItems;
    const [texts] = (
      await db.execute<{ items: number; differs: number }>(
        sql`select count(*)::int as items, count(*) filter (where shareable_title is not null or shareable_content is not null)::int as differs from recommendations where status <> 'superseded'`,
      )
    ).rows;
    row.generatedItems = texts?.items ?? 0;
    row.shareableDiffers = texts?.differs ?? 0;
    const populated = await populateVectorIndex({ db, embedder, store, batchSize: 100 });
    if (populated.failures.length) throw new Error(`indexing failed for ${populated.failures.length} records`);

    const signalsOf = new Map<string, Signals | undefined>();
    const authorOf = async (userId: string, windowDays: WindowDays) => {
      const key = `${userId}:${windowDays}`;
      if (!signalsOf.has(key)) signalsOf.set(key, (await getStoredProfile(db, userId, windowDays))?.signals);
      const signals = signalsOf.get(key);
      const identity = people.get(userId);
      return signals && identity ? { identity, signals } : undefined;
    };
    for (const th of input.thresholds) row.perThreshold.set(th, { requests: 0, hits: 0, reused: 0, leaks: 0, dropped: 0, examples: [] });
    for (const userId of input.heldOutUsers) {
      for (const windowDays of WINDOWS) {
        const profile = await ensureProfile(db, userId, windowDays);
        const results = await searchSimilarRecommendations(
          { embedder, store, logger: engine.services.logger },
          { userId, windowDays, signals: profile.signals, persona: profile.persona },
          profile.persona.persona_type,
          NEIGHBOURS,
        );
        const ownerOf = new Map(results.map((r) => [r.recommendation.id, r.recommendation.userId]));
        for (const th of input.thresholds) {
          const cell = row.perThreshold.get(th)!;
          const decision = selectFromNeighbours(results, profile, th, true);
          cell.requests += 1;
          cell.dropped += decision.dropped.length;
          if (!decision.items) continue;
          cell.hits += 1;
          for (const item of decision.items) {
            cell.reused += 1;
            const author = await authorOf(ownerOf.get(item.reusedFromId ?? "") ?? "", windowDays);
            if (!author || author.identity.userId === userId) continue;
            const leaks = leaksOfAuthor(item, author);
            cell.leaks += leaks.length;
            if (leaks.length && cell.examples.length < 3) cell.examples.push(`${leaks.join(", ")} in "${item.content.slice(0, 160)}"`);
          }
        }
      }
    }
  } finally {
    await writer.close();
  }
  return row;
}

/** The share of held-out generic paragraphs the rule refuses, each checked against a real author's record. */
function falseRefusals(input: PersonalityEvalInput): { checked: number; refused: number; kinds: Map<string, number>; examples: string[] } {
  const authors = [...input.people.values()].map((p) => authorDigest(p));
  const kinds = new Map<string, number>();
  const examples: string[] = [];
  let refused = 0;
  for (let i = 0; i < input.paragraphs; i++) {
    const topic = CATALOG[i % CATALOG.length]!;
    const content = heldOutParagraph(i);
    const violations = reusableItemViolations({ topic: topic.topic, title: topic.title, content }, authors[(i * 7919) % authors.length]!);
    if (violations.length === 0) continue;
    refused += 1;
    for (const k of new Set(violations.map((v) => v.kind))) kinds.set(k, (kinds.get(k) ?? 0) + 1);
    if (examples.length < 5) examples.push(`${violations.map((v) => `${v.kind} "${v.match}"`).join(", ")}: "${content}"`);
  }
  return { checked: input.paragraphs, refused, kinds, examples };
}

/**
 * A harder, human-written measure: each sentence of the catalog's contents (without digits), checked
 * as content of another topic. These are generic advice, but some count or date ("three to six
 * months", "last month"), which the rule refuses outside their own topic: an upper bound.
 */
function crossTopicRefusals(input: PersonalityEvalInput): { checked: number; refused: number } {
  const authors = [...input.people.values()].map((p) => authorDigest(p));
  const sentences = CATALOG.flatMap((t) => t.content.split(/(?<=[.!?])\s+/).map((s) => ({ from: t.topic, s }))).filter(
    (x) => !/\d/.test(x.s),
  );
  let checked = 0;
  let refused = 0;
  sentences.forEach((x, i) => {
    const topic = CATALOG[(i * 7 + 3) % CATALOG.length]!;
    if (topic.topic === x.from) return;
    checked += 1;
    if (reusableItemViolations({ topic: topic.topic, title: topic.title, content: x.s }, authors[(i * 104729) % authors.length]!).length)
      refused += 1;
  });
  return { checked, refused };
}

/** Runs every personality and the false-refusal measure; prints the table and writes docs/eval/personalities.md. */
export async function runPersonalityEval(input: PersonalityEvalInput): Promise<void> {
  const started = performance.now();
  const rows: PersonalityRow[] = [];
  // The obedient one first: the others' hit-rate cost is measured against it.
  for (const p of ["obedient", ...PERSONALITIES.filter((x) => x !== "obedient")] as Personality[])
    rows.push(await runPersonality(input, p));
  const low = Math.min(...input.thresholds);
  const shown = input.shownThreshold;
  const base = rows[0]!;
  const hitRate = (r: PersonalityRow, th: number) => {
    const c = r.perThreshold.get(th)!;
    return c.requests ? c.hits / c.requests : 0;
  };
  const cost = (r: PersonalityRow, th: number) => `${(100 * (hitRate(base, th) - hitRate(r, th))).toFixed(1)} pts`;
  const lines = [
    `| personality | items carrying the person (of ${base.generatedItems || "-"}) | shareable text differs from the author's | leaks, every threshold (${input.thresholds.length}) | reused items, every threshold | hit rate at ${low.toFixed(2)} | hit rate at ${shown.toFixed(2)} | hit-rate cost at ${low.toFixed(2)} / ${shown.toFixed(2)} vs obedient | refused at serving |`,
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const cells = [...r.perThreshold.values()];
    const leaks = cells.reduce((n, c) => n + c.leaks, 0);
    const reused = cells.reduce((n, c) => n + c.reused, 0);
    const dropped = cells.reduce((n, c) => n + c.dropped, 0);
    lines.push(
      `| ${r.personality} | ${r.leakyItems} | ${pct(r.shareableDiffers, r.generatedItems)} (${r.shareableDiffers}/${r.generatedItems}) | ${leaks} | ${reused} | ${pct(r.perThreshold.get(low)!.hits, r.perThreshold.get(low)!.requests)} | ${pct(r.perThreshold.get(shown)!.hits, r.perThreshold.get(shown)!.requests)} | ${cost(r, low)} / ${cost(r, shown)} | ${dropped} |`,
    );
  }
  const table = lines.join("\n");
  const fr = falseRefusals(input);
  const cross = crossTopicRefusals(input);
  const frLine = `False refusals: the rule refused ${fr.refused} of ${fr.checked} held-out generic paragraphs (${pct(fr.refused, fr.checked)}), each checked against a real author's record${fr.kinds.size ? `; by kind: ${[...fr.kinds].map(([k, n]) => `${k} ${n}`).join(", ")}` : ""}. The catalog's own sentences checked under another topic: ${cross.refused} of ${cross.checked} refused (${pct(cross.refused, cross.checked)}).`;
  const examples = rows.flatMap((r) =>
    [...r.perThreshold].flatMap(([th, c]) => c.examples.map((e) => `- ${r.personality} at ${th.toFixed(2)}: ${e}`)),
  );
  console.log(
    `\nreuse rule per personality (${input.indexUsers.length} index users, ${input.heldOutUsers.length} held out, both windows), in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  console.log(table);
  console.log(`\n${frLine}`);
  for (const e of examples) console.log(e);
  writeFileSync(
    join(input.outDir, "personalities.md"),
    [
      "# The reuse rule against each personality of the simulated model",
      "",
      `Written by \`npm run eval\` (${new Date().toISOString().slice(0, 10)}). For each personality (scripts/lib/eval/personalities.ts) a fresh index is written by a simulated model with that one way of disobeying its prompt (half of its items carry the person), through the real engine: ${input.indexUsers.length} users of the index population, both windows. Then ${input.heldOutUsers.length} held-out users (both windows) are served by the vector tier's real search and decision at each of ${input.thresholds.length} thresholds (${input.thresholds.map((t) => t.toFixed(2)).join(", ")}).`,
      "",
      "- **figures**: the person's figures in several written forms, their merchants as recorded and their first name (the original simulated model);",
      '- **short_names**: merchants and employers as people name them ("your Xfinity bill" for "Comcast Xfinity", "Acme" for "ACME CORP PAYROLL");',
      "- **first_name**: the person's first name, capitalized or not;",
      '- **slang_amounts**: their amounts spelled out or in slang ("about three grand", "a couple hundred");',
      '- **relative_dates**: "since last spring", "a couple of weeks ago", "over the holidays";',
      "- **obedient**: varied generic prose only.",
      "",
      "**Leaks** are counted against the matched author's own record by scripts/lib/eval/leak-count.ts, which shares no code with the rule (its own tokenizer, English word list, number parser and date patterns): figures, identifiers, merchant names and every naming word of them (everyday words only where capitalized), name parts in any case, amounts in words within 35% of one of the author's figures, any relative date. **Shareable text differs**: generated items whose text for others is the catalog's because the model's failed the rule (the author still reads the model's). **Hit-rate cost**: the hit rate lost against the obedient model at the same threshold.",
      "",
      table,
      "",
      `**${frLine}** The paragraphs come from a grammar of their own (scripts/lib/eval/generic-prose.ts, \`heldOutParagraph\`), written before the rule and never used to tune it; none names, counts or dates anything, so every refusal is a false one.`,
      "",
      ...(fr.examples.length ? ["Refused paragraphs, for example:", "", ...fr.examples.map((e) => `- ${e}`), ""] : []),
      ...(examples.length ? ["Leaks found:", "", ...examples, ""] : []),
    ].join("\n"),
  );
  console.log(`wrote ${join(input.outDir, "personalities.md")}`);
}
