/** The vector tier's threshold for a persona: its own when configured, else the global one. */
import type { Config } from "../config";

export function thresholdFor(
  config: Pick<Config, "VECTOR_DB_SIMILARITY_THRESHOLD" | "VECTOR_DB_PERSONA_THRESHOLDS">,
  persona: string,
): number {
  return (
    config.VECTOR_DB_PERSONA_THRESHOLDS[persona as keyof Config["VECTOR_DB_PERSONA_THRESHOLDS"]] ?? config.VECTOR_DB_SIMILARITY_THRESHOLD
  );
}
