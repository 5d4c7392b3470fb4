/**
 * What data from Plaid may lack or carry beyond the dataset (src/domain/compute-signals.ts, USD
 * ONLY): a card without a limit, a balance not sent, other currencies, a transaction dated after
 * today. Each is left out of the figures and counted in `coverage`.
 */
import { describe, expect, it } from "vitest";
import { asOfOn, computeSignals } from "../../src/domain/compute-signals";
import { AS_OF, daysBefore, Scenario, steadyEarner } from "./domain-fixtures";

describe("coverage: what the USD signals leave out, said", () => {
  it("leaves a card with no limit out of utilization, keeps its overdue flag, and counts it", () => {
    const s = steadyEarner("u1");
    s.card({ mask: "4444", balance: 900, limit: 1000, minimum: 35, lastPayment: 35, statementBalance: 900 });
    const charge = s.card({ mask: "5555", balance: 5000, limit: 1, overdue: true });
    s.accounts.find((a) => a.account_id === charge)!.balance_limit = null;
    const signals = s.signals(30);
    expect(signals.credit.cards.map((c) => c.mask)).toEqual(["4444"]);
    expect(signals.credit.max_utilization).toBe(0.9);
    expect(signals.credit.is_overdue).toBe(true);
    expect(signals.coverage).toMatchObject({ cards_without_limit: 1 });
  });

  it("keeps another currency's accounts and transactions out of every figure, and counts them", () => {
    const base = steadyEarner("u2");
    const usdOnly = base.signals(30);
    const eur = base.checking(50_000, "9999");
    const account = base.accounts.find((a) => a.account_id === eur)!;
    account.iso_currency_code = "EUR";
    base.txn(eur, 3, -4000, "GENERAL_MERCHANDISE_ELECTRONICS", "Euro Shop");
    base.transactions.at(-1)!.iso_currency_code = "EUR";
    const chk = base.accounts[0]!.account_id;
    base.txn(chk, 4, -700, "TRAVEL_FLIGHTS", "Crypto Air");
    Object.assign(base.transactions.at(-1)!, { iso_currency_code: null, unofficial_currency_code: "BTC" });
    const mixed = base.signals(30);
    expect(mixed.subscriptions.total_spend_in_window).toBe(usdOnly.subscriptions.total_spend_in_window);
    expect(mixed.income.liquid_balance).toBe(usdOnly.income.liquid_balance);
    expect(mixed.coverage).toMatchObject({ currency: "USD", other_currency_accounts: 1, other_currency_transactions: 2 });
  });

  it("adds nothing for a balance the institution did not send, and counts the account", () => {
    const s = new Scenario("u3");
    const chk = s.checking(1000);
    s.savings(0);
    s.accounts.at(-1)!.balance_current = null;
    s.txn(chk, 2, -50, "FOOD_AND_DRINK_GROCERIES", "Kroger");
    const signals = s.signals(30);
    expect(signals.savings.savings_balance).toBe(0);
    expect(signals.coverage?.accounts_without_balance).toBe(1);
  });
});

describe("asOfOn: a transaction dated after today counts in no window until its date", () => {
  it("never moves as-of past today", () => {
    const txns = [{ date: daysBefore(3) }, { date: "2030-01-15" }];
    expect(asOfOn(txns, AS_OF)).toBe(AS_OF);
    expect(asOfOn([{ date: daysBefore(3) }], AS_OF)).toBe(daysBefore(3));
    expect(asOfOn([], AS_OF)).toBe(AS_OF);
  });

  it("leaves the 2030 transaction out of both windows' spend", () => {
    const s = steadyEarner("u4");
    const before = s.signals(180, AS_OF);
    s.txn(s.accounts[0]!.account_id, 0, -99_999, "GENERAL_MERCHANDISE_ELECTRONICS", "Future Store");
    s.transactions.at(-1)!.date = "2030-01-15";
    for (const w of [30, 180] as const) {
      const after = computeSignals(s.input(), w, asOfOn(s.transactions, AS_OF), AS_OF);
      expect(after.as_of).toBe(AS_OF);
      expect(after.coverage?.transactions_after_as_of).toBe(1);
      // The bank's balance does not hold a transaction dated after today: nothing is backed out.
      expect(after.income.liquid_balance).toBe(before.income.liquid_balance);
    }
    expect(computeSignals(s.input(), 180, asOfOn(s.transactions, AS_OF)).subscriptions.total_spend_in_window).toBe(
      before.subscriptions.total_spend_in_window,
    );
  });
});
