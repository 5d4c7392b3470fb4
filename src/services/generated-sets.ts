/**
 * A generator's answer made right for its person before it is stored: every urgent topic kept (a
 * model may leave one out; the catalog's item replaces the lowest-ranked other) and every item in
 * the catalog's priority order.
 */
import type { GeneratedRecommendation } from "../adapters/llm/interface";
import { getTopic, renderRationale } from "../domain/catalog";
import type { PersonaAssignment } from "../domain/personas";
import type { Signals } from "../domain/signals";
import { inPriorityOrder } from "../domain/topic-order";
import { keepUrgentTopics } from "../domain/urgent-completion";

export function answerInPriorityOrder(
  recommendations: readonly GeneratedRecommendation[],
  profile: { signals: Signals; persona: PersonaAssignment },
): GeneratedRecommendation[] {
  const catalogItem = (topic: string): GeneratedRecommendation => {
    const entry = getTopic(topic)!;
    return { topic, title: entry.title, content: entry.content, rationale: renderRationale(entry, profile.signals) };
  };
  const kept = keepUrgentTopics(recommendations, profile.signals, profile.persona, catalogItem, { replaceable: () => true, max: 5 });
  return kept?.items ?? inPriorityOrder(recommendations, profile.signals, profile.persona);
}
