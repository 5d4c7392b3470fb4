/**
 * Who answered a generate request, as its `source` says, and how metrics group sources. Pure.
 *
 *   kv_cache    the cached answer
 *   vector_db   the vector tier (approved recommendations of similar people)
 *   catalog     the offline generator (no OpenAI key)
 *   openai_…    OpenAI: `openai_4o_mini` for OPENAI_CHAT_MODEL=gpt-4o-mini (the name clients have
 *               always seen), else `openai_<model>` with the model as configured (lower case,
 *               anything but letters, digits, `.` and `-` as `_`), e.g. `openai_gpt-4.1-mini`
 *   …_fallback  a generator answered because the tier before it failed: `catalog_fallback`
 *               (OpenAI failed), `openai_4o_mini_fallback` (the vector tier failed)
 */

/** The source for sets OpenAI answered with `model` (OPENAI_CHAT_MODEL). */
export function openAISource(model: string): string {
  const name = model.trim().toLowerCase();
  if (name === "gpt-4o-mini") return "openai_4o_mini";
  return `openai_${name.replace(/[^a-z0-9.-]+/g, "_").slice(0, 64)}`;
}

/** True for a set OpenAI answered (fallbacks of the vector tier included). */
export const isOpenAISource = (source: string): boolean => source.startsWith("openai_");

/** Sources that count as the vector tier in metrics. */
export const VECTOR_TIER_SOURCES: ReadonlySet<string> = new Set(["vector_db"]);

/** Sources that count as a generator (OpenAI or the catalog, fallbacks included) in metrics. */
export const GENERATOR_SOURCES = /^(openai|catalog)/;
