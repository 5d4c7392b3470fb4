/**
 * The eval's own grounding check: every number a rationale states must be one of the requester's
 * own figures. It shares nothing with the engine's guardrail (src/domain/guardrails.ts), which
 * lists, field by field, which figure each template may cite at which precision. This one walks
 * every number anywhere in the requester's signals, and accepts a stated number when some figure
 * rounds to it at the precision it is written with (as a ratio written as a percent, too). It is
 * looser about which field a number comes from, and blind to how the engine writes: a number that
 * is no figure of the requester's (the author's, a constant in a template, a miscalculation) fails.
 */
import type { Signals } from "../../../src/domain/signals";

/**
 * Every number in the signals, wherever it sits (a field named for a percentage, such as an APR,
 * holds a percent already; any other number may be a ratio shown as a percent), and every string of
 * digits (card masks).
 */
function figuresOf(signals: Signals): { numbers: number[]; percents: number[]; digits: Set<string> } {
  const numbers: number[] = [];
  const percents: number[] = [];
  const digits = new Set<string>();
  const walk = (value: unknown, key: string): void => {
    if (typeof value === "number" && Number.isFinite(value)) {
      numbers.push(value);
      percents.push(/percent|apr/i.test(key) ? value : value * 100);
    } else if (typeof value === "string" && /^\d+$/.test(value)) digits.add(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(signals, "");
  return { numbers, percents, digits };
}

/** A number as stated: its value, how many decimals it was written with, and whether as a percent. */
interface Stated {
  text: string;
  value: number;
  decimals: number;
  percent: boolean;
}

// "$1,234.56", "1,234", "12.5%", "30": digits with optional thousands commas and decimals.
const NUMBER = /(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?%)?/g;

function statedNumbers(text: string): Stated[] {
  const out: Stated[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const [whole, int, frac, pct] = m;
    const before = text[m.index - 1];
    // Part of a word or an id ("ITEM2", "v1"), not a figure.
    if (before && /[A-Za-z_]/.test(before)) continue;
    out.push({
      text: whole.trim(),
      value: Number(`${int!.replace(/,/g, "")}${frac ?? ""}`),
      decimals: frac ? frac.length - 1 : 0,
      percent: Boolean(pct),
    });
  }
  return out;
}

const roundsTo = (figure: number, stated: Stated) => {
  const scale = 10 ** stated.decimals;
  return Math.abs(Math.round(Math.abs(figure) * scale) / scale - stated.value) < 1e-9;
};

/** The numbers a rationale states that are no figure of the requester's. */
export function ungroundedNumbers(rationale: string, signals: Signals): string[] {
  const { numbers, percents, digits } = figuresOf(signals);
  return statedNumbers(rationale)
    .filter((n) => {
      if (!n.percent && n.decimals === 0 && digits.has(n.text)) return false;
      return !(n.percent ? percents : numbers).some((f) => roundsTo(f, n));
    })
    .map((n) => n.text);
}
