/**
 * One synthetic user, start to finish, as a pure function of (seed, index, population plan, as-of):
 * accounts, six months of transactions, liabilities. Money is built in integer cents and every
 * balance is derived from the transactions, so the records always agree with each other.
 */
import type {
  DatasetAccount as AccountRecord,
  DatasetLiability as LiabilityRecord,
  DatasetTransaction as TransactionRecord,
  UserRecord,
} from "../../../src/domain/dataset";
import { addDiscretionary, fitCount } from "./discretionary";
import { planCards, planSavingsAndInvestments, predictCardTxns, type AccountDraft, type CardDraft } from "./account-plans";
import { simulateCard, type CardOutcome } from "./card-simulator";
import { dailyNet, safeOpening, solveGigPayouts } from "./balances";
import {
  AUTO_LENDERS,
  CATEGORIES,
  ELECTRIC_UTILITIES,
  EMPLOYERS,
  FIRST_NAMES,
  GIG_PAYERS,
  GROCERS,
  INTERNET_PROVIDERS,
  LAST_NAMES,
  PHONE_CARRIERS,
  STUDENT_LOAN_SERVICERS,
  SUBSCRIPTIONS,
  type Subscription,
} from "./catalog";
import { formatDateTime, formatDay } from "./dates";
import { coefficientOfVariation } from "../../../src/domain/stats";
import { centsToDollars, dollars, roundTo, type DraftTxn, type Push } from "./draft";
import { ARCHETYPES, ROLE_TYPES, type AccountRole, type Archetype, type Persona } from "./personas";
import type { PlannedUser } from "./population";
import { mixSeed, Rng } from "./rng";
import { biweeklyDays, gigPayoutDays, groceryTripDays, LAST_DAY, monthlyDays } from "./schedules";

const TARGET_TXNS: readonly [number, number] = [160, 240];
const USER_STREAM = 0x75736572; // "user"

export interface GenerationContext {
  seed: number;
  /** Day number (days since 1970-01-01) of the as-of date, the last day of the window. */
  asOfDay: number;
  /** asOfDay - 179. */
  windowStart: number;
  population: readonly PlannedUser[];
  /** Number of the user at index 0 (1 → user_00001). */
  firstId?: number;
}

export interface UserBundle {
  index: number;
  persona: Persona;
  user: UserRecord;
  accounts: AccountRecord[];
  transactions: TransactionRecord[];
  liabilities: LiabilityRecord[];
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

export function generateUser(ctx: GenerationContext, index: number): UserBundle {
  const planned = ctx.population[index];
  if (!planned) throw new RangeError(`no planned user at index ${index}`);
  const rng = new Rng(mixSeed(ctx.seed, index, USER_STREAM));
  const persona = planned.persona;
  const arch = ARCHETYPES[persona];
  const userNo = pad(index + (ctx.firstId ?? 1), 5);
  const userId = `user_${userNo}`;

  // Identity.
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const user: UserRecord = {
    user_id: userId,
    full_name: `${first} ${last}`,
    email: `${first}.${last}.${Number(userNo)}@example.com`.toLowerCase(),
    consent_status: planned.consent,
    created_at: formatDateTime(ctx.windowStart - rng.int(30, 1500), rng.int(0, 86_399)),
  };

  // Accounts: roles, then opening balances per role.
  const roles = chooseRoles(rng, persona, planned.holdsCard);
  const accounts: AccountDraft[] = roles.map((role) => ({ role, opening: 0, limit: null }));
  const checking = 0;

  const monthly = dollars(rng, arch.monthlyIncome[0], arch.monthlyIncome[1]);
  const txns: DraftTxn[] = [];
  const push: Push = (acct, day, cents, merchant, channel, category, kind, cardEligible = false) => {
    if (cents !== 0) txns.push({ acct, day, cents, merchant, channel, category, pending: false, cardEligible, kind });
  };

  // Income: regular payroll now; gig payouts are sized at the end, from the spending they must cover.
  let gigDays: number[] = [];
  let payroll: DraftTxn[] = [];
  let gigPayer = "";
  if (!arch.gigIncome) {
    const biweekly = rng.chance(arch.biweeklyShare);
    const employer = rng.pick(EMPLOYERS);
    const days = biweekly ? biweeklyDays(rng) : monthlyDays(rng, ctx.windowStart);
    const perPay = biweekly ? Math.round((monthly * 12) / 26) : monthly;
    for (const d of days) push(checking, d, perPay, employer, "other", CATEGORIES.wages, "income");
    payroll = txns.filter((t) => t.kind === "income");
  } else {
    gigDays = gigPayoutDays(rng);
    gigPayer = rng.pick(GIG_PAYERS);
  }

  // Rent (ACH to a landlord: no merchant name) and electricity (monthly, the amount varies).
  const rent = roundTo(monthly * rng.real(arch.rentShare[0], arch.rentShare[1]), 500);
  for (const d of monthlyDays(rng, ctx.windowStart)) push(checking, d, -rent, null, "other", CATEGORIES.rent, "bill");
  const electricBase = monthly * rng.real(0.02, 0.035);
  const electric = rng.pick(ELECTRIC_UTILITIES);
  for (const d of monthlyDays(rng, ctx.windowStart)) {
    push(checking, d, -Math.round(electricBase * rng.real(0.75, 1.3)), electric, "online", CATEGORIES.electricity, "bill");
  }

  // Other monthly merchants: bills at a fixed price and subscriptions.
  const fixedBills: Subscription[] = [];
  let subs: Subscription[] = [];
  if (arch.recurringMerchantCap !== null) {
    // Electricity is one; exactly one more keeps this persona below 3 recurring merchants.
    const extra = rng.pick(["internet", "phone", "subscription"] as const);
    if (extra === "internet") fixedBills.push(rng.pick(INTERNET_PROVIDERS));
    else if (extra === "phone") fixedBills.push(rng.pick(PHONE_CARRIERS));
    else subs = [rng.pick(SUBSCRIPTIONS)];
  } else {
    if (rng.chance(0.75)) fixedBills.push(rng.pick(INTERNET_PROVIDERS));
    if (rng.chance(0.85)) fixedBills.push(rng.pick(PHONE_CARRIERS));
    subs = pickSubscriptions(rng, arch, persona);
  }
  for (const bill of fixedBills) {
    for (const d of monthlyDays(rng, ctx.windowStart)) push(checking, d, -bill.cents, bill.name, "online", bill.category, "bill");
  }

  // Cards: plans now, so subscriptions and purchases can be routed to them.
  const cards = planCards(rng, persona, roles, accounts, monthly, ctx.windowStart);
  const primaryCard = cards[0];
  for (const sub of subs) {
    const acct = primaryCard && rng.chance(0.7) ? primaryCard.plan.acct : checking;
    for (const d of monthlyDays(rng, ctx.windowStart)) push(acct, d, -sub.cents, sub.name, "online", sub.category, "subscription", true);
  }

  // Loans: a fixed monthly payment, seen on checking and on the loan.
  for (const [i, role] of roles.entries()) {
    if (role !== "student_loan" && role !== "auto_loan") continue;
    const student = role === "student_loan";
    const payment = student ? dollars(rng, 150, 420) : dollars(rng, 260, 560);
    accounts[i]!.opening = student ? dollars(rng, 8_000, 45_000) : dollars(rng, 6_000, 28_000);
    const lender = student ? rng.pick(STUDENT_LOAN_SERVICERS) : rng.pick(AUTO_LENDERS);
    const category = student ? CATEGORIES.studentLoanPayment : CATEGORIES.carPayment;
    for (const d of monthlyDays(rng, ctx.windowStart)) {
      push(checking, d, -payment, lender, "other", category, "loan");
      push(i, d, payment, lender, "other", category, "loan");
    }
  }

  planSavingsAndInvestments(rng, persona, roles, accounts, monthly, ctx.windowStart, push);

  // Groceries: two stores, about one trip a week in all; a mix of big shops and small top-up runs,
  // redrawn until the amounts clearly vary (they must never look like a subscription).
  const stores = rng.sample(GROCERS, 2);
  const storeTrips = stores.map((store) => ({ store, days: groceryTripDays(rng) }));
  const tripCount = storeTrips.reduce((s, x) => s + x.days.length, 0);
  const perTrip = (monthly * rng.real(arch.groceryShare[0], arch.groceryShare[1]) * 6) / tripCount;
  for (const { store, days } of storeTrips) {
    let sizes: number[];
    do sizes = days.map(() => (rng.chance(0.3) ? rng.real(0.25, 0.55) : rng.real(0.7, 1.7)));
    while (days.length >= 3 && (coefficientOfVariation(sizes) ?? 0) < 0.2);
    days.forEach((day, i) =>
      push(checking, day, -Math.round(perTrip * (sizes[i] as number)), store, "in store", CATEGORIES.groceries, "grocery", true),
    );
  }

  // Discretionary spending fills the user up to a target count.
  const target = rng.int(TARGET_TXNS[0], TARGET_TXNS[1]);
  const predicted = txns.length + gigDays.length + cards.reduce((s, c) => s + predictCardTxns(c.plan), 0);
  const budget = monthly * rng.real(arch.discretionaryShare[0], arch.discretionaryShare[1]) * 6;
  const used = addDiscretionary(rng, Math.max(10, target - predicted), budget, push);

  // Route card-eligible purchases to cards (subscriptions were placed already).
  const purchases = txns.filter((t) => t.cardEligible).sort((a, b) => a.day - b.day);
  for (const t of purchases) {
    if (t.kind === "subscription") continue;
    let r = rng.next();
    for (const card of cards) {
      if (r < card.share) {
        t.acct = card.plan.acct;
        break;
      }
      r -= card.share;
    }
  }
  const outcomes: CardOutcome[] = [];
  for (const card of cards) {
    const outcome = simulateCard(rng, card.plan, purchases, checking, ctx.windowStart);
    outcomes.push(outcome);
    txns.push(...outcome.txns);
  }

  // Hold the count inside 150..250 whatever the card simulation added.
  fitCount(rng, txns, gigDays.length, target, used, checking);

  // Checking: gig payouts sized from the spending, or an opening that never goes overdrawn.
  const checkingFlows = txns.filter((t) => t.acct === checking);
  if (arch.gigIncome) {
    const net = dailyNet(checkingFlows);
    const monthlyOut = -checkingFlows.reduce((s, t) => s + Math.min(0, t.cents), 0) / 6;
    const troughs = gigDays.map(() => dollars(rng, 30, 250));
    const endBalance = Math.round(monthlyOut * rng.real(0.05, 0.3));
    const solved = solveGigPayouts(net, gigDays, endBalance, troughs, 2_000, 20_000);
    accounts[checking]!.opening = solved.opening;
    gigDays.forEach((d, k) => push(checking, d, solved.payouts[k] as number, gigPayer, "other", CATEGORIES.wages, "income"));
  } else {
    const floor = dollars(rng, 50, 400);
    const desiredOpening = Math.round(monthly * rng.real(0.2, 0.9));
    if (arch.balancedPay !== null) {
      // Pay that roughly covers what goes out, so checking ends near a persona-typical cushion
      // instead of piling up; kept within 0.7x..1.4x of the drawn pay.
      const others = checkingFlows.reduce((s, t) => s + (t.kind === "income" ? 0 : t.cents), 0);
      const endBalance = monthly * rng.real(arch.balancedPay[0], arch.balancedPay[1]);
      const drawn = (payroll[0] as DraftTxn).cents;
      const needed = Math.round((endBalance - desiredOpening - others) / payroll.length);
      const perPay = Math.min(Math.round(drawn * 1.4), Math.max(Math.round(drawn * 0.7), needed));
      for (const t of payroll) t.cents = perPay;
    }
    accounts[checking]!.opening = safeOpening(dailyNet(checkingFlows), desiredOpening, floor);
  }

  // A few of the last two days' purchases are still pending.
  for (const t of txns) {
    if (t.day >= LAST_DAY - 1 && (t.kind === "grocery" || t.kind === "discretionary")) t.pending = rng.chance(0.5);
  }

  return finalize(rng, userNo, userId, index, persona, user, accounts, txns, cards, outcomes, ctx);
}

function chooseRoles(rng: Rng, persona: Persona, holdsCard: boolean): AccountRole[] {
  const card: AccountRole[] = holdsCard ? ["card"] : [];
  const fill = (base: AccountRole[], pool: AccountRole[]) => {
    const want = rng.int(3, 4);
    return [...base, ...rng.shuffle(pool).slice(0, Math.max(0, want - base.length))];
  };
  switch (persona) {
    case "high_utilization": {
      const base: AccountRole[] = ["checking", "savings", "card"];
      if (rng.chance(0.5))
        base.push(
          rng.weighted([
            ["card", 0.4],
            ["student_loan", 0.35],
            ["auto_loan", 0.25],
          ] as const),
        );
      return base;
    }
    case "subscription_heavy":
      return fill(["checking", "savings", ...card], ["student_loan", "auto_loan", "brokerage"]);
    case "savings_builder":
      return fill(["checking", "savings", ...card], ["money_market", "hsa"]);
    case "variable_income":
      return fill(["checking", "savings", ...card], ["student_loan", "auto_loan"]);
    case "wealth_builder":
      return [
        "checking",
        rng.chance(0.5) ? "savings" : "money_market",
        "card",
        rng.weighted([
          ["brokerage", 0.6],
          ["ira", 0.2],
          ["401k", 0.2],
        ] as const),
      ];
  }
}

function pickSubscriptions(rng: Rng, arch: Archetype, persona: Persona): Subscription[] {
  const count = rng.int(arch.subscriptions[0], arch.subscriptions[1]);
  if (persona !== "subscription_heavy") return rng.sample(SUBSCRIPTIONS, count);
  // Subscription-heavy: >= 3 of them and >= $60 a month, a margin over the $50 threshold.
  for (;;) {
    const subs = rng.sample(SUBSCRIPTIONS, count);
    if (subs.reduce((s, x) => s + x.cents, 0) >= 6_000) return subs;
  }
}

function finalize(
  rng: Rng,
  userNo: string,
  userId: string,
  index: number,
  persona: Persona,
  user: UserRecord,
  drafts: AccountDraft[],
  txns: DraftTxn[],
  cards: CardDraft[],
  outcomes: CardOutcome[],
  ctx: GenerationContext,
): UserBundle {
  const accountIds = drafts.map((_, i) => `acc_${userNo}_${i + 1}`);
  const sums = new Array<number>(drafts.length).fill(0);
  for (const t of txns) sums[t.acct] = (sums[t.acct] as number) + t.cents;

  const accounts: AccountRecord[] = drafts.map((a, i) => {
    const { type, subtype } = ROLE_TYPES[a.role];
    const owes = type === "credit" || type === "loan";
    const current = owes ? a.opening - (sums[i] as number) : a.opening + (sums[i] as number);
    return {
      account_id: accountIds[i] as string,
      user_id: userId,
      type,
      subtype,
      balance_available:
        type === "depository" ? centsToDollars(current) : type === "credit" ? centsToDollars((a.limit as number) - current) : null,
      balance_current: centsToDollars(current),
      balance_limit: a.limit === null ? null : centsToDollars(a.limit),
      iso_currency_code: "USD",
      mask: pad(rng.int(0, 9999), 4),
    };
  });

  // By date; on one day money in before money out; otherwise in the order generated.
  const order = txns.map((t, i) => ({ t, i }));
  order.sort((a, b) => a.t.day - b.t.day || Number(b.t.cents > 0) - Number(a.t.cents > 0) || a.i - b.i);
  const transactions: TransactionRecord[] = order.map(({ t }, n) => ({
    transaction_id: `txn_${userNo}_${pad(n + 1, 4)}`,
    account_id: accountIds[t.acct] as string,
    user_id: userId,
    date: formatDay(ctx.windowStart + t.day),
    amount: centsToDollars(t.cents),
    merchant_name: t.merchant,
    payment_channel: t.channel,
    category_primary: t.category.primary,
    category_detailed: t.category.detailed,
    pending: t.pending,
  }));

  const liabilities: LiabilityRecord[] = cards.map((card, k) => {
    const o = outcomes[k] as CardOutcome;
    const acct = card.plan.acct;
    return {
      liability_id: `liab_${userNo}_${acct + 1}`,
      account_id: accountIds[acct] as string,
      user_id: userId,
      liability_type: "credit_card",
      apr_percentage: card.plan.aprPct,
      minimum_payment_amount: centsToDollars(o.minimumPayment),
      last_payment_amount: centsToDollars(o.lastPayment),
      is_overdue: card.plan.overdue,
      next_payment_due_date: formatDay(ctx.windowStart + o.nextDueDay),
      last_statement_balance: centsToDollars(o.lastStatementBalance),
    };
  });

  return { index, persona, user, accounts, transactions, liabilities };
}
