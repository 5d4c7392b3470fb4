import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../src/config";
import { thresholdFor } from "../../src/services/persona-thresholds";

const base = { DATABASE_URL: "postgres://u:p@h/db", API_TOKEN: "a".repeat(20), OPERATOR_TOKEN: "b".repeat(20) };

describe("per-persona thresholds", () => {
  it("a listed persona has its own; the others fall back to the global threshold", () => {
    const config = parseConfig({
      ...base,
      VECTOR_DB_SIMILARITY_THRESHOLD: "0.85",
      VECTOR_DB_PERSONA_THRESHOLDS: " high_utilization=0.93 , general=0.8",
    });
    expect(thresholdFor(config, "high_utilization")).toBe(0.93);
    expect(thresholdFor(config, "general")).toBe(0.8);
    expect(thresholdFor(config, "savings_builder")).toBe(0.85);
  });

  it("unset is the global threshold for everyone, and the sample rate defaults to 2%", () => {
    const config = parseConfig(base);
    expect(thresholdFor(config, "wealth_builder")).toBe(config.VECTOR_DB_SIMILARITY_THRESHOLD);
    expect(config.QUALITY_SAMPLE_RATE).toBe(0.02);
  });

  it.each(["nobody=0.9", "general=1.5", "general", "general=", "general=abc"])("refuses %s, naming the variable", (value) => {
    expect(() => parseConfig({ ...base, VECTOR_DB_PERSONA_THRESHOLDS: value })).toThrow(ConfigError);
    try {
      parseConfig({ ...base, VECTOR_DB_PERSONA_THRESHOLDS: value });
    } catch (err) {
      expect(JSON.stringify(err)).toContain("VECTOR_DB_PERSONA_THRESHOLDS");
    }
  });
});
