import { describe, expect, it } from "vitest";
import { variedPopulation } from "../../scripts/lib/varied-people/population";
import {
  inCatalogOrder,
  recommend,
  summarizePopulation,
  urgentNeeds,
  type PopulationRequest,
} from "../../scripts/lib/eval/population-measures";
import { computeSignals } from "../../src/domain/compute-signals";
import { DatasetSchema, validateDatasetReferences } from "../../src/domain/dataset";
import type { Signals } from "../../src/domain/signals";

const AS_OF = "2026-11-01";

describe("the second population's generator", () => {
  const { dataset, lifeOf } = variedPopulation({ people: 16, seed: 7, asOf: AS_OF, firstId: 70_001 });
  const signalsOf = (userId: string, windowDays: 30 | 180): Signals =>
    computeSignals(
      {
        accounts: dataset.accounts.filter((a) => a.user_id === userId),
        transactions: dataset.transactions.filter((t) => t.user_id === userId),
        liabilities: dataset.liabilities.filter((l) => l.user_id === userId),
      } as never,
      windowDays,
      AS_OF,
    );
  const usersLiving = (life: string) => [...lifeOf].filter(([, l]) => l === life).map(([u]) => u);

  it("writes a valid dataset, the same for the same seed", () => {
    expect(DatasetSchema.safeParse(dataset).success).toBe(true);
    expect(validateDatasetReferences(dataset)).toEqual([]);
    expect(variedPopulation({ people: 16, seed: 7, asOf: AS_OF, firstId: 70_001 }).dataset).toEqual(dataset);
  });

  it("builds the lives it names", () => {
    for (const u of usersLiving("retiree_pension_no_card")) expect(signalsOf(u, 180).credit.card_count).toBe(0);
    for (const u of usersLiving("student_loan_part_time"))
      expect(dataset.accounts.some((a) => a.user_id === u && a.subtype === "student")).toBe(true);
    for (const u of usersLiving("overdue_large_savings")) {
      const s = signalsOf(u, 30);
      expect(s.credit.is_overdue).toBe(true);
      expect(s.savings.savings_balance).toBeGreaterThan(25_000);
    }
    for (const u of usersLiving("many_subscriptions_high_savings"))
      expect(signalsOf(u, 180).subscriptions.recurring_merchant_count).toBeGreaterThanOrEqual(10);
    for (const u of usersLiving("few_weeks_history")) {
      const dates = dataset.transactions
        .filter((t) => t.user_id === u)
        .map((t) => t.date)
        .sort();
      expect(Date.parse(AS_OF) - Date.parse(dates[0]!)).toBeLessThanOrEqual(28 * 86_400_000);
    }
    for (const u of usersLiving("refunds"))
      expect(dataset.transactions.some((t) => t.user_id === u && t.account_id.includes("card") && t.amount > 0)).toBe(true);
  });
});

describe("the population eval's own measures", () => {
  const s = (credit: Partial<Signals["credit"]>) =>
    ({
      credit: { is_overdue: false, interest_charges: 0, minimum_payment_only: false, max_utilization: 0.2, ...credit },
    }) as unknown as Signals;

  it("names the urgent needs from the signals", () => {
    expect(urgentNeeds(s({ is_overdue: true, max_utilization: 0.95 }))).toEqual([
      "get_current_on_overdue_payment",
      "pay_down_highest_utilization_card",
    ]);
    expect(urgentNeeds(s({}))).toEqual([]);
  });

  it("an urgent topic listed after a general one is out of order", () => {
    const overdue = s({ is_overdue: true });
    expect(inCatalogOrder(["get_current_on_overdue_payment", "financial_checkup"], overdue, "high_utilization")).toBe(true);
    expect(inCatalogOrder(["financial_checkup", "get_current_on_overdue_payment"], overdue, "high_utilization")).toBe(false);
  });

  it("counts urgent coverage over every answer, and recommends no threshold a missed urgent topic spoils", () => {
    const r = (hit: boolean, served: string[]): PopulationRequest => ({
      population: "p",
      persona: "x",
      hit,
      served,
      generator: ["a", "b"],
      urgent: ["a"],
      ordered: true,
    });
    const good = summarizePopulation([r(true, ["a", "b"]), r(false, ["a", "b"])]);
    const bad = summarizePopulation([r(true, ["b"]), r(true, ["a", "b"])]);
    expect(good.urgentCoverage).toBe(1);
    expect(bad.urgentCoverage).toBe(0.5);
    expect(
      recommend([
        { threshold: 0.7, summary: bad },
        { threshold: 0.8, summary: good },
      ]),
    ).toBe(0.8);
  });
});
