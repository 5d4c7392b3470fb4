/**
 * The education catalog: topics per persona (written in src/domain/catalog/), who each is for
 * (eligibility), and a "because" rationale rendered from the person's own signals.
 *
 * Rules for rationale templates (the grounding check in guardrails.ts enforces them):
 *   - cite only numbers held in the Signals object, formatted with src/domain/format.ts;
 *   - no thresholds, targets or projections as digits (those belong to `content`, which is the same
 *     for everyone), no dates, no merchant names;
 *   - every template is total: it renders for any signals (a reused recommendation's rationale is
 *     rebuilt from the requester's signals even when its topic fits them less well).
 */
import type { PersonaAssignment, PersonaType } from "./personas";
import type { Signals } from "./signals";
import { HIGH, VARIABLE } from "./catalog/credit-and-income";
import { GENERAL } from "./catalog/general";
import { SAVINGS, SUBSCRIPTIONS, WEALTH } from "./catalog/spending-and-saving";
import type { CatalogTopic } from "./catalog/topic";

// The topic's shape lives beside the topics, which need it, so that they do not import this module back.
export type { CatalogTopic };
import { urgentTopicIds } from "./urgent-topics";

export const CATALOG: readonly CatalogTopic[] = [...HIGH, ...VARIABLE, ...SUBSCRIPTIONS, ...SAVINGS, ...WEALTH, ...GENERAL];

const BY_ID = new Map(CATALOG.map((t) => [t.topic, t]));

export function getTopic(topic: string): CatalogTopic | undefined {
  return BY_ID.get(topic);
}

export function topicsForPersona(persona: PersonaType): CatalogTopic[] {
  return CATALOG.filter((t) => t.personas.includes(persona));
}

function resolve(topic: string | CatalogTopic): CatalogTopic {
  if (typeof topic !== "string") return topic;
  const found = BY_ID.get(topic);
  if (!found) throw new RangeError(`unknown catalog topic "${topic}"`);
  return found;
}

/** False for an unknown topic id. */
export function isTopicEligible(topic: string | CatalogTopic, signals: Signals): boolean {
  const t = typeof topic === "string" ? BY_ID.get(topic) : topic;
  return t !== undefined && t.eligible(signals);
}

/** The rationale for a topic, rendered from these signals (used to rebuild a reused recommendation's). */
export function renderRationale(topic: string | CatalogTopic, signals: Signals): string {
  return resolve(topic).rationale(signals);
}

export interface SelectOptions {
  min: number;
  max: number;
}

/**
 * The best eligible topics for a persona: the person's urgent topics first (src/domain/urgent-topics.ts,
 * whatever their persona), then its own eligible topics by priority (highest first, then
 * catalog order), then eligible `general` topics, then any other eligible topic, until `min` is
 * reached; never more than `max`. This order is the catalog's priority order for the person. Three general topics are always eligible (financial_checkup,
 * check_your_credit_report, protect_your_accounts), so the default minimum of 3 is always met.
 */
export function selectTopics(
  signals: Signals,
  persona: PersonaType | PersonaAssignment,
  options: SelectOptions = { min: 3, max: 5 },
): CatalogTopic[] {
  const personaType = typeof persona === "string" ? persona : persona.persona_type;
  const ranked = (list: readonly CatalogTopic[]) =>
    list
      .filter((t) => t.eligible(signals))
      .map((t, order) => ({ t, order, p: t.priority(signals) }))
      .sort((a, b) => b.p - a.p || a.order - b.order)
      .map((x) => x.t);
  const urgent = urgentTopicIds(signals).flatMap((id) => BY_ID.get(id) ?? []);
  const chosen: CatalogTopic[] = ranked(urgent).slice(0, options.max);
  for (const t of ranked(topicsForPersona(personaType))) {
    if (chosen.length >= options.max) break;
    if (!chosen.includes(t)) chosen.push(t);
  }
  const topUp = (list: readonly CatalogTopic[]) => {
    for (const t of ranked(list)) {
      if (chosen.length >= options.min) return;
      if (!chosen.includes(t)) chosen.push(t);
    }
  };
  topUp(topicsForPersona("general"));
  topUp(CATALOG);
  return chosen;
}
