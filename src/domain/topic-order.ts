/**
 * The catalog's priority order for one person, applied to any answer: every tier lists its items
 * in this order, urgent topics first (a person reads an answer top to bottom).
 */
import { CATALOG, selectTopics } from "./catalog";
import type { PersonaAssignment, PersonaType } from "./personas";
import type { Signals } from "./signals";

/** Every topic id eligible for these signals, best first (selectTopics' order, uncapped). */
export function priorityOrder(signals: Signals, persona: PersonaType | PersonaAssignment): string[] {
  return selectTopics(signals, persona, { min: CATALOG.length, max: CATALOG.length }).map((t) => t.topic);
}

/** Items sorted into the person's priority order; topics outside it (ineligible, unknown) keep their order, last. */
export function inPriorityOrder<T extends { topic: string }>(
  items: readonly T[],
  signals: Signals,
  persona: PersonaType | PersonaAssignment,
): T[] {
  const rank = new Map(priorityOrder(signals, persona).map((topic, i) => [topic, i]));
  const at = (item: T) => rank.get(item.topic) ?? Number.MAX_SAFE_INTEGER;
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => at(a.item) - at(b.item) || a.i - b.i)
    .map((x) => x.item);
}
