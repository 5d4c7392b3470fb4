/**
 * The embedded generator: the education catalog plus its eligibility rules, with every rationale
 * rendered from the person's own signals. Pure and synchronous underneath (no I/O, no clock beyond
 * the timing it reports), so it runs the same in a Worker and in Node, and it never fails for a
 * valid input: three general topics are always eligible, so selectTopics always yields 3–5.
 */
import { renderRationale, selectTopics, type CatalogTopic } from "../../domain/catalog";
import type { Signals } from "../../domain/signals";
import type { GeneratedRecommendation, GenerationInput, GenerationResult, RecommendationGenerator } from "./interface";

/** One catalog topic as a recommendation for these signals. */
function catalogRecommendation(topic: CatalogTopic, signals: Signals): GeneratedRecommendation {
  return { topic: topic.topic, title: topic.title, content: topic.content, rationale: renderRationale(topic, signals) };
}

export interface CatalogGeneratorOptions {
  /** Milliseconds clock for `ms`; defaults to Date.now. */
  now?: () => number;
}

export class CatalogGenerator implements RecommendationGenerator {
  readonly name = "catalog";
  /** The `source` its results carry (FallbackGenerator derives "catalog_fallback" from it). */
  readonly source = "catalog";
  private readonly now: () => number;

  constructor(options: CatalogGeneratorOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** The recommendations alone, synchronously. */
  recommend(input: Pick<GenerationInput, "signals" | "persona">): GeneratedRecommendation[] {
    return selectTopics(input.signals, input.persona).map((t) => catalogRecommendation(t, input.signals));
  }

  async generate(input: GenerationInput): Promise<GenerationResult> {
    const started = this.now();
    const recommendations = this.recommend(input);
    return { recommendations, source: this.source, model: null, usage: null, ms: Math.max(0, this.now() - started) };
  }
}
