/**
 * A synthetic user's accounts beyond checking: their opening balances, card plans (limit, APR,
 * payment policy, statements) and the flows into savings and investments, per persona.
 */
import type { CardPlan, PaymentPolicy } from "./card-simulator";
import { CATEGORIES } from "./catalog";
import { dollars, type Push } from "./draft";
import { ARCHETYPES, type AccountRole, type Persona } from "./personas";
import type { Rng } from "./rng";
import { biweeklyDays, monthlyDays, statementDays } from "./schedules";

export interface AccountDraft {
  role: AccountRole;
  /** Held (depository, investment) or owed (credit, loan) at the start of the window, cents. */
  opening: number;
  limit: number | null;
}

export interface CardDraft {
  plan: CardPlan;
  share: number;
}

const HIGH_APRS = [19.99, 22.49, 24.99, 26.99, 27.49, 29.99] as const;
const STANDARD_APRS = [17.99, 19.49, 21.99, 23.99, 25.49, 27.99] as const;

export function planCards(
  rng: Rng,
  persona: Persona,
  roles: AccountRole[],
  accounts: AccountDraft[],
  monthly: number,
  windowStart: number,
): CardDraft[] {
  const cards: CardDraft[] = [];
  const arch = ARCHETYPES[persona];
  roles.forEach((role, acct) => {
    if (role !== "card") return;
    const primary = cards.length === 0;
    let plan: CardPlan;
    let share: number;
    if (persona === "high_utilization" && primary) {
      // At least one of the four high-utilization signals, usually several.
      let highUtil = rng.chance(0.75);
      const interest = rng.chance(0.6);
      const minOnly = rng.chance(0.35);
      const overdue = rng.chance(0.15);
      if (!highUtil && !interest && !minOnly && !overdue) highUtil = true;
      const limit = dollars(rng, 20, 120) * 100;
      const policy: PaymentPolicy = minOnly ? "minimum" : "partial";
      const openingRatio = highUtil ? rng.real(0.6, 0.88) : rng.real(0.3, 0.4);
      // Purchases stop at the ceiling; a month's interest on top still stays under the limit
      // (and under 50% when utilization is not this user's signal).
      const ceilingRatio = highUtil ? rng.real(openingRatio + 0.03, 0.96) : 0.45;
      plan = {
        acct,
        limit,
        opening: Math.round(limit * openingRatio),
        ceiling: Math.round(limit * ceilingRatio),
        // Without interest charges the card is on a 0% promotional APR.
        aprPct: interest ? rng.pick(HIGH_APRS) : 0,
        chargesInterest: interest,
        policy,
        overdue,
        statements: statementDays(rng, windowStart),
      };
      share = rng.real(arch.cardShare[0], arch.cardShare[1]);
    } else {
      // Paid in full every month, kept well under 30% (under 10% for wealth builders).
      const wealth = persona === "wealth_builder";
      const second = !primary;
      share = second ? 0.1 : rng.real(arch.cardShare[0], arch.cardShare[1]);
      const ceilingRatio = wealth ? 0.07 : 0.25;
      // A limit that fits an unpaid statement plus a month of purchases under the ceiling.
      const heaviestMonth = monthly * (arch.groceryShare[1] + arch.discretionaryShare[1]) * share;
      const drawn = (second ? dollars(rng, 10, 50) : wealth ? dollars(rng, 200, 400) : dollars(rng, 30, 150)) * 100;
      const limit = Math.max(drawn, Math.ceil((heaviestMonth * 2) / ceilingRatio / 50_000) * 50_000);
      plan = {
        acct,
        limit,
        opening: Math.round(limit * (wealth ? rng.real(0.01, 0.04) : rng.real(0.02, 0.08))),
        ceiling: Math.round(limit * ceilingRatio),
        aprPct: rng.pick(STANDARD_APRS),
        chargesInterest: false,
        policy: "full",
        overdue: false,
        statements: statementDays(rng, windowStart),
      };
    }
    accounts[acct]!.opening = plan.opening;
    accounts[acct]!.limit = plan.limit;
    cards.push({ plan, share });
  });
  return cards;
}

/** Interest charges and both sides of each payment the card simulation will add, roughly. */
export function predictCardTxns(plan: CardPlan): number {
  const inWindow = plan.statements.filter((d) => d >= 0).length;
  const firstPaid = (plan.statements[0] as number) + 21 >= 0 ? 1 : 0;
  const payments = inWindow + firstPaid - (plan.overdue ? 1 : 0);
  return 2 * payments + (plan.chargesInterest ? inWindow : 0);
}

export function planSavingsAndInvestments(
  rng: Rng,
  persona: Persona,
  roles: AccountRole[],
  accounts: AccountDraft[],
  monthly: number,
  windowStart: number,
  push: Push,
): void {
  const checking = 0;
  const toSavings = (acct: number, day: number, cents: number) => {
    push(checking, day, -cents, null, "other", CATEGORIES.transferOutSavings, "transfer");
    push(acct, day, cents, null, "other", CATEGORIES.transferInSavings, "transfer");
  };
  const interest = (acct: number, apy: number) => {
    const cents = Math.round((accounts[acct]!.opening * apy) / 12);
    for (const d of monthlyDays(rng, windowStart)) push(acct, d, cents, null, "other", CATEGORIES.interestEarned, "income");
  };

  roles.forEach((role, acct) => {
    const a = accounts[acct]!;
    // Only the first savings-like account (always account 2) moves; any other one is idle.
    const isMainSavings = acct === 1 && (role === "savings" || role === "money_market");
    switch (isMainSavings ? "main_savings" : role) {
      case "main_savings": {
        if (persona === "savings_builder") {
          a.opening = dollars(rng, 1_500, 25_000);
          // Every two weeks, so any 30 days hold at least two transfers (>= $300).
          const amount = dollars(rng, 150, 450);
          for (const d of biweeklyDays(rng)) toSavings(acct, d, amount);
          interest(acct, 0.04);
        } else if (persona === "wealth_builder") {
          // Large but idle: interest only, well under 2% growth and $200/month inflow.
          a.opening = dollars(rng, 40_000, 120_000);
          interest(acct, 0.0035);
        } else if (persona === "variable_income") {
          a.opening = Math.round(monthly * rng.real(0, 0.08));
        } else {
          const rich = persona === "subscription_heavy";
          a.opening = rich ? dollars(rng, 300, 6_000) : dollars(rng, 0, 1_500);
          if (rng.chance(rich ? 0.5 : 0.3)) {
            const amount = rich ? dollars(rng, 50, 200) : dollars(rng, 25, 100);
            for (const d of monthlyDays(rng, windowStart)) toSavings(acct, d, amount);
          }
        }
        break;
      }
      case "money_market":
      case "hsa":
        a.opening = dollars(rng, 1_000, 12_000);
        break;
      case "brokerage":
      case "ira": {
        const wealth = persona === "wealth_builder";
        if (!wealth) {
          a.opening = dollars(rng, 1_000, 20_000);
          break;
        }
        const ira = role === "ira";
        a.opening = ira ? dollars(rng, 80_000, 300_000) : dollars(rng, 150_000, 600_000);
        const contribution = ira ? dollars(rng, 400, 583) : dollars(rng, 1_500, 4_000);
        for (const d of monthlyDays(rng, windowStart)) {
          push(checking, d, -contribution, null, "other", CATEGORIES.transferOutInvestment, "transfer");
          push(acct, d, contribution, null, "other", CATEGORIES.transferInInvestment, "transfer");
        }
        if (!ira) {
          const dividend = Math.round(a.opening * 0.004);
          monthlyDays(rng, windowStart)
            .filter((_, i) => i % 3 === 0)
            .forEach((d) => push(acct, d, dividend, null, "other", CATEGORIES.dividends, "income"));
        }
        break;
      }
      case "401k":
        a.opening = dollars(rng, 150_000, 500_000);
        break;
      default:
        break;
    }
  });
}
