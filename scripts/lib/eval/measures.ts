/**
 * The quality measures of DESIGN.md, as pure arithmetic over what was served, so a test can check
 * them on a tiny fixed population (scripts/eval.ts feeds them the real engine's output):
 *   - hit rate: the share of requests the vector tier served;
 *   - relevance: the share of served recommendations whose topic is eligible for the requester's
 *     own signals (the catalog's rules);
 *   - grounding: the share of rationales whose every number is the requester's own;
 *   - leaks: identifiers of another person (id, name, email, account or card digits, a merchant the
 *     requester never paid) anywhere in a served recommendation.
 * Plus two measures of our own, comparing a hit with what the generator would have served this
 * person (how close "a near neighbour's advice" is to "advice made for you"):
 *   - agreement: of the topics the vector tier served, the share the generator also chose;
 *   - coverage: of the topics the generator chose, the share the vector tier served.
 */
import { isTopicEligible } from "../../../src/domain/catalog";
import { checkGrounding } from "../../../src/domain/guardrails";
import type { Signals } from "../../../src/domain/signals";

export interface ServedItem {
  topic: string;
  title: string;
  content: string;
  rationale: string;
}

/** What identifies one person: any of these in someone else's response is a leak. */
export interface Identity {
  userId: string;
  fullName: string;
  email: string;
  accountIds: string[];
  /** Card and account last-4 digits. */
  masks: string[];
  merchants: string[];
}

export interface Requester {
  identity: Identity;
  signals: Signals;
}

export interface ItemScore {
  relevant: boolean;
  grounded: boolean;
  /** What of another person's identity the item contains, e.g. "user_00042 (user id)". */
  leaks: string[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const containsWord = (text: string, needle: string) => new RegExp(`(^|[^A-Za-z0-9_])${escape(needle)}($|[^A-Za-z0-9_])`, "i").test(text);

/** The parts of `other` that are not also the requester's own (a shared merchant identifies no one). */
function foreignIdentifiers(requester: Identity, other: Identity): { value: string; kind: string }[] {
  const mine = new Set([...requester.masks, ...requester.merchants.map((m) => m.toLowerCase())]);
  return [
    { value: other.userId, kind: "user id" },
    { value: other.fullName, kind: "name" },
    { value: other.email, kind: "email" },
    ...other.accountIds.map((value) => ({ value, kind: "account id" })),
    ...other.masks.filter((m) => !mine.has(m)).map((value) => ({ value, kind: "card digits" })),
    ...other.merchants.filter((m) => m.trim().length >= 3 && !mine.has(m.toLowerCase())).map((value) => ({ value, kind: "merchant" })),
  ].filter((x) => x.value.trim() !== "");
}

/** Score one served recommendation for the requester, against the people it may have come from. */
export function scoreItem(item: ServedItem, requester: Requester, others: readonly Identity[]): ItemScore {
  const text = `${item.title}\n${item.content}\n${item.rationale}`;
  const leaks = others
    .filter((o) => o.userId !== requester.identity.userId)
    .flatMap((o) => foreignIdentifiers(requester.identity, o).filter((x) => containsWord(text, x.value)).map((x) => `${x.value} (${x.kind})`));
  return {
    relevant: isTopicEligible(item.topic, requester.signals),
    grounded: checkGrounding(item.rationale, requester.signals).ok,
    leaks,
  };
}

/** One held-out request at one threshold: who served it, and how each item scored. */
export interface ServedRequest {
  hit: boolean;
  items: ItemScore[];
  /** Vector-tier hits: topics served, and the topics the generator chose for the same person. */
  topics: string[];
  generatorTopics: string[];
}

export interface Summary {
  requests: number;
  hits: number;
  hitRate: number;
  served: number;
  relevance: number;
  /** Relevance of the vector-served items alone. */
  hitRelevance: number;
  agreement: number;
  coverage: number;
  grounding: number;
  ungrounded: number;
  leaks: number;
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

export function summarize(requests: readonly ServedRequest[]): Summary {
  const items = requests.flatMap((r) => r.items);
  const hits = requests.filter((r) => r.hit);
  const hitItems = hits.flatMap((r) => r.items);
  const agreed = hits.reduce((n, r) => n + r.topics.filter((t) => r.generatorTopics.includes(t)).length, 0);
  const hitTopics = hits.reduce((n, r) => n + r.topics.length, 0);
  const generatorTopics = hits.reduce((n, r) => n + r.generatorTopics.length, 0);
  const grounded = items.filter((i) => i.grounded).length;
  return {
    requests: requests.length,
    hits: hits.length,
    hitRate: ratio(hits.length, requests.length),
    served: items.length,
    relevance: ratio(items.filter((i) => i.relevant).length, items.length),
    hitRelevance: ratio(hitItems.filter((i) => i.relevant).length, hitItems.length),
    agreement: ratio(agreed, hitTopics),
    coverage: ratio(agreed, generatorTopics),
    grounding: ratio(grounded, items.length),
    ungrounded: items.length - grounded,
    leaks: items.reduce((n, i) => n + i.leaks.length, 0),
  };
}

export interface Gate {
  minRelevance: number;
  minAgreement: number;
}

/** The rule: relevance ≥ 98%, every rationale grounded, no leak; plus our agreement floor. */
export const DEFAULT_GATE: Gate = { minRelevance: 0.98, minAgreement: 0.9 };

export function passesGate(s: Summary, gate: Gate = DEFAULT_GATE): boolean {
  return s.relevance >= gate.minRelevance && s.agreement >= gate.minAgreement && s.ungrounded === 0 && s.leaks === 0;
}

/**
 * The recommended threshold: the highest hit rate among thresholds that pass the gate; on a tie the
 * higher threshold (the same hits with more margin). Undefined when none passes.
 */
export function recommendThreshold(rows: readonly { threshold: number; summary: Summary }[], gate: Gate = DEFAULT_GATE): number | undefined {
  let best: { threshold: number; summary: Summary } | undefined;
  for (const row of rows) {
    if (!passesGate(row.summary, gate)) continue;
    if (!best || row.summary.hitRate > best.summary.hitRate || (row.summary.hitRate === best.summary.hitRate && row.threshold > best.threshold)) best = row;
  }
  return best?.threshold;
}
