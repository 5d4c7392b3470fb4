/**
 * When things happen, as day offsets 0..179 inside the window (179 = as-of). Recurring charges fall on
 * the same day of the month; everything else is spaced so that it never looks recurring.
 */
import type { VisitStyle } from "./catalog";
import { dayOfMonth, sameDayMonthsBack, WINDOW_DAYS } from "./dates";
import type { Rng } from "./rng";

export const LAST_DAY = WINDOW_DAYS - 1;

/** Gaps that stay clear of a weekly (5–9 d) or monthly (24–38 d) cadence, by visit style. */
const STYLE_GAPS: Record<VisitStyle, readonly number[]> = {
  frequent: [1, 2, 2, 3, 3, 4, 4, 10, 11, 12, 13, 14, 15, 16],
  regular: [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23],
  occasional: [39, 42, 45, 48, 51, 55, 60, 66, 70],
};
const FIRST_VISIT_MAX: Record<VisitStyle, number> = { frequent: 12, regular: 22, occasional: 70 };
/** Per-store grocery gaps: two stores at 9–20 days make about one trip a week, never on a weekly beat. */
const GROCERY_GAPS = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20] as const;

export function visitDays(rng: Rng, style: VisitStyle): number[] {
  const days: number[] = [];
  for (let d = rng.int(0, FIRST_VISIT_MAX[style]); d <= LAST_DAY; d += rng.pick(STYLE_GAPS[style])) days.push(d);
  return days;
}

export function groceryTripDays(rng: Rng): number[] {
  const days: number[] = [];
  for (let d = rng.int(0, 9); d <= LAST_DAY; d += rng.pick(GROCERY_GAPS)) days.push(d);
  return days;
}

/** A day in [LAST_DAY - maxBack, LAST_DAY - minBack] whose day of month is <= 28. */
function anchorDay(rng: Rng, windowStart: number, minBack: number, maxBack: number): number {
  const candidates: number[] = [];
  for (let back = minBack; back <= maxBack; back++) {
    const rel = LAST_DAY - back;
    if (dayOfMonth(windowStart + rel) <= 28) candidates.push(rel);
  }
  return rng.pick(candidates);
}

/**
 * Monthly on one day of the month, ascending; the latest occurrence is within the last 28 days so a
 * 30-day window always sees it.
 */
export function monthlyDays(rng: Rng, windowStart: number): number[] {
  const anchor = anchorDay(rng, windowStart, 0, 27);
  const days: number[] = [];
  for (let k = 0; ; k++) {
    const rel = sameDayMonthsBack(windowStart + anchor, k) - windowStart;
    if (rel < 0) break;
    days.unshift(rel);
  }
  return days;
}

export function biweeklyDays(rng: Rng): number[] {
  const days: number[] = [];
  for (let d = rng.int(0, 13); d <= LAST_DAY; d += 14) days.push(d);
  return days;
}

/**
 * Gig payouts: the last 20–40 days before as-of, then every 46–62 days back, so every gap (and the
 * median gap) is > 45 days and there are always at least three payouts.
 */
export function gigPayoutDays(rng: Rng): number[] {
  const days: number[] = [];
  for (let d = LAST_DAY - rng.int(20, 40); d >= 0; d -= rng.int(46, 62)) days.unshift(d);
  return days;
}

export const PAYMENT_DUE_AFTER_STATEMENT = 21;

/**
 * Card statement days: the last one 22–28 days before as-of (so its payment, due 21 days later, has
 * been made or missed by as-of), then monthly back to the first statement before the window (< 0).
 */
export function statementDays(rng: Rng, windowStart: number): number[] {
  const last = anchorDay(rng, windowStart, 22, 28);
  const days: number[] = [];
  for (let k = 0; ; k++) {
    const rel = sameDayMonthsBack(windowStart + last, k) - windowStart;
    days.unshift(rel);
    if (rel < 0) break;
  }
  return days;
}
