import { describe, expect, it } from "vitest";
import { computeSignals } from "../../src/domain/compute-signals";
import { formatPercent } from "../../src/domain/format";
import { INCOME_LOOKBACK_DAYS, WEEKS_PER_MONTH } from "../../src/domain/signals";
import { AS_OF, cardHolder, daysBefore, every, gigWorker, Scenario, saver, steadyEarner, subscriber, wealthy } from "./domain-fixtures";

describe("recurring merchants (subscriptions)", () => {
  const cases: {
    name: string;
    days: number[];
    amounts: number[];
    recurring: boolean;
    cadence?: "monthly" | "weekly";
  }[] = [
    { name: "same amount, same merchant, monthly", days: [5, 35, 65], amounts: [15.49], recurring: true, cadence: "monthly" },
    { name: "calendar months (31, 30 day gaps)", days: [2, 33, 63], amounts: [15.49], recurring: true, cadence: "monthly" },
    { name: "same amount weekly", days: [1, 8, 15, 22, 29, 36], amounts: [12], recurring: true, cadence: "weekly" },
    { name: "a price within 10% of the median", days: [5, 35, 65], amounts: [20, 21, 20], recurring: true, cadence: "monthly" },
    { name: "only two charges in 90 days", days: [5, 35, 95, 125], amounts: [15.49], recurring: false },
    { name: "monthly cadence, varying amounts", days: [5, 35, 65], amounts: [40, 61, 52], recurring: false },
    { name: "same amount, irregular dates", days: [3, 15, 40, 48, 80], amounts: [25], recurring: false },
    {
      name: "weekly groceries at varying amounts",
      days: [1, 8, 15, 22, 29],
      amounts: [54.12, 87.3, 61.05, 102.44, 38.9],
      recurring: false,
    },
  ];
  it.each(cases)("$name → recurring: $recurring", ({ days, amounts, recurring, cadence }) => {
    const s = new Scenario("r");
    const chk = s.checking(3000);
    days.forEach((d, i) =>
      s.txn(chk, d, -(amounts[i % amounts.length] as number), "GENERAL_SERVICES_OTHER_GENERAL_SERVICES", "Some Merchant"),
    );
    const sub = s.signals(30).subscriptions;
    expect(sub.recurring_merchant_count).toBe(recurring ? 1 : 0);
    if (cadence) expect(sub.recurring_merchants[0]?.cadence).toBe(cadence);
  });

  it("weekly groceries at varying amounts and irregular dates are not recurring", () => {
    const s = steadyEarner("g");
    expect(s.signals(30).subscriptions.recurring_merchant_count).toBe(0);
    expect(s.signals(180).subscriptions.recurring_merchant_count).toBe(0);
  });

  it("reports cadence, median amount and monthly equivalent", () => {
    const s = new Scenario("m");
    const chk = s.checking(3000);
    s.subscription(chk, "Netflix", 15.49);
    s.repeat(chk, [0, 7, 14, 21, 28, 35], -12, "FOOD_AND_DRINK_COFFEE", "Coffee Club");
    const sub = s.signals(30).subscriptions;
    expect(sub.recurring_merchants).toEqual([
      expect.objectContaining({
        merchant: "Coffee Club",
        cadence: "weekly",
        amount: 12,
        monthly_equivalent: 52,
        charges_in_lookback: 6,
        charges_in_window: 5,
      }),
      expect.objectContaining({
        merchant: "Netflix",
        cadence: "monthly",
        amount: 15.49,
        monthly_equivalent: 15.49,
        charges_in_lookback: 3,
        charges_in_window: 1,
      }),
    ]);
    expect(12 * WEEKS_PER_MONTH).toBeCloseTo(52, 6);
    expect(sub.monthly_recurring_spend).toBe(67.49);
  });

  it("excludes rent, transfers, loan payments, interest and income from candidates", () => {
    const s = new Scenario("x");
    const chk = s.checking(3000);
    const card = s.card({ mask: "1234", balance: 100, limit: 1000 });
    s.rent(chk, 900, 5);
    s.repeat(chk, [5, 35, 65], -300, "TRANSFER_OUT_SAVINGS", "My Savings");
    s.repeat(chk, [5, 35, 65], -250, "LOAN_PAYMENTS_CAR_PAYMENT", "ALLY AUTO");
    s.repeat(card, [5, 35, 65], -20, "BANK_FEES_INTEREST_CHARGE", "Card Interest");
    s.repeat(chk, [5, 35, 65], 2000, "INCOME_WAGES", "ACME CORP PAYROLL");
    expect(s.signals(30).subscriptions.recurring_merchant_count).toBe(0);
  });

  it("the subscription share's denominator excludes deposits and transfers, and counts card purchases once", () => {
    const s = new Scenario("share");
    const chk = s.checking(4000);
    const sav = s.savings(1000);
    const card = s.card({ mask: "4242", balance: 90, limit: 2000 });
    s.subscription(card, "Netflix", 10);
    s.txn(card, 3, -60, "FOOD_AND_DRINK_GROCERIES", "Kroger").txn(card, 12, -30, "FOOD_AND_DRINK_GROCERIES", "Safeway");
    // Money that moves but is not spend:
    s.txn(chk, 2, 2000, "INCOME_WAGES", "ACME CORP PAYROLL");
    s.txn(chk, 4, 500, "TRANSFER_IN_ACCOUNT_TRANSFER", "Venmo");
    s.txn(chk, 6, -400, "TRANSFER_OUT_SAVINGS").txn(sav, 6, 400, "TRANSFER_IN_SAVINGS");
    s.txn(chk, 9, -300, "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT").txn(card, 9, 300, "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT");
    s.txn(card, 14, 25, "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", "Amazon"); // a refund
    const sub = s.signals(30).subscriptions;
    expect(sub.total_spend_in_window).toBe(100);
    expect(sub.recurring_spend_in_window).toBe(10);
    expect(sub.subscription_share).toBe(0.1);
  });

  it("5 subscriptions at $75/month make an 8% share of $937.50", () => {
    const sub = subscriber("five", [9.99, 12.01, 15, 18, 20], 937.5).signals(30).subscriptions;
    expect(sub).toMatchObject({
      recurring_merchant_count: 5,
      monthly_recurring_spend: 75,
      total_spend_in_window: 937.5,
      subscription_share: 0.08,
    });
  });

  it("detection looks back 90 days for either window; the window only scales what is counted in it", () => {
    const s = subscriber("w", [10, 20, 30], 1000);
    const s30 = s.signals(30).subscriptions;
    const s180 = s.signals(180).subscriptions;
    expect(s30.recurring_merchant_count).toBe(3);
    expect(s180.recurring_merchant_count).toBe(3);
    expect(s30.recurring_spend_in_window).toBe(60);
    expect(s180.recurring_spend_in_window).toBe(180);
  });
});

describe("as-of anchoring and windows", () => {
  it("defaults as-of to the latest transaction date, not the wall clock", () => {
    const s = new Scenario("a", "2021-03-15");
    const chk = s.checking(1000);
    s.txn(chk, 0, -20, "FOOD_AND_DRINK_COFFEE", "Cafe").txn(chk, 40, -30, "FOOD_AND_DRINK_COFFEE", "Cafe");
    const sig = computeSignals(s.input(), 30);
    expect(sig.as_of).toBe("2021-03-15");
    expect(sig.subscriptions.total_spend_in_window).toBe(20);
  });

  it("covers (asOf - windowDays, asOf]: the day 30 days back is outside, 29 days back inside", () => {
    const s = new Scenario("b");
    const chk = s.checking(1000);
    s.txn(chk, 30, -100, "FOOD_AND_DRINK_COFFEE", "Cafe")
      .txn(chk, 29, -7, "FOOD_AND_DRINK_COFFEE", "Cafe")
      .txn(chk, 0, -3, "FOOD_AND_DRINK_COFFEE", "Cafe");
    expect(s.signals(30).subscriptions.total_spend_in_window).toBe(10);
    expect(s.signals(180).subscriptions.total_spend_in_window).toBe(110);
  });

  it("an explicit as-of ignores later transactions and backs them out of balances", () => {
    const s = new Scenario("c");
    const chk = s.checking(1000);
    s.txn(chk, 0, -200, "FOOD_AND_DRINK_GROCERIES", "Kroger").txn(chk, 15, -50, "FOOD_AND_DRINK_GROCERIES", "Kroger");
    const sig = computeSignals(s.input(), 30, daysBefore(10));
    expect(sig.as_of).toBe(daysBefore(10));
    expect(sig.subscriptions.total_spend_in_window).toBe(50);
    expect(sig.income.liquid_balance).toBe(1200);
  });

  it("needs an explicit as-of when there are no transactions, and rejects a bad one", () => {
    const s = new Scenario("d");
    s.checking(500);
    expect(() => computeSignals(s.input(), 30)).toThrow(/asOf/);
    expect(computeSignals(s.input(), 30, AS_OF).as_of).toBe(AS_OF);
    expect(() => computeSignals(s.input(), 30, "2025-02-30")).toThrow(RangeError);
  });
});

describe("savings", () => {
  it("net inflow, monthly inflow, growth from the window's starting balance, emergency fund", () => {
    const sig = saver("s").signals(30);
    expect(sig.savings).toMatchObject({
      savings_account_count: 1,
      savings_balance: 10_500,
      net_savings_inflow: 500,
      monthly_net_inflow: 500,
      growth_rate: 0.05,
      average_monthly_expenses: 1504.91,
      emergency_fund_months: 7,
    });
  });

  it("normalizes the inflow to 30 days in the 180-day window", () => {
    const sig = saver("s").signals(180);
    expect(sig.savings.net_savings_inflow).toBe(500);
    expect(sig.savings.monthly_net_inflow).toBe(83.33);
  });

  it("counts money market and HSA as savings-like, and guards against zero expenses", () => {
    const s = new Scenario("mm");
    s.savings(3000, "money market");
    s.savings(2000, "hsa", "2323");
    const sig = computeSignals(s.input(), 30, AS_OF);
    expect(sig.savings.savings_balance).toBe(5000);
    expect(sig.savings.emergency_fund_months).toBeNull();
    expect(sig.income.cash_flow_buffer_months).toBeNull();
    expect(sig.savings.growth_rate).toBe(0);
  });
});

describe("credit", () => {
  it("per-card utilization, flags, interest, APR", () => {
    const sig = cardHolder("h", 3400, 5000, 45.2).signals(30);
    expect(sig.credit.cards).toEqual([
      expect.objectContaining({
        mask: "4523",
        balance: 3400,
        limit: 5000,
        utilization: 0.68,
        flags: ["utilization_ge_30", "utilization_ge_50"],
        interest_charges: 45.2,
        apr_percentage: 24.99,
      }),
    ]);
    expect(sig.credit).toMatchObject({
      card_count: 1,
      max_utilization: 0.68,
      interest_charges: 45.2,
      is_overdue: false,
      minimum_payment_only: false,
      flagged_card_count: 1,
    });
  });

  it.each([
    { name: "paid exactly the minimum on a larger statement", minimum: 35, last: 35, statement: 3500, expected: true },
    { name: "paid a cent under the minimum", minimum: 35, last: 34.99, statement: 3500, expected: true },
    { name: "paid more than the minimum", minimum: 35, last: 100, statement: 3500, expected: false },
    { name: "paid a small statement in full (minimum = statement)", minimum: 20, last: 20, statement: 20, expected: false },
    { name: "no payment yet", minimum: 35, last: 0, statement: 3500, expected: false },
  ])("minimum-payment-only: $name → $expected", ({ minimum, last, statement, expected }) => {
    const s = steadyEarner("mp");
    s.card({ mask: "5555", balance: statement, limit: 10_000, minimum, lastPayment: last, statementBalance: statement });
    expect(s.signals(30).credit.minimum_payment_only).toBe(expected);
  });

  it("no cards: max utilization is null, not 0", () => {
    const sig = steadyEarner().signals(30);
    expect(sig.credit).toMatchObject({ card_count: 0, max_utilization: null, total_utilization: null, interest_charges: 0 });
  });

  it("80% flag and cards sorted by utilization", () => {
    const s = steadyEarner("two");
    s.card({ mask: "1000", balance: 200, limit: 1000 });
    s.card({ mask: "2000", balance: 4100, limit: 5000 });
    const c = s.signals(30).credit;
    expect(c.cards.map((x) => x.mask)).toEqual(["2000", "1000"]);
    expect(c.cards[0]?.flags).toEqual(["utilization_ge_30", "utilization_ge_50", "utilization_ge_80"]);
    expect(c.cards[1]?.flags).toEqual([]);
    expect(c.total_utilization).toBe(0.717);
  });
});

describe("income", () => {
  it("a 30-day window still sees a > 45-day median pay gap through the 180-day income lookback", () => {
    const sig = gigWorker("gig", 0.8).signals(30);
    expect(INCOME_LOOKBACK_DAYS).toBe(180);
    expect(sig.income).toMatchObject({
      lookback_days: 180,
      pay_event_count: 4,
      median_pay_gap_days: 50,
      pay_frequency: "irregular",
      payroll_detected: false,
      average_monthly_income: 1966.67,
      liquid_balance: 1600,
      cash_flow_buffer_months: 0.8,
    });
    expect(sig.income.pay_variability).toBe(0.147);
  });

  it.each([
    { name: "weekly", days: every(7, 1), frequency: "weekly", gap: 7 },
    { name: "biweekly", days: every(14, 2), frequency: "biweekly", gap: 14 },
    { name: "monthly (calendar)", days: [0, 31, 61, 92, 122, 153], frequency: "monthly", gap: 31 },
    { name: "gig every 50 days", days: [20, 70, 120, 170], frequency: "irregular", gap: 50 },
  ])("pay frequency: $name", ({ days, frequency, gap }) => {
    const s = new Scenario("pf");
    const chk = s.checking(3000);
    s.payroll(chk, days, 1500);
    const inc = s.signals(30).income;
    expect(inc.pay_frequency).toBe(frequency);
    expect(inc.median_pay_gap_days).toBe(gap);
    expect(inc.payroll_detected).toBe(true);
    expect(inc.pay_variability).toBe(0);
  });

  it("semi-monthly pay (1st and 15th) is not biweekly", () => {
    const s = new Scenario("semi", "2025-06-30");
    const chk = s.checking(3000);
    for (const month of ["01", "02", "03", "04", "05", "06"]) {
      for (const day of ["01", "15"]) {
        s.transactions.push({
          transaction_id: `semi_${month}_${day}`,
          account_id: chk,
          user_id: "semi",
          date: `2025-${month}-${day}`,
          amount: 2100,
          merchant_name: "ACME CORP PAYROLL",
          payment_channel: "other",
          category_primary: "INCOME",
          category_detailed: "INCOME_WAGES",
          pending: false,
        });
      }
    }
    expect(computeSignals(s.input(), 30, "2025-06-30").income.pay_frequency).toBe("semi-monthly");
  });

  it("dividends and interest are not pay; average monthly income is per 30 days of the lookback", () => {
    const s = wealthy();
    const chk = s.accounts[0]?.account_id as string;
    s.txn(chk, 3, 900, "INCOME_DIVIDENDS", "Vanguard").txn(chk, 4, 12, "INCOME_INTEREST_EARNED", "Bank");
    const inc = s.signals(180).income;
    expect(inc.pay_event_count).toBe(13);
    expect(inc.average_monthly_income).toBe(10_833.33);
  });
});

describe("rounding is the single source of truth", () => {
  it("money in cents, ratios to 3 decimals, months and days to 1 decimal", () => {
    const s = cardHolder("round", 1234.567, 3000, 0);
    const sig = s.signals(30);
    const card = sig.credit.cards[0];
    expect(card?.balance).toBe(1234.57);
    expect(card?.utilization).toBe(0.412);
    const decimals = (v: number) => (String(v).split(".")[1] ?? "").length;
    expect(decimals(sig.income.cash_flow_buffer_months as number)).toBeLessThanOrEqual(1);
    expect(decimals(sig.savings.average_monthly_expenses)).toBeLessThanOrEqual(2);
  });

  it("keeps a ratio at the percent a rationale shows, so it is never rounded twice", () => {
    // $484.47 of $1,000 is 48.447%: shown as 48.4%. Stored to 4 decimals (0.4845) it was shown as 48.5%.
    const card = cardHolder("halfway", 484.47, 1000, 0).signals(30).credit.cards[0];
    expect(card?.utilization).toBe(0.484);
    expect(formatPercent(card!.utilization)).toBe("48.4%");
  });

  it("is JSON-serializable and deterministic", () => {
    const a = wealthy().signals(180);
    const b = wealthy().signals(180);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a).toEqual(b);
  });
});
