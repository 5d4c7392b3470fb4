/** Small descriptive statistics over plain numbers. Pure. */

export function sum(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

/** The median; NaN for an empty list (callers check the length). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] as number;
  return ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Population standard deviation over the mean; null for fewer than two values or a zero mean. */
export function coefficientOfVariation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = sum(values) / values.length;
  if (mean === 0) return null;
  const variance = sum(values.map((v) => (v - mean) ** 2)) / values.length;
  return Math.sqrt(variance) / mean;
}

/** Differences between consecutive values (sorted days give the gaps between them). */
export function gaps(days: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < days.length; i++) out.push((days[i] as number) - (days[i - 1] as number));
  return out;
}

export function ratioOrNull(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
