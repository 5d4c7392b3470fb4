/** A synthetic user's irregular purchases, and the final trim or top-up into the per-user transaction range. */
import { DISCRETIONARY, type DiscretionaryMerchant } from "./catalog";
import { MAX_TXNS_PER_USER, MIN_TXNS_PER_USER, type DraftTxn, type Push } from "./draft";
import type { Rng } from "./rng";
import { LAST_DAY, visitDays } from "./schedules";

export interface DiscretionaryState {
  merchants: DiscretionaryMerchant[];
  scale: number;
}

/**
 * `count` purchases from merchants visited on their own irregular rhythm (never weekly or monthly),
 * scaled toward `budget` cents over the window.
 */
export function addDiscretionary(rng: Rng, count: number, budget: number, push: Push): DiscretionaryState {
  const pool = DISCRETIONARY.slice();
  const chosen: { merchant: DiscretionaryMerchant; days: number[] }[] = [];
  let total = 0;
  while (total < count && pool.length > 0) {
    const merchant = rng.weighted(pool.map((m) => [m, m.weight] as const));
    pool.splice(pool.indexOf(merchant), 1);
    const days = visitDays(rng, merchant.style);
    chosen.push({ merchant, days });
    total += days.length;
  }
  // Trim whole visits from either end of a merchant's run, which leaves its gaps as they were.
  while (total > count) {
    const c = rng.pick(chosen.filter((x) => x.days.length > 0));
    if (rng.chance(0.5)) c.days.shift();
    else c.days.pop();
    total -= 1;
  }
  const raw = chosen.map((c) => c.days.map(() => rng.int(c.merchant.minCents, c.merchant.maxCents)));
  const rawSum = raw.flat().reduce((s, x) => s + x, 0);
  const scale = rawSum > 0 ? Math.min(2, Math.max(0.5, budget / rawSum)) : 1;
  chosen.forEach((c, i) => {
    c.days.forEach((day, j) => {
      const cents = Math.max(100, Math.round((raw[i]![j] as number) * scale));
      push(0, day, -cents, c.merchant.name, c.merchant.channel, c.merchant.category, "discretionary", true);
    });
  });
  return { merchants: chosen.map((c) => c.merchant), scale };
}

/** Add one-off purchases on checking, or drop checking purchases at the end of a run, to land in range. */
export function fitCount(
  rng: Rng,
  txns: DraftTxn[],
  pendingIncome: number,
  target: number,
  state: DiscretionaryState,
  checking: number,
): void {
  const goal = Math.min(MAX_TXNS_PER_USER, Math.max(MIN_TXNS_PER_USER, target));
  let count = txns.length + pendingIncome;
  if (count >= MIN_TXNS_PER_USER && count <= MAX_TXNS_PER_USER) return;
  if (count < goal) {
    const unused = DISCRETIONARY.filter((m) => !state.merchants.includes(m));
    for (const merchant of rng.shuffle(unused)) {
      if (count >= goal) break;
      const cents = Math.round(rng.int(merchant.minCents, merchant.maxCents) * state.scale);
      txns.push({
        acct: checking,
        day: rng.int(0, LAST_DAY),
        cents: -Math.max(100, cents),
        merchant: merchant.name,
        channel: merchant.channel,
        category: merchant.category,
        pending: false,
        cardEligible: false,
        kind: "discretionary",
      });
      count += 1;
    }
  } else {
    // The first or last visit of a merchant on checking: removing it keeps the other gaps intact.
    while (count > goal) {
      const ends = new Map<string, DraftTxn[]>();
      for (const t of txns) {
        if (t.kind !== "discretionary" || t.merchant === null) continue;
        const list = ends.get(t.merchant) ?? [];
        list.push(t);
        ends.set(t.merchant, list);
      }
      const removable = [...ends.values()].flatMap((list) => {
        const sorted = list.slice().sort((a, b) => a.day - b.day);
        return [sorted[0], sorted[sorted.length - 1]].filter((t): t is DraftTxn => t !== undefined && t.acct === checking);
      });
      if (removable.length === 0) break;
      txns.splice(txns.indexOf(rng.pick(removable)), 1);
      count -= 1;
    }
  }
}
