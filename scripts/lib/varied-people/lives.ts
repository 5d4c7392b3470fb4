/**
 * Lives the product's own generator never makes, one builder each. Every life spans 180 days of
 * history unless it says otherwise, ending at the population's as-of date.
 */
import type { PersonBuilder } from "./person-builder";

const SHOPS = [
  ["Fresh Basket", "FOOD_AND_DRINK_GROCERIES"],
  ["Corner Deli", "FOOD_AND_DRINK_RESTAURANT"],
  ["Metro Transit", "TRANSPORTATION_PUBLIC_TRANSIT"],
  ["Fuel Stop", "TRANSPORTATION_GAS"],
  ["Hardware Barn", "HOME_IMPROVEMENT_HARDWARE"],
  ["Pharmacy Plus", "MEDICAL_PHARMACIES_AND_SUPPLEMENTS"],
] as const;
const SERVICES = [
  "StreamBox",
  "TuneHub",
  "CloudVault",
  "NewsDaily",
  "FitTrack",
  "GameZone",
  "BookNook",
  "MealKit Co",
  "PetTreats Club",
  "LangLearn",
  "PhotoPro",
  "VPN Shield",
  "Podcast Plus",
  "Recipe Box",
  "Kids Stories",
];

export type LifeName =
  | "student_loan_part_time"
  | "retiree_pension_no_card"
  | "gig_many_payouts"
  | "family_cards_mixed"
  | "many_subscriptions_high_savings"
  | "overdue_large_savings"
  | "few_weeks_history"
  | "refunds";

export const LIVES: Record<LifeName, (p: PersonBuilder) => void> = {
  /** A student: a loan being repaid, part-time pay at uneven gaps, little cash, maybe a small card. */
  student_loan_part_time(p) {
    const r = p.rnd;
    const chk = p.deposit("checking", r.between(150, 900));
    const loan = p.loan("student", r.between(12_000, 38_000));
    for (let d = r.int(1, 9); d < 180; d += r.int(5, 26)) p.txn(chk, d, r.between(110, 640), "INCOME_WAGES", "Campus Bookstore Payroll");
    for (let m = 0; m < 6; m++) {
      const pay = r.between(90, 220);
      p.txn(chk, 12 + m * 30, -pay, "LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT", "Student Loan Servicer");
      p.txn(loan, 12 + m * 30, pay, "LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT", "Student Loan Servicer");
    }
    p.everyday(chk, 180, r.between(500, 900), SHOPS);
    if (r.chance(0.5)) {
      const card = p.card(r.pick([500, 800, 1000]), r.between(0.1, 0.7));
      p.everyday(card, 180, 120, SHOPS.slice(0, 2));
    }
  },

  /** A retiree: the same pension on the same day each month, savings drawn slowly, no credit card. */
  retiree_pension_no_card(p) {
    const r = p.rnd;
    const chk = p.deposit("checking", r.between(2_500, 9_000));
    p.deposit("savings", r.between(15_000, 80_000));
    const pension = r.between(1_800, 3_200);
    for (let m = 0; m < 6; m++) p.txn(chk, 3 + m * 30, pension, "INCOME_RETIREMENT_PENSION", "State Retirement System");
    for (let m = 0; m < 6; m++) {
      p.txn(chk, 6 + m * 30, -r.between(90, 160), "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY", "City Power");
      p.txn(chk, 8 + m * 30, -r.between(40, 70), "RENT_AND_UTILITIES_TELEPHONE", "Landline Co");
    }
    p.everyday(chk, 180, r.between(900, 1_600), [SHOPS[0], SHOPS[5], SHOPS[1]]);
  },

  /** A gig worker: many small payouts, some days several, none a payroll. */
  gig_many_payouts(p) {
    const r = p.rnd;
    const chk = p.deposit("checking", r.between(200, 2_500));
    for (let d = 0; d < 180; d += r.int(1, 3)) {
      for (let k = r.int(1, 3); k > 0; k--)
        p.txn(chk, d, r.between(12, 95), "INCOME_OTHER_INCOME", r.pick(["RideLink Payout", "DashDrop Payout", "TaskHive Payout"]));
    }
    p.everyday(chk, 180, r.between(1_400, 2_400), SHOPS);
    if (r.chance(0.6)) {
      const card = p.card(r.pick([1_500, 2_500, 4_000]), r.between(0.2, 0.8), { minimumOnly: r.chance(0.3) });
      p.everyday(card, 180, 300, SHOPS.slice(2, 4));
    }
  },

  /** A family: biweekly pay, three or four cards from nearly unused to nearly full. */
  family_cards_mixed(p) {
    const r = p.rnd;
    const chk = p.deposit("checking", r.between(1_500, 6_000));
    const pay = r.between(2_200, 3_600);
    for (let d = r.int(0, 13); d < 180; d += 14) p.txn(chk, d, pay, "INCOME_WAGES", "Regional Hospital Payroll");
    for (let m = 0; m < 6; m++) p.txn(chk, 1 + m * 30, -r.between(1_400, 2_200), "RENT_AND_UTILITIES_RENT", "Maple Court Apartments");
    const levels = [r.between(0.02, 0.1), r.between(0.3, 0.5), r.between(0.75, 0.97), r.between(0.15, 0.3)].slice(0, r.int(3, 4));
    for (const u of levels) {
      const card = p.card(r.pick([2_000, 5_000, 8_000]), u);
      p.everyday(card, 180, r.between(200, 700), SHOPS);
      if (u > 0.7) for (let m = 0; m < 6; m++) p.txn(card, 20 + m * 30, -r.between(20, 60), "BANK_FEES_INTEREST_CHARGE", null);
    }
    p.everyday(chk, 180, 600, SHOPS);
  },

  /** Ten to fifteen subscriptions, a good salary and large savings still growing. */
  many_subscriptions_high_savings(p) {
    const r = p.rnd;
    const chk = p.deposit("checking", r.between(4_000, 12_000));
    const sav = p.deposit("savings", r.between(40_000, 120_000));
    const pay = r.between(6_000, 9_500);
    for (let m = 0; m < 6; m++) p.txn(chk, 1 + m * 30, pay, "INCOME_WAGES", "Northwind Labs Payroll");
    for (let m = 0; m < 6; m++) {
      const moved = r.between(600, 1_500);
      p.txn(chk, 2 + m * 30, -moved, "TRANSFER_OUT_SAVINGS", null).txn(sav, 2 + m * 30, moved, "TRANSFER_IN_SAVINGS", null);
    }
    const card = p.card(r.pick([8_000, 12_000]), r.between(0.01, 0.06), { apr: 19.99 });
    const services = [...SERVICES].sort(() => r.next() - 0.5).slice(0, r.int(10, 15));
    for (const [i, name] of services.entries()) {
      const price = Math.round(r.between(5, 25)) - 0.01;
      for (let m = 0; m < 6; m++) p.txn(card, (i % 27) + 1 + m * 30, -price, "ENTERTAINMENT_TV_AND_MOVIES", name, "online");
    }
    p.everyday(card, 180, r.between(800, 1_500), SHOPS);
  },

  /** Overdue on a card with interest charged, yet holding large savings. */
  overdue_large_savings(p) {
    const r = p.rnd;
    const chk = p.deposit("checking", r.between(1_000, 5_000));
    p.deposit("savings", r.between(40_000, 110_000));
    const pay = r.between(2_400, 4_200);
    for (let d = r.int(0, 13); d < 180; d += 14) p.txn(chk, d, pay, "INCOME_WAGES", "Harbor Freight Lines Payroll");
    const card = p.card(r.pick([3_000, 6_000, 10_000]), r.between(0.35, 0.75), { overdue: true });
    p.everyday(card, 180, r.between(500, 1_200), SHOPS);
    for (let m = 0; m < 6; m++) p.txn(card, 15 + m * 30, -r.between(12, 45), "BANK_FEES_INTEREST_CHARGE", null);
    p.everyday(chk, 180, 700, SHOPS);
  },

  /** An account opened a few weeks ago: two to four weeks of history only. */
  few_weeks_history(p) {
    const r = p.rnd;
    const days = r.int(14, 28);
    const chk = p.deposit("checking", r.between(300, 4_000));
    const pay = r.between(900, 2_200);
    for (let d = r.int(0, 6); d < days; d += 14) p.txn(chk, d, pay, "INCOME_WAGES", "Bright Dental Payroll");
    p.everyday(chk, days, r.between(800, 1_800), SHOPS);
    if (r.chance(0.5)) {
      const card = p.card(r.pick([1_000, 3_000]), r.between(0.05, 0.6));
      p.everyday(card, days, 250, SHOPS);
    }
  },

  /** Online shopping with frequent returns: refunds land on the card and in checking. */
  refunds(p) {
    const r = p.rnd;
    const chk = p.deposit("checking", r.between(1_000, 6_000));
    if (r.chance(0.5)) p.deposit("savings", r.between(500, 8_000));
    const pay = r.between(1_800, 3_000);
    for (let d = r.int(0, 13); d < 180; d += 14) p.txn(chk, d, pay, "INCOME_WAGES", "Lakeside School District Payroll");
    const card = p.card(r.pick([2_500, 5_000]), r.between(0.1, 0.55));
    for (let d = 2; d < 180; d += r.int(3, 9)) {
      const price = r.between(25, 180);
      p.txn(card, d, -price, "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", "ShopSphere", "online");
      if (r.chance(0.45) && d > 5) p.txn(card, d - r.int(2, 5), price, "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", "ShopSphere", "online");
    }
    p.txn(chk, r.int(10, 90), r.between(15, 120), "GENERAL_MERCHANDISE_CLOTHING_AND_ACCESSORIES", "Outfitters Returns", "in store");
    p.everyday(chk, 180, 700, SHOPS);
  },
};
