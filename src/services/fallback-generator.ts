/**
 * Primary with fallback: tries the primary generator (OpenAI); on any failure serves the fallback's
 * (the catalog's) result, marked `${fallback.source}_fallback` with the primary's reason code, and
 * timed over both.
 */
import { GeneratorError, type GenerationInput, type GenerationResult, type RecommendationGenerator } from "../adapters/llm/interface";
import { describeError, type Logger } from "../logger";

/** A generator whose results carry a known `source` (the catalog's is "catalog"). */
export interface SourcedGenerator extends RecommendationGenerator {
  readonly source?: string;
}

/** The reason code for a fallback: a GeneratorError's reason, else "internal_error". */
function fallbackReason(err: unknown): string {
  return err instanceof GeneratorError ? err.reason : "internal_error";
}

export interface FallbackGeneratorOptions {
  now?: () => number;
}

export class FallbackGenerator implements RecommendationGenerator {
  readonly name: string;

  constructor(
    readonly primary: RecommendationGenerator,
    readonly fallback: SourcedGenerator,
    private readonly logger?: Logger,
    private readonly options: FallbackGeneratorOptions = {},
  ) {
    this.name = `${primary.name}+fallback:${fallback.name}`;
  }

  async generate(input: GenerationInput): Promise<GenerationResult> {
    const now = this.options.now ?? Date.now;
    const started = now();
    try {
      return await this.primary.generate(input);
    } catch (err) {
      const reason = fallbackReason(err);
      // A GeneratorError's message is sanitized; anything else is logged by name and message only.
      const detail =
        err instanceof GeneratorError
          ? { error: err.message, status: err.status, attempts: err.attempts }
          : { error: describeError(err).error };
      this.logger?.warn("generator.fallback", { primary: this.primary.name, fallback: this.fallback.name, reason, ...detail });
      const result = await this.fallback.generate(input);
      const source = this.fallback.source ?? result.source;
      return { ...result, source: `${source}_fallback`, fallback_reason: reason, ms: Math.max(0, now() - started) };
    }
  }
}
