/**
 * What the population eval measures, written from the specification (docs/URGENT_TOPICS.md and
 * the catalog's priorities), not from the engine's code: the needs a person's signals make urgent,
 * whether an answer is in the catalog's priority order, and each population's summary and
 * recommended threshold.
 */
import { CATALOG } from "../../../src/domain/catalog";
import type { Signals } from "../../../src/domain/signals";

/** The urgent needs docs/URGENT_TOPICS.md lists, each with the catalog topic that answers it. */
export function urgentNeeds(s: Signals): string[] {
  const needs: string[] = [];
  if (s.credit.is_overdue) needs.push("get_current_on_overdue_payment");
  if (s.credit.interest_charges > 0) needs.push("stop_interest_charges");
  if (s.credit.minimum_payment_only) needs.push("pay_more_than_minimum");
  if ((s.credit.max_utilization ?? 0) >= 0.9) needs.push("pay_down_highest_utilization_card");
  return needs;
}

/**
 * True when the topics are in the catalog's priority order for this person: urgent needs first,
 * then the persona's own topics, then general ones, then any other; within each group by the
 * catalog's priority for the person (higher first).
 */
export function inCatalogOrder(topics: readonly string[], s: Signals, persona: string): boolean {
  const urgent = new Set(urgentNeeds(s));
  const key = (topic: string): [number, number] => {
    const entry = CATALOG.find((t) => t.topic === topic);
    if (!entry) return [9, 0];
    const group = urgent.has(topic) ? 0 : entry.personas.includes(persona as never) ? 1 : entry.personas.includes("general") ? 2 : 3;
    return [group, -entry.priority(s)];
  };
  for (let i = 1; i < topics.length; i++) {
    const [ga, pa] = key(topics[i - 1]!);
    const [gb, pb] = key(topics[i]!);
    if (ga > gb || (ga === gb && pa > pb)) return false;
  }
  return true;
}

export interface PopulationRequest {
  population: string;
  persona: string;
  hit: boolean;
  /** What was served: the vector tier's topics on a hit, else the generator's. */
  served: string[];
  generator: string[];
  urgent: string[];
  ordered: boolean;
}

export interface PopulationSummary {
  requests: number;
  hits: number;
  hitRate: number;
  /** Hits: the share of the generator's topics served. */
  coverage: number;
  /** Hits: the share whose answer holds the generator's first topic. */
  topTopic: number;
  /** Every answer with an urgent need: the share holding every urgent topic. */
  urgentCoverage: number;
  urgentRequests: number;
  /** Every answer: the share in the catalog's priority order. */
  ordered: number;
}

/** n of d, and 1 of nothing (no request missed anything). */
export const share = (n: number, d: number) => (d === 0 ? 1 : n / d);

/** Of the answers to a person with an urgent need (hit or generated): how many, and the share holding every urgent topic. */
export function urgentCoverage(answers: readonly { urgent: readonly string[]; served: readonly string[] }[]) {
  const urgent = answers.filter((a) => a.urgent.length > 0);
  return {
    urgentCoverage: share(urgent.filter((a) => a.urgent.every((t) => a.served.includes(t))).length, urgent.length),
    urgentRequests: urgent.length,
  };
}

export function summarizePopulation(rs: readonly PopulationRequest[]): PopulationSummary {
  const hits = rs.filter((r) => r.hit);
  const covered = hits.reduce((n, r) => n + r.generator.filter((t) => r.served.includes(t)).length, 0);
  const wanted = hits.reduce((n, r) => n + r.generator.length, 0);
  return {
    requests: rs.length,
    hits: hits.length,
    hitRate: share(hits.length, rs.length),
    coverage: share(covered, wanted),
    topTopic: share(hits.filter((r) => r.generator[0] !== undefined && r.served.includes(r.generator[0])).length, hits.length),
    ...urgentCoverage(rs),
    ordered: share(rs.filter((r) => r.ordered).length, rs.length),
  };
}

/** The gate a threshold must pass: the generator's first topic in ≥ 90% of hits, every urgent topic always, ≥ 80% coverage. */
export const POPULATION_GATE = { minTopTopic: 0.9, minCoverage: 0.8 };

export function passes(s: PopulationSummary): boolean {
  return s.topTopic >= POPULATION_GATE.minTopTopic && s.coverage >= POPULATION_GATE.minCoverage && s.urgentCoverage === 1;
}

/** Among thresholds that pass, the highest hit rate (ties: the higher threshold); undefined when none passes. */
export function recommend(rows: readonly { threshold: number; summary: PopulationSummary }[]): number | undefined {
  let best: { threshold: number; summary: PopulationSummary } | undefined;
  for (const row of rows) {
    if (!passes(row.summary) || row.summary.hits === 0) continue;
    if (
      !best ||
      row.summary.hitRate > best.summary.hitRate ||
      (row.summary.hitRate === best.summary.hitRate && row.threshold > best.threshold)
    )
      best = row;
  }
  return best?.threshold;
}
