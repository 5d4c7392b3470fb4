/**
 * The eval's own grounding check (scripts/lib/eval/grounding.ts), which shares nothing with the
 * engine's guardrail: a rationale's numbers must be the requester's own figures, at the precision
 * they are written with, and anything else (another person's figure, a template's constant) fails.
 */
import { describe, expect, it } from "vitest";
import { ungroundedNumbers } from "../../scripts/lib/eval/grounding";
import { cardHolder } from "./domain-fixtures";

describe("the eval's grounding check", () => {
  const signals = cardHolder("grounding", 3780.39, 4900, 0).signals(30);
  const card = signals.credit.cards[0]!;

  it("accepts the requester's figures as a person reads them: money with commas, ratios as percents, card digits, counts", () => {
    const rationale = `Because your card ending in ${card.mask} is at ${(card.utilization * 100).toFixed(1)}% utilization ($3,780.39 of a $4,900 limit) over the last ${signals.window_days} days, across your ${signals.credit.card_count} card.`;
    expect(ungroundedNumbers(rationale, signals)).toEqual([]);
  });

  it("refuses a figure that is not the requester's, and a constant of the text's own", () => {
    expect(ungroundedNumbers("Your card is at 81.3% utilization ($3,780.39 owed).", signals)).toEqual(["81.3%"]);
    expect(ungroundedNumbers("Aim to keep utilization under 30% ($3,780.39 owed).", signals)).toEqual(["30%"]);
    expect(ungroundedNumbers("You owe $3,780.40 on it.", signals)).toEqual(["3,780.40"]);
  });

  it("reads a number written with fewer decimals at that precision only", () => {
    expect(ungroundedNumbers("You owe about $3,780 on it.", signals)).toEqual([]);
    expect(ungroundedNumbers("You owe about $3,781 on it.", signals)).toEqual(["3,781"]);
  });

  it("does not read digits inside a word or an id as a figure", () => {
    expect(ungroundedNumbers("See item ITEM2 and version v7 of the guide.", signals)).toEqual([]);
  });
});
