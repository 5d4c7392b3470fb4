/**
 * Keeping a person's urgent topics in an answer: each one missing joins the set in place of its
 * lowest-ranked replaceable item, and the set comes back in the person's priority order.
 */
import { isTopicEligible } from "./catalog";
import type { PersonaAssignment, PersonaType } from "./personas";
import type { Signals } from "./signals";
import { inPriorityOrder, priorityOrder } from "./topic-order";
import { urgentTopicIds } from "./urgent-topics";

export interface UrgentCompletion<T> {
  items: T[];
  /** Urgent topics that joined the set. */
  added: string[];
  /** The items they replaced. */
  replaced: T[];
}

/**
 * The set with every urgent topic of the person, in priority order; undefined when an urgent topic
 * is missing and no item may give way to it (no valid set: the caller's miss). A set below `max`
 * items grows only when nothing may be replaced.
 */
export function keepUrgentTopics<T extends { topic: string }>(
  items: readonly T[],
  signals: Signals,
  persona: PersonaType | PersonaAssignment,
  make: (topic: string) => T,
  options: { replaceable: (item: T) => boolean; max: number },
): UrgentCompletion<T> | undefined {
  const urgent = urgentTopicIds(signals).filter((t) => isTopicEligible(t, signals));
  const urgentSet = new Set(urgent);
  const rank = new Map(priorityOrder(signals, persona).map((topic, i) => [topic, i]));
  const at = (item: T) => rank.get(item.topic) ?? Number.MAX_SAFE_INTEGER;
  const set = [...items];
  const added: string[] = [];
  const replaced: T[] = [];
  for (const topic of urgent) {
    if (set.some((i) => i.topic === topic)) continue;
    const candidates = set.filter((i) => !urgentSet.has(i.topic) && options.replaceable(i));
    const lowest = candidates.sort((a, b) => at(b) - at(a))[0];
    if (lowest) {
      set.splice(set.indexOf(lowest), 1, make(topic));
      replaced.push(lowest);
    } else if (set.length < options.max) {
      set.push(make(topic));
    } else {
      return undefined;
    }
    added.push(topic);
  }
  return { items: inPriorityOrder(set, signals, persona), added, replaced };
}
