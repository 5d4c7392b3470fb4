/**
 * The vector tier: find people near the requester in the index, and decide from their approved,
 * reusable recommendations whether to answer (a hit) or pass to the generator (a miss).
 */
import type { NewRecommendation } from "../db/recommendations";
import { getTopic, isTopicEligible, renderRationale } from "../domain/catalog";
import { DISCLOSURE } from "../domain/guardrails";
import { reusableItemViolations } from "../domain/reuse-rule";
import { keepUrgentTopics } from "../domain/urgent-completion";
import type { WindowDays } from "../domain/signals";
import { reviewStatus } from "./approval";
import { thresholdFor } from "./persona-thresholds";
import type { Profile } from "./profile-service";
import type { Services } from "./services";
import { searchNeighbours, shouldUseVectorDbResult, type Neighbour, type SimilarRecommendation } from "./vector-search";

/** An item the vector tier would have served, dropped because the reuse rule refused it. */
interface DroppedItem {
  id: string;
  user_id: string;
  kinds: string[];
}

export interface TierDecision {
  /** The nearest person's score (null: no one indexed for this persona and window). */
  topScore: number | null;
  /** Eligible items found among the neighbours at or above the threshold. */
  eligible: number;
  /** The set to serve; undefined is a miss. */
  items: NewRecommendation[] | undefined;
  dropped: DroppedItem[];
}

/**
 * The vector tier's decision, pure (the engine, GET /vector/search and `npm run eval` share it).
 * Only neighbours at or above the threshold count. Their items are taken best person first, one per
 * topic, only topics eligible for the requester's own signals, at most 5; fewer than 3 is a miss.
 * Every item is re-checked with the reuse rule against its author's digest (the index may hold
 * items checked under an older rule or written before the rule existed), and refused when it was
 * withdrawn since it was indexed (the index is eventually consistent): either is dropped and
 * reported. Titles and contents are reused as they are; every rationale is rebuilt from the
 * requester's own signals, because a rationale cites its person's numbers.
 */
export function selectFromNeighbours(
  results: SimilarRecommendation[],
  profile: Pick<Profile, "signals" | "persona">,
  threshold: number,
  autoApprove: boolean,
  /** Recommendations withdrawn lately (rejected after approval, made stale): never reused, whatever the index says. */
  withdrawn: ReadonlySet<string> = new Set(),
): TierDecision {
  const topScore = results[0]?.similarity_score ?? null;
  const seen = new Set<string>();
  const picked: SimilarRecommendation[] = [];
  const dropped: DroppedItem[] = [];
  for (const r of results) {
    if (picked.length >= 5 || !shouldUseVectorDbResult(r.similarity_score, threshold)) break;
    const item = r.recommendation;
    if (seen.has(item.topic) || !isTopicEligible(item.topic, profile.signals)) continue;
    const violations = withdrawn.has(item.id)
      ? [{ kind: "withdrawn" }]
      : r.author
        ? reusableItemViolations(item, r.author)
        : [{ kind: "no_author_digest" }];
    if (violations.length) {
      dropped.push({ id: item.id, user_id: item.userId, kinds: [...new Set(violations.map((v) => v.kind))] });
      continue;
    }
    seen.add(item.topic);
    picked.push(r);
  }
  if (picked.length < 3) return { topScore, eligible: picked.length, items: undefined, dropped };
  const items = picked.map(({ recommendation: source, similarity_score }): NewRecommendation => {
    const text = { title: source.title, content: source.content, rationale: renderRationale(source.topic, profile.signals) };
    return {
      topic: source.topic,
      ...text,
      disclosure: DISCLOSURE,
      status: reviewStatus(text, profile, autoApprove).status,
      source: "vector_db",
      similarityScore: similarity_score,
      reusedFromId: source.id,
      model: null,
    };
  });
  // The requester's urgent topics are never left out: the catalog's item takes the lowest-ranked reused one's place.
  const kept = keepUrgentTopics(items, profile.signals, profile.persona, (topic) => catalogItem(topic, profile, autoApprove), {
    replaceable: (item) => item.reusedFromId != null,
    max: 5,
  });
  if (!kept || !kept.items.some((item) => item.reusedFromId != null))
    return { topScore, eligible: picked.length, items: undefined, dropped };
  return { topScore, eligible: picked.length, items: kept.items, dropped };
}

/** A catalog topic as a vector-tier item (not reused: no source recommendation), rationale from the requester's signals. */
function catalogItem(topic: string, profile: Pick<Profile, "signals">, autoApprove: boolean): NewRecommendation {
  const entry = getTopic(topic)!;
  const text = { title: entry.title, content: entry.content, rationale: renderRationale(entry, profile.signals) };
  return {
    topic,
    ...text,
    disclosure: DISCLOSURE,
    status: reviewStatus(text, profile, autoApprove).status,
    source: "vector_db",
    similarityScore: null,
    reusedFromId: null,
    model: null,
  };
}

/** People whose recommendations the vector tier considers (top_k = 5). */
export const NEIGHBOURS = 5;

/**
 * The vector tier alone: search the index for people near this one, then decide with
 * selectFromNeighbours. Logs the search (its user, persona, window, top score and result count) and every dropped item.
 */
export async function runVectorTier(
  services: Services,
  userId: string,
  windowDays: WindowDays,
  profile: Pick<Profile, "signals" | "persona">,
  options: {
    /** Recommendations withdrawn lately; a promise is awaited only after the index answers (the serving path reads them in parallel with the query). */
    withdrawn?: ReadonlySet<string> | Promise<ReadonlySet<string>>;
    listNeighbours?: number;
    /** The canonical profile's embedding by the tier's embedder, when the person's serving state has it. */
    vector?: readonly number[] | undefined;
  } = {},
): Promise<TierDecision & { neighbours: Neighbour[]; vector: number[] }> {
  /** List this many neighbours (GET /vector/search); the decision always uses the nearest NEIGHBOURS. */
  const listNeighbours = options.listNeighbours ?? NEIGHBOURS;
  const personaType = profile.persona.persona_type;
  // Both awaited together: a failed read of the withdrawn ids fails the tier (it cannot promise its guarantee without them).
  const [{ neighbours, candidates, vector }, withdrawn] = await Promise.all([
    searchNeighbours(
      {
        ...(services.vectorTier?.() ?? { embedder: services.embedder(), store: services.vectorStore() }),
        logger: services.logger,
        clock: services.clock,
      },
      { userId, windowDays, signals: profile.signals, persona: profile.persona, vector: options.vector },
      personaType,
      Math.max(NEIGHBOURS, listNeighbours),
    ),
    options.withdrawn,
  ]);
  const nearest = new Set(neighbours.slice(0, NEIGHBOURS).map((n) => n.user_id));
  const decision = selectFromNeighbours(
    candidates.filter((c) => nearest.has(c.recommendation.userId)),
    profile,
    thresholdFor(services.config, personaType),
    services.config.AUTO_APPROVE_GUARDED,
    withdrawn,
  );
  if (decision.dropped.length)
    services.logger.warn("reuse_refused_at_serving", { user_id: userId, window_days: windowDays, dropped: decision.dropped });
  services.logger.info("vector_search", {
    user_id: userId,
    persona_type: personaType,
    window_days: windowDays,
    top_score: decision.topScore,
    results: neighbours.length,
    eligible: decision.eligible,
    dropped: decision.dropped.length,
    decision: decision.items ? "vector_db" : "generator",
  });
  return { ...decision, neighbours, vector };
}
