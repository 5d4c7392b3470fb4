/** The operator's view of the vector index: its size, and the engine's decision for one person. */
import { loadServingData, recentlyWithdrawn } from "../db/serving-state";
import { thresholdFor } from "./persona-thresholds";
import { canonicalProfileLines } from "../domain/profile";
import type { WindowDays } from "../domain/signals";
import { NotFoundError } from "./errors";
import type { Services } from "./services";
import { runVectorTier } from "./vector-tier";

/** The index and the embedder in use. */
export async function vectorStats(services: Services) {
  const store = services.vectorStore();
  return { index: store.name, embedder: services.embedder().id, dimensions: store.dimensions, stats: await store.stats() };
}

/** The nearest people, their scores and the engine's own decision, from what the engine reads (NotFoundError without a stored profile). */
export async function explainVectorSearch(services: Services, q: { user_id: string; window_days: WindowDays; top_k: number }) {
  // What the engine's vector tier reads: the stored profile, and the withdrawn recommendations.
  const state = await loadServingData(services.db(), q.user_id);
  const profile = state?.profiles[`${q.window_days}`];
  if (!profile) throw new NotFoundError(`No stored profile for ${q.user_id} (${q.window_days}d): POST /users/${q.user_id}/features first`);
  const tier = await runVectorTier(services, q.user_id, q.window_days, profile, {
    listNeighbours: q.top_k,
    withdrawn: recentlyWithdrawn(services.db()),
  });
  return {
    user_id: q.user_id,
    window_days: q.window_days,
    persona_type: profile.persona.persona_type,
    canonical_profile: canonicalProfileLines(profile.signals, profile.persona),
    threshold: thresholdFor(services.config, profile.persona.persona_type),
    decision: tier.items ? ("vector_db" as const) : ("generator" as const),
    eligible: tier.eligible,
    dropped: tier.dropped,
    matches: tier.neighbours.slice(0, q.top_k),
    items: (tier.items ?? []).map((i) => ({
      topic: i.topic,
      reused_from_id: i.reusedFromId ?? null,
      similarity_score: i.similarityScore ?? null,
    })),
  };
}
