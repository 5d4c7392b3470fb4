/**
 * Plaid's own example responses (test/fixtures/plaid/, verbatim) and the variants Plaid's schema
 * allows are accepted and converted as Plaid means them; bad values are still refused, named.
 */
import { readFileSync } from "node:fs";
import { AccountSubtype, AccountType, APRAprTypeEnum, TransactionPaymentChannelEnum } from "plaid";
import { describe, expect, it } from "vitest";
import {
  AccountsSyncBodySchema,
  LiabilitiesSyncBodySchema,
  toAccountRecord,
  toLiabilityRecord,
  toTransactionRecord,
  TransactionsSyncBodySchema,
} from "../../src/domain/plaid";
import { PLAID_ACCOUNT_SUBTYPES, PLAID_ACCOUNT_TYPES, PLAID_APR_TYPES, PLAID_PAYMENT_CHANNELS } from "../../src/domain/plaid-enums";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/plaid/${name}`, import.meta.url), "utf8"));
const transactionsSync = fixture("transactions-sync.json");
const accountsGet = fixture("accounts-get.json");
const liabilitiesGet = fixture("liabilities-get.json");

/** Every object in a JSON value gets one more key, as Plaid adds fields without a version change. */
function withUnknownKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUnknownKeys);
  if (value && typeof value === "object")
    return {
      ...Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknownKeys(v)])),
      added_by_plaid_in_2031: { version: "v3" },
    };
  return value;
}

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.map(String).join(".")}: ${i.message}`);

describe("Plaid's enumerations", () => {
  it("equal the plaid package's enums, value for value", () => {
    expect([...PLAID_ACCOUNT_TYPES].sort()).toEqual(Object.values(AccountType).sort());
    expect([...PLAID_ACCOUNT_SUBTYPES].sort()).toEqual(Object.values(AccountSubtype).sort());
    expect([...PLAID_PAYMENT_CHANNELS].sort()).toEqual(Object.values(TransactionPaymentChannelEnum).sort());
    expect([...PLAID_APR_TYPES].sort()).toEqual(Object.values(APRAprTypeEnum).sort());
  });
});

describe("Plaid's example responses, verbatim", () => {
  it.each([
    ["transactions-sync.json", TransactionsSyncBodySchema, transactionsSync],
    ["accounts-get.json", AccountsSyncBodySchema, accountsGet],
    ["liabilities-get.json", LiabilitiesSyncBodySchema, liabilitiesGet],
  ] as const)("%s is accepted, and again with an unknown key in every object", (_name, schema, body) => {
    expect(issuesOf(schema.safeParse(body))).toEqual([]);
    expect(issuesOf(schema.safeParse(withUnknownKeys(body)))).toEqual([]);
  });

  it("keeps Plaid's precision: the 401k's 23631.9805 is not rounded", () => {
    const body = AccountsSyncBodySchema.parse(accountsGet);
    const k401 = body.accounts.find((a) => a.subtype === "401k")!;
    expect(toAccountRecord(k401, "u").balance_current).toBe(23631.9805);
  });

  it("converts a transaction with Plaid's sign flipped, its currency and the pending one it settles", () => {
    const body = TransactionsSyncBodySchema.parse(transactionsSync);
    const walmart = toTransactionRecord(body.added[0]!, "u");
    expect(walmart).toMatchObject({
      amount: -72.1,
      merchant_name: "Walmart",
      iso_currency_code: "USD",
      pending: false,
      pending_transaction_id: "no86Eox18VHMvaOVL7gPUM9ap3aR1LsAVZ5nc",
      category_primary: "GENERAL_MERCHANDISE",
    });
  });

  it("reads an empty aprs list as an APR not reported (null), never 0%", () => {
    const body = LiabilitiesSyncBodySchema.parse(liabilitiesGet);
    const card = body.liabilities.credit![0]!;
    expect(toLiabilityRecord(card, "u")!.apr_percentage).toBeGreaterThan(0);
    expect(toLiabilityRecord({ ...card, aprs: [] }, "u")!.apr_percentage).toBeNull();
  });
});

describe("variants Plaid's schema allows", () => {
  const account = accountsGet.accounts[0];
  const txn = transactionsSync.added[0];
  const credit = liabilitiesGet.liabilities.credit[0];
  const acceptsAccount = (patch: Record<string, unknown>) =>
    issuesOf(AccountsSyncBodySchema.safeParse({ ...accountsGet, accounts: [{ ...account, ...patch }] }));
  const acceptsTxn = (patch: Record<string, unknown>) =>
    issuesOf(TransactionsSyncBodySchema.safeParse({ ...transactionsSync, added: [{ ...txn, ...patch }] }));

  it.each([
    ["mask null", { mask: null }],
    ["mask of 2 digits", { mask: "12" }],
    ["mask of letters and digits", { mask: "A1B2" }],
    ["subtype null", { subtype: null }],
    ["subtype 403B", { type: "investment", subtype: "403B" }],
    ["subtype paypal", { subtype: "paypal" }],
    ["subtype prepaid", { subtype: "prepaid" }],
    ["subtype roth 401k", { type: "investment", subtype: "roth 401k" }],
    ["subtype 529", { type: "investment", subtype: "529" }],
    ["type other", { type: "other", subtype: "other" }],
    ["type brokerage", { type: "brokerage", subtype: "brokerage" }],
    ["current null", { balances: { ...account.balances, current: null } }],
    [
      "a card in credit (current -40) with no limit",
      { type: "credit", subtype: "credit card", balances: { ...account.balances, current: -40, limit: null } },
    ],
    ["another currency", { balances: { ...account.balances, iso_currency_code: "CAD" } }],
    ["an unofficial currency only", { balances: { ...account.balances, iso_currency_code: null, unofficial_currency_code: "ETH" } }],
  ])("an account with %s", (_name, patch) => {
    expect(acceptsAccount(patch)).toEqual([]);
  });

  it.each([
    ["amount 0", { amount: 0 }],
    ["no personal-finance category", { personal_finance_category: null }],
    [
      "a category with Plaid's newer fields",
      {
        personal_finance_category: { ...txn.personal_finance_category, version: "v2" },
        client_customization: { tags: [] },
        business_finance_category: null,
      },
    ],
    ["an unofficial currency", { iso_currency_code: null, unofficial_currency_code: "BTC" }],
    ["a date in 2030", { date: "2030-01-15" }],
    ["a merchant_name null", { merchant_name: null }],
  ])("a transaction with %s", (_name, patch) => {
    expect(acceptsTxn(patch)).toEqual([]);
  });

  it("a credit liability whose figures Plaid left null", () => {
    const nulls = {
      ...credit,
      last_payment_amount: null,
      last_statement_balance: null,
      minimum_payment_amount: null,
      next_payment_due_date: null,
      is_overdue: null,
      aprs: [],
    };
    const parsed = LiabilitiesSyncBodySchema.parse({ ...liabilitiesGet, liabilities: { ...liabilitiesGet.liabilities, credit: [nulls] } });
    expect(toLiabilityRecord(parsed.liabilities.credit![0]!, "u")).toMatchObject({
      apr_percentage: null,
      minimum_payment_amount: null,
      is_overdue: null,
      next_payment_due_date: null,
    });
  });

  it.each([
    ["NaN as a string", { amount: "NaN" }, "added.0.amount"],
    ["an impossible date", { date: "2023-02-30" }, "added.0.date"],
    ["a 10 KB name", { name: "x".repeat(10_240) }, "added.0.name"],
    ["a payment channel Plaid does not have", { payment_channel: "pigeon" }, "added.0.payment_channel"],
  ])("still refuses %s, naming the field", (_name, patch, path) => {
    expect(acceptsTxn(patch).join("\n")).toContain(path);
  });
});
