/**
 * Quality watched live: a share of vector-tier hits (QUALITY_SAMPLE_RATE) is answered again by the
 * generator, off the request path through the queue, and compared with what was served: coverage
 * of the generator's topics, whether its top topic and every urgent topic were served. With
 * OpenAI these calls draw on the global OpenAI budget; when it is spent, the sample is skipped
 * (it is only a sample, and bulk jobs must not starve). GET /metrics and the console show the
 * figures per persona with Wilson intervals and a threshold the samples support.
 */
import type { QualitySampleMessage } from "../queue/messages";
import { loadServingData } from "../db/serving-state";
import { insertQualitySample, qualitySamplesBetween, type QualitySampleRow } from "../db/quality-samples";
import { buildUserContext } from "../domain/profile";
import { urgentTopicIds } from "../domain/urgent-topics";
import { wilson, type Proportion } from "../domain/wilson";
import type { WindowDays } from "../domain/signals";
import { describeError } from "../logger";
import { answerInPriorityOrder } from "./generated-sets";
import type { Services } from "./services";

/** On a vector-tier hit: with probability QUALITY_SAMPLE_RATE, queue it to be answered again by the generator. */
export function sampleVectorHit(
  services: Services,
  hit: { userId: string; windowDays: WindowDays; personaType: string; similarity: number | null; topics: string[] },
  random: () => number = Math.random,
): void {
  if (!(random() < services.config.QUALITY_SAMPLE_RATE)) return;
  const message: QualitySampleMessage = {
    kind: "quality_sample",
    user_id: hit.userId,
    window_days: hit.windowDays,
    persona_type: hit.personaType,
    similarity_score: hit.similarity,
    served_topics: hit.topics,
  };
  services.defer(
    services.queue
      .send(message)
      .catch((err: unknown) => services.logger.warn("quality_sample_enqueue_failed", { user_id: hit.userId, ...describeError(err) })),
  );
}

/** The consumer's side: ask the generator, compare, record. False when there is nothing to compare (no profile). */
export async function recordQualitySample(services: Services, message: QualitySampleMessage): Promise<boolean> {
  const db = services.db();
  const data = await loadServingData(db, message.user_id);
  const profile = data?.profiles[`${message.window_days}`];
  if (!data || !profile) return false;
  const { signals, persona } = profile;
  const generated = await services.generator.generate({
    userId: message.user_id,
    windowDays: message.window_days,
    signals,
    persona,
    context: buildUserContext(signals, persona, data.accounts, message.user_id),
  });
  // What the generator tier would have served: its answer as the engine stores it.
  const generatorTopics = answerInPriorityOrder(generated.recommendations, { signals, persona }).map((r) => r.topic);
  const served = new Set(message.served_topics);
  const urgent = urgentTopicIds(signals);
  await insertQualitySample(db, {
    userId: message.user_id,
    windowDays: message.window_days,
    personaType: message.persona_type,
    similarityScore: message.similarity_score,
    servedTopics: message.served_topics,
    generatorTopics,
    urgentTopics: urgent,
    coverage: generatorTopics.length ? generatorTopics.filter((t) => served.has(t)).length / generatorTopics.length : 1,
    topTopicAgreed: generatorTopics[0] === undefined || served.has(generatorTopics[0]),
    urgentAgreed: urgent.every((t) => served.has(t)),
    generatorSource: generated.source,
  });
  return true;
}

/** A false hit: the served set missed the generator's top topic or an urgent topic. */
const falseHit = (s: QualitySampleRow) => !s.topTopicAgreed || !s.urgentAgreed;

/** Samples needed above a threshold before it is recommended. */
export const MIN_SAMPLES_FOR_THRESHOLD = 10;
/** The false-hit rate a recommended threshold keeps below, at the top of its 95% interval. */
export const MAX_FALSE_HIT_RATE = 0.1;

/**
 * The lowest threshold whose samples at or above it (≥ MIN_SAMPLES_FOR_THRESHOLD) keep the false-hit
 * rate's Wilson upper bound ≤ MAX_FALSE_HIT_RATE; null when the samples support none yet.
 */
export function recommendThreshold(samples: readonly QualitySampleRow[]): number | null {
  const scored = samples.filter((s) => s.similarityScore !== null).sort((a, b) => a.similarityScore! - b.similarityScore!);
  for (let i = 0; i < scored.length; i++) {
    const above = scored.slice(i);
    if (above.length < MIN_SAMPLES_FOR_THRESHOLD) break;
    const upper = wilson(above.filter(falseHit).length, above.length).high!;
    if (upper <= MAX_FALSE_HIT_RATE) return Math.floor(scored[i]!.similarityScore! * 100) / 100;
  }
  return null;
}

export interface PersonaQuality {
  persona_type: string;
  samples: number;
  /** Mean share of the generator's topics the served set had. */
  coverage: number | null;
  top_topic_agreement: Proportion;
  urgent_topic_agreement: Proportion;
  false_hit_rate: Proportion;
  recommended_threshold: number | null;
}

export async function qualityReport(services: Pick<Services, "db">, range: { from: Date; to: Date }): Promise<PersonaQuality[]> {
  const rows = await qualitySamplesBetween(services.db(), range);
  const personas = [...new Set(rows.map((r) => r.personaType))];
  return personas.map((persona) => {
    const mine = rows.filter((r) => r.personaType === persona);
    return {
      persona_type: persona,
      samples: mine.length,
      coverage: mine.length ? Math.round((mine.reduce((n, r) => n + r.coverage, 0) / mine.length) * 10_000) / 10_000 : null,
      top_topic_agreement: wilson(mine.filter((r) => r.topTopicAgreed).length, mine.length),
      urgent_topic_agreement: wilson(mine.filter((r) => r.urgentAgreed).length, mine.length),
      false_hit_rate: wilson(mine.filter(falseHit).length, mine.length),
      recommended_threshold: recommendThreshold(mine),
    };
  });
}
