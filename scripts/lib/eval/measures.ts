/**
 * The four quality measures (hit rate, relevance, grounding, leaks), as pure arithmetic over what was served, so a test can check
 * them on a tiny fixed population (scripts/eval.ts feeds them the real engine's output):
 *   - hit rate: the share of requests the vector tier served;
 *   - relevance: the share of served recommendations whose topic is eligible for the requester's
 *     own signals (the catalog's rules);
 *   - grounding: the share of rationales whose every number is one of the requester's own figures
 *     (the eval's own check, ./grounding.ts, not the engine's guardrail);
 *   - leaks: anything of the person a reused recommendation was written for (its author) in what
 *     is served: their figures in any written form ("81.3%", "0.81", "81 percent", "$1,200",
 *     "1,200", "five"), their merchants, name, email, ids and card digits. Counted by comparing the
 *     served text with the author's own record, not with the reuse rule's patterns.
 * Plus two measures of our own, comparing a hit with what the generator would have served this
 * person (how close "a near neighbour's advice" is to "advice made for you"):
 *   - agreement: of the topics the vector tier served, the share the generator also chose;
 *   - coverage: of the topics the generator chose, the share the vector tier served.
 */
import { getTopic, isTopicEligible } from "../../../src/domain/catalog";
import type { Signals } from "../../../src/domain/signals";
import { ungroundedNumbers } from "./grounding";
import { share, urgentCoverage } from "./population-measures";

export interface ServedItem {
  topic: string;
  title: string;
  content: string;
  rationale: string;
}

/** What identifies one person: any of these in a response to someone else is a leak. */
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
/** A figure as written, not part of a longer one ("68%" is not in "168%" or "68.5%"). */
const containsFigure = (text: string, form: string) =>
  /^[a-z]/i.test(form) ? containsWord(text, form) : new RegExp(`(?<![\\d.,$])${escape(form)}(?![\\d]|[.,]\\d)`, "i").test(text);
/** A name as a name: capitalized where it stands ("Grace" is a name, "grace period" is not). */
const containsName = (text: string, name: string) => new RegExp(`(^|[^\\p{L}\\p{N}_])${escape(name)}($|[^\\p{L}\\p{N}_])`, "u").test(text);

const NUMBER_WORDS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
  "twenty",
];
/** "1234.56" → "1,234.56": thousands separators in the whole part only. */
const grouped = (n: string) => {
  const [whole = "", fraction] = n.split(".");
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${fraction === undefined ? "" : `.${fraction}`}`;
};

/** The figures of a person's data, in the forms a text might write them. Zero identifies no one. */
function figureForms(s: Signals): string[] {
  const forms = new Set<string>();
  const money = (v: number) => {
    const abs = Math.abs(v);
    if (abs < 0.005) return;
    const cents = abs.toFixed(2);
    const whole = String(Math.round(abs));
    for (const f of [`$${grouped(cents)}`, grouped(cents), cents, `$${grouped(whole)}`, grouped(whole), whole])
      forms.add(f.replace(/\.00$/, ""));
  };
  const ratio = (r: number | null) => {
    if (r === null || r === 0) return;
    const p1 = String(Math.round(Math.abs(r) * 1000) / 10);
    const p0 = String(Math.round(Math.abs(r) * 100));
    for (const f of [`${p1}%`, `${p0}%`, `${p1} percent`, `${p0} percent`, Math.abs(r).toFixed(2), Math.abs(r).toFixed(3)]) forms.add(f);
  };
  const count = (c: number) => {
    if (c <= 0) return;
    forms.add(String(c));
    // "one" is also a pronoun ("one option is"); it is not counted.
    if (c >= 2 && c < NUMBER_WORDS.length) forms.add(NUMBER_WORDS[c]!);
  };
  const tenths = (v: number | null) => {
    if (v === null || v === 0) return;
    forms.add(v.toFixed(1));
  };
  const { subscriptions: sub, savings: sav, credit: cr, income: inc } = s;
  [
    sub.monthly_recurring_spend,
    sub.recurring_spend_in_window,
    sub.total_spend_in_window,
    sav.savings_balance,
    sav.net_savings_inflow,
    sav.monthly_net_inflow,
    sav.average_monthly_expenses,
    sav.investment_balance,
    cr.total_balance,
    cr.total_limit,
    cr.interest_charges,
    inc.average_monthly_income,
    inc.liquid_balance,
  ].forEach(money);
  for (const m of sub.recurring_merchants) [m.amount, m.monthly_equivalent].forEach(money);
  for (const c of cr.cards)
    [c.balance, c.limit, c.interest_charges, c.minimum_payment_amount, c.last_payment_amount, c.last_statement_balance].forEach(
      (v) => v !== null && money(v),
    );
  [
    sub.subscription_share,
    sav.growth_rate,
    cr.max_utilization,
    cr.total_utilization,
    inc.pay_variability,
    ...cr.cards.map((c) => c.utilization),
  ].forEach(ratio);
  for (const apr of [cr.max_apr_percentage, ...cr.cards.map((c) => c.apr_percentage)]) {
    if (apr) for (const f of [`${apr}%`, String(apr), `${Math.round(apr)}%`]) forms.add(f);
  }
  [sav.emergency_fund_months, inc.cash_flow_buffer_months, inc.median_pay_gap_days].forEach(tenths);
  [
    sub.recurring_merchant_count,
    sav.savings_account_count,
    cr.card_count,
    inc.pay_event_count,
    ...sub.recurring_merchants.map((m) => m.charges_in_lookback),
  ].forEach(count);
  if (inc.median_pay_gap_days) forms.add(String(Math.round(inc.median_pay_gap_days)));
  return [...forms];
}

/**
 * What of the author's record a reused item carries. Title and content are compared with the
 * author's figures, merchants, name, email, ids and card digits, except what the catalog's own text
 * for the topic says (written for everyone); the rationale, rebuilt from the requester's signals,
 * is compared with the author's identifiers only (a figure there is the requester's own).
 */
export function authorLeaks(item: ServedItem, author: Requester): string[] {
  const reused = `${item.title}\n${item.content}`;
  const topic = getTopic(item.topic);
  const generic = topic ? `${topic.title}\n${topic.content}` : "";
  const found = new Set<string>();
  for (const form of figureForms(author.signals)) {
    if (containsFigure(reused, form) && !containsFigure(generic, form)) found.add(`${form} (figure)`);
  }
  const id = author.identity;
  const identifiers = [
    { value: id.userId, kind: "user id" },
    { value: id.fullName, kind: "name" },
    { value: id.email, kind: "email" },
    ...id.accountIds.map((value) => ({ value, kind: "account id" })),
    ...id.masks.map((value) => ({ value, kind: "card digits" })),
    ...id.merchants.filter((m) => m.trim().length >= 3).map((value) => ({ value, kind: "merchant" })),
  ].filter((x) => x.value.trim() !== "");
  const all = `${reused}\n${item.rationale}`;
  for (const x of identifiers) if (containsWord(all, x.value) && !containsWord(generic, x.value)) found.add(`${x.value} (${x.kind})`);
  for (const part of id.fullName.split(/\s+/).filter((p) => p.length >= 2)) {
    if (containsName(all, part) && !containsName(generic, part)) found.add(`${part} (name)`);
  }
  return [...found];
}

/** Score one served recommendation for the requester; `author` is whom a reused item was written for. */
export function scoreItem(item: ServedItem, requester: Requester, author?: Requester): ItemScore {
  return {
    relevant: isTopicEligible(item.topic, requester.signals),
    // The eval's own check, not the engine's guardrail: a measure sharing the engine's logic could only agree with it.
    grounded: ungroundedNumbers(item.rationale, requester.signals).length === 0,
    leaks: author && author.identity.userId !== requester.identity.userId ? authorLeaks(item, author) : [],
  };
}

/** One held-out request at one threshold: who served it, and how each item scored. */
export interface ServedRequest {
  hit: boolean;
  items: ItemScore[];
  /** Vector-tier hits: topics served, and the topics the generator chose for the same person. */
  topics: string[];
  generatorTopics: string[];
  /** Items the vector tier's reuse rule refused at serving time. */
  dropped?: number;
  /** The requester's urgent needs (urgentNeeds, written from docs/URGENT_TOPICS.md), and every topic the answer held, hit or not. */
  urgent: string[];
  answered: string[];
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
  /** Items served by the vector tier (reused from someone else). */
  reusedItems: number;
  /** Leaks per 1,000 reused items. */
  leaksPer1000: number;
  /** Items the reuse rule refused at serving time. */
  dropped: number;
  /** Of the answers to a person with an urgent need (hit or generated): the share holding every urgent topic. */
  urgentCoverage: number;
  urgentRequests: number;
}

export function summarize(requests: readonly ServedRequest[]): Summary {
  const items = requests.flatMap((r) => r.items);
  const hits = requests.filter((r) => r.hit);
  const hitItems = hits.flatMap((r) => r.items);
  const agreed = hits.reduce((n, r) => n + r.topics.filter((t) => r.generatorTopics.includes(t)).length, 0);
  const hitTopics = hits.reduce((n, r) => n + r.topics.length, 0);
  const generatorTopics = hits.reduce((n, r) => n + r.generatorTopics.length, 0);
  const grounded = items.filter((i) => i.grounded).length;
  const leaks = items.reduce((n, i) => n + i.leaks.length, 0);
  return {
    requests: requests.length,
    hits: hits.length,
    hitRate: share(hits.length, requests.length),
    served: items.length,
    relevance: share(items.filter((i) => i.relevant).length, items.length),
    hitRelevance: share(hitItems.filter((i) => i.relevant).length, hitItems.length),
    agreement: share(agreed, hitTopics),
    coverage: share(agreed, generatorTopics),
    grounding: share(grounded, items.length),
    ungrounded: items.length - grounded,
    leaks,
    reusedItems: hitItems.length,
    leaksPer1000: hitItems.length ? (1000 * hitItems.reduce((n, i) => n + i.leaks.length, 0)) / hitItems.length : 0,
    dropped: requests.reduce((n, r) => n + (r.dropped ?? 0), 0),
    ...urgentCoverage(requests.map((r) => ({ urgent: r.urgent, served: r.answered }))),
  };
}

export interface Gate {
  minRelevance: number;
  minAgreement: number;
}

/** The quality rule: relevance ≥ 98%, every rationale grounded, no leak, every urgent topic answered; plus our agreement floor. */
export const DEFAULT_GATE: Gate = { minRelevance: 0.98, minAgreement: 0.9 };

export function passesGate(s: Summary, gate: Gate = DEFAULT_GATE): boolean {
  return (
    s.relevance >= gate.minRelevance && s.agreement >= gate.minAgreement && s.ungrounded === 0 && s.leaks === 0 && s.urgentCoverage === 1
  );
}

/**
 * The recommended threshold: the highest hit rate among thresholds that pass the gate; on a tie the
 * higher threshold (the same hits with more margin). Undefined when none passes.
 */
export function recommendThreshold(
  rows: readonly { threshold: number; summary: Summary }[],
  gate: Gate = DEFAULT_GATE,
): number | undefined {
  let best: { threshold: number; summary: Summary } | undefined;
  for (const row of rows) {
    if (!passesGate(row.summary, gate)) continue;
    if (
      !best ||
      row.summary.hitRate > best.summary.hitRate ||
      (row.summary.hitRate === best.summary.hitRate && row.threshold > best.threshold)
    )
      best = row;
  }
  return best?.threshold;
}
