/**
 * The console's formatting, pure (issue 25's defects): money to the cent, times to the second, one
 * colour per source whatever the traffic, persona criteria in words, and a calibration chart whose
 * legend and labels do not overprint each other.
 */
import { describe, expect, it } from "vitest";
import { calibrationChart } from "../../scripts/lib/eval/report";
import { HitRateChart, Legend } from "../../src/console/views/charts";
import { formatTime, money } from "../../src/console/views/format";
import { criterionInWords } from "../../src/console/views/persona-words";

const html = (node: unknown) => String(node);

describe("console formatting", () => {
  it("shows money with 2 decimals, always", () => {
    expect([money(86200.6), money(1215.53), money(0), money(12)]).toEqual(["$86,200.60", "$1,215.53", "$0.00", "$12.00"]);
  });

  it("shows times to the second, in UTC", () => {
    expect(formatTime(new Date(Date.UTC(2026, 11, 1, 22, 10, 5)))).toBe("2026-12-01 22:10:05 UTC");
  });

  it("gives each source one colour, whatever the order of traffic", () => {
    const swatchOf = (order: string[], source: string) => {
      const legend = html(Legend({ order }));
      return new RegExp(`class="swatch (s\\d)"[^>]*></span>${source}<`).exec(legend)?.[1];
    };
    const orders = [
      ["catalog", "kv_cache"],
      ["kv_cache", "vector_db", "catalog"],
      ["vector_db", "catalog_fallback", "catalog", "kv_cache"],
    ];
    for (const source of ["catalog", "kv_cache"]) {
      const classes = orders.filter((o) => o.includes(source)).map((o) => swatchOf(o, source));
      expect(new Set(classes).size, source).toBe(1);
      expect(classes[0]).toBeDefined();
    }
    // And the same colour in the chart's columns.
    const bucket = { start: Date.UTC(2026, 0, 1), total: 2, bySource: { catalog: 1, kv_cache: 1 } };
    const chart = html(HitRateChart({ buckets: [bucket], order: ["kv_cache", "catalog"], bucketSeconds: 3600 }));
    expect(chart).toContain(`<rect class="${swatchOf(["catalog"], "catalog")}"`);
  });

  it("says why a persona was assigned in words, not signal field names", () => {
    const words = [
      criterionInWords({ criterion: "income.average_monthly_income", operator: ">=", value: 12514, threshold: 8000 }),
      criterionInWords({ criterion: "credit.minimum_payment_only", operator: "==", value: true, threshold: true }),
      criterionInWords({ criterion: "credit.max_utilization", operator: "<", value: null, threshold: 0.3 }),
      criterionInWords({
        criterion: "savings.savings_balance + savings.investment_balance",
        operator: ">=",
        value: 90000,
        threshold: 50000,
      }),
      criterionInWords({ criterion: "income.cash_flow_buffer_months", operator: "<", value: 0.5, threshold: 1 }),
    ];
    expect(words[0]).toBe("Average monthly income: $12,514.00 (at least $8,000.00)");
    expect(words[1]).toBe("Pays only the minimum: yes");
    for (const w of words) expect(w).not.toMatch(/[a-z]+\.[a-z_]+|>=|==/);
  });
});

describe("calibration chart", () => {
  const rows = [0.7, 0.75, 0.8, 0.82, 0.85, 0.87, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99].map((threshold) => ({
    threshold,
    summary: { hitRate: 1 - threshold / 2, relevance: 1, agreement: 0.95, coverage: 0.9 } as never,
  }));
  const svg = calibrationChart(rows, "Held-out calibration", 0.8);
  const texts = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    text: m[3]!,
  }));
  const plotTop = Math.min(
    ...[...svg.matchAll(/<line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="\1" stroke="#ddd"/g)].map((m) => Number(m[1])),
  );

  it("keeps the legend and the recommended label above the plot, apart from each other", () => {
    const legend = texts.filter((t) => ["hit rate", "relevance", "agreement", "coverage"].includes(t.text));
    const label = texts.find((t) => t.text.startsWith("recommended"))!;
    expect(legend).toHaveLength(4);
    for (const t of [...legend, label]) expect(t.y, t.text).toBeLessThan(plotTop);
    for (const t of legend) expect(Math.abs(t.y - label.y), t.text).toBeGreaterThanOrEqual(12);
  });

  it("leaves out threshold labels that would run together", () => {
    const ticks = texts.filter((t) => /^0\.\d\d$/.test(t.text)).map((t) => t.x);
    expect(ticks.at(-1)).toBeCloseTo(640 - 24, 0);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]! - ticks[i - 1]!).toBeGreaterThanOrEqual(30);
  });
});
