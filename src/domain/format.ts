/**
 * Rounding and number formatting shared by the signals (what is stored), the rationale templates
 * (what is cited) and the grounding check (what may be cited). One module, so the three can never
 * disagree about how a number looks. Pure: no Intl, no locale, same output in a Worker and in Node.
 */

/** Round half away from zero to `dp` decimals; never returns -0. */
export function roundTo(value: number, dp: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** dp;
  // The tiny nudge absorbs binary noise such as 1.005 * 100 = 100.49999999999999.
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
  return rounded === 0 ? 0 : rounded;
}

/** Money is stored in dollars and cents. */
export const roundMoney = (value: number): number => roundTo(value, 2);
/**
 * Ratios (utilization, shares, growth, variability) are stored to 3 decimals: exactly the percent, to
 * one decimal, a rationale shows. Stored finer, a ratio rounded twice could be shown off by 0.1 point
 * ("$484.47 of $1,000 (48.5%)" from 0.4845).
 */
export const roundRatio = (value: number): number => roundTo(value, 3);
/** Months of coverage are stored to 1 decimal: exactly what a rationale shows. */
export const roundMonths = (value: number): number => roundTo(value, 1);
/** Day counts (a median gap may be x.5) are stored to 1 decimal. */
export const roundDays = (value: number): number => roundTo(value, 1);

function groupThousands(integerDigits: string): string {
  return integerDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** "$3,400" for whole dollars, "$3,400.50" otherwise, "-$25" for a negative amount. */
export function formatMoney(value: number): string {
  const cents = Math.round(Math.abs(roundMoney(value)) * 100);
  const dollars = Math.floor(cents / 100);
  const rest = cents % 100;
  const body = `$${groupThousands(String(dollars))}${rest === 0 ? "" : `.${String(rest).padStart(2, "0")}`}`;
  return value < 0 && cents !== 0 ? `-${body}` : body;
}

/** The number a ratio shows as a percent: one decimal at most (0.6789 -> 67.9, 0.68 -> 68). */
export function percentValue(ratio: number): number {
  return roundTo(ratio * 100, 1);
}

/** "68%", "67.9%", "2.4%" from a ratio. */
export function formatPercent(ratio: number): string {
  return `${trimNumber(percentValue(ratio))}%`;
}

/** An APR already in percent (24.99) as "24.99%". */
export function formatApr(aprPercentage: number): string {
  return `${trimNumber(roundTo(aprPercentage, 2))}%`;
}

/** "2.5 months", "1.0 months", "12.3 months": one decimal, always, so the citation is unambiguous. */
export function formatMonths(months: number): string {
  return `${roundMonths(months).toFixed(1)} months`;
}

/** "50 days", "52.5 days", "1 day". */
export function formatDays(days: number): string {
  const d = roundDays(days);
  return `${trimNumber(d)} ${d === 1 ? "day" : "days"}`;
}

/** A plain count: "5". */
function formatCount(count: number): string {
  return String(Math.round(count));
}

/** A number without trailing zeros after the decimal point: 68 -> "68", 67.9 -> "67.9". */
function trimNumber(value: number): string {
  return String(value);
}

/** "1 card" / "2 cards": the noun follows the count. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
