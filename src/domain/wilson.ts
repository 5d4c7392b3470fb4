/** The Wilson score interval of a proportion: honest with few samples, never outside [0, 1]. Pure. */

export interface Proportion {
  successes: number;
  n: number;
  /** successes / n; null with no samples. */
  rate: number | null;
  /** The 95% interval; null with no samples. */
  low: number | null;
  high: number | null;
}

/** z = 1.96: a 95% interval. */
export function wilson(successes: number, n: number, z = 1.96): Proportion {
  if (n === 0) return { successes, n, rate: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return { successes, n, rate: round(p), low: round(Math.max(0, centre - half)), high: round(Math.min(1, centre + half)) };
}
