/**
 * Opening balances that keep a depository account from ever going overdrawn, and the gig payouts
 * that make a variable earner's cash run thin (but never negative) just before each payout.
 * Balances are end-of-day; within a day money in is booked before money out.
 */
import { WINDOW_DAYS } from "./dates";

/** Net cents per day offset for one account. */
export function dailyNet(flows: readonly { day: number; cents: number }[]): number[] {
  const net = new Array<number>(WINDOW_DAYS).fill(0);
  for (const f of flows) net[f.day] = (net[f.day] as number) + f.cents;
  return net;
}

/** Lowest end-of-day running sum (0 if it never dips below zero). */
function minPrefix(net: readonly number[], from = 0, to = net.length): number {
  let run = 0;
  let min = 0;
  for (let d = from; d < to; d++) {
    run += net[d] as number;
    if (run < min) min = run;
  }
  return min;
}

/** The smallest opening >= desired that keeps every end-of-day balance >= floor. */
export function safeOpening(net: readonly number[], desired: number, floor: number): number {
  return Math.max(desired, floor - minPrefix(net));
}

export interface GigSolution {
  opening: number;
  payouts: number[];
}

/**
 * Given the account's other flows and the payout days, choose payout amounts so the balance falls to
 * `troughs[k]` (>= floor) just before payout k and ends the window at `endBalance`, never below floor.
 * A payout never goes below `minPayout`; if one had to be raised, the end balance is higher.
 */
export function solveGigPayouts(
  net: readonly number[],
  payoutDays: readonly number[],
  endBalance: number,
  troughs: readonly number[],
  floor: number,
  minPayout: number,
): GigSolution {
  const k = payoutDays.length;
  const bounds = [0, ...payoutDays, net.length];
  // Interval i covers [bounds[i], bounds[i+1]); interval 0 is before the first payout.
  const sums: number[] = [];
  const mins: number[] = [];
  for (let i = 0; i <= k; i++) {
    let run = 0;
    let min = 0;
    for (let d = bounds[i] as number; d < (bounds[i + 1] as number); d++) {
      run += net[d] as number;
      if (run < min) min = run;
    }
    sums.push(run);
    mins.push(min);
  }
  // start[i] = balance at the start of interval i (after the payout that opens it).
  const start = new Array<number>(k + 1).fill(0);
  start[k] = Math.max(endBalance - (sums[k] as number), floor - (mins[k] as number));
  for (let i = k - 1; i >= 0; i--) {
    start[i] = Math.max((troughs[i] as number) - (sums[i] as number), floor - (mins[i] as number));
  }
  const payouts: number[] = [];
  for (let i = 1; i <= k; i++) {
    const before = (start[i - 1] as number) + (sums[i - 1] as number);
    const payout = Math.max(minPayout, (start[i] as number) - before);
    payouts.push(payout);
    // Carry a raised payout forward so later intervals stay consistent.
    start[i] = before + payout;
  }
  return { opening: start[0] as number, payouts };
}
