/**
 * Plaid's bodies as Plaid sends them, through the push routes, and /transactions/sync as Plaid
 * documents it: Plaid's own examples verbatim (test/fixtures/plaid/), their documented variants,
 * the cursor kept per item, one recompute after has_more: false, pending settled by posted, a
 * transaction dated in 2030, and withdrawn recommendations listed as withdrawn.
 */
import { describe, expect, it } from "vitest";
import accountsGet from "../fixtures/plaid/accounts-get.json";
import liabilitiesGet from "../fixtures/plaid/liabilities-get.json";
import transactionsSync from "../fixtures/plaid/transactions-sync.json";
import { seedSpender, seedUsers } from "./factories";
import { call, callWithEnv, postJson, withDb } from "./helpers";
import { GenerateSchema, PageSyncSchema, ProfileSchema, RecommendationListSchema, SyncSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const rows = (query: string, params: unknown[]) => withDb(async (h) => (await h.pool.query(query, params)).rows);
const amountsOf = async (userId: string) =>
  Object.fromEntries(
    (await rows("select transaction_id, amount::float8 as amount from transactions where user_id = $1", [userId])).map((r) => [
      r.transaction_id,
      r.amount,
    ]),
  );

/** A Plaid transaction, built from Plaid's own example (so every field Plaid sends is there). */
const txn = (id: string, accountId: string, amount: number, date: string, extra: Record<string, unknown> = {}) => ({
  ...transactionsSync.added[0],
  transaction_id: id,
  account_id: accountId,
  amount,
  date,
  pending: false,
  pending_transaction_id: null,
  ...extra,
});
const page = (cursor: string, parts: { added?: unknown[]; modified?: unknown[]; removed?: unknown[]; has_more?: boolean }) => ({
  added: [],
  modified: [],
  removed: [],
  next_cursor: cursor,
  has_more: false,
  ...parts,
});
const checkingOf = (userId: string) => `acc_${userId}_chk`;
const checking = (userId: string) => ({ ...transactionsSync.accounts[0], account_id: checkingOf(userId) });

describe("Plaid's example responses, verbatim", () => {
  it("are each accepted, and stored at Plaid's precision with Plaid's nulls", async () => {
    const userId = "plaid_fixture_person";
    await seedUsers([userId]);
    await answerOf(await postJson(`/users/${userId}/accounts/sync`, accountsGet), SyncSchema);
    await answerOf(await postJson(`/users/${userId}/liabilities/sync`, liabilitiesGet), SyncSchema);
    const page = await answerOf(await postJson(`/users/${userId}/transactions/sync`, transactionsSync), PageSyncSchema);
    expect(page).toMatchObject({ changed: true, sync: { page: "applied", recomputed: true } });
    const [k401] = await rows(
      "select balance_current::float8 as current, balance_current = 23631.9805 as exact from accounts where account_id = $1",
      ["6PdjjRP6LmugpBy5NgQvUqpRXMWxzktg3rwrk"],
    );
    expect(k401).toEqual({ current: 23631.9805, exact: true });
    // The Walmart purchase settles its pending transaction; the modified DoorDash one is stored.
    const amounts = await amountsOf(userId);
    expect(amounts).toMatchObject({ lPNjeW1nR6CDn5okmGQ6hEpMo4lLNoSrzqDje: -72.1, yhnUVvtcGGcCKU0bcz8PDQr5ZUxUXebUvbKC0: -28.34 });
  });
});

describe("variants Plaid's schema allows, through the routes", () => {
  it("masks 12 and A1B2, null subtype and balance, a card in credit with no limit, amount 0, other currencies: stored, and the profile says what it left out", async () => {
    const userId = "plaid_variant_person";
    await seedSpender(userId);
    const base = transactionsSync.accounts[0]!;
    const accounts = [
      { ...base, account_id: `${userId}_a1`, mask: "12", subtype: null, balances: { ...base.balances, current: null } },
      {
        ...base,
        account_id: `${userId}_a2`,
        mask: "A1B2",
        type: "credit",
        subtype: "credit card",
        balances: { ...base.balances, available: null, current: -40, limit: null },
      },
      {
        ...base,
        account_id: `${userId}_a3`,
        mask: null,
        type: "investment",
        subtype: "roth 401k",
        balances: { ...base.balances, iso_currency_code: "CAD" },
      },
      { ...base, account_id: `${userId}_a4`, type: "other", subtype: "paypal", extra_field_from_2031: true },
      { ...base, account_id: `${userId}_a5`, type: "brokerage", subtype: "529" },
      { ...base, account_id: `${userId}_a6`, type: "depository", subtype: "prepaid" },
      { ...base, account_id: `${userId}_a7`, type: "investment", subtype: "403B" },
    ];
    const added = [
      txn(`${userId}_t0`, `${userId}_a2`, 0, "2026-10-30"),
      txn(`${userId}_t1`, `${userId}_a1`, 12.5, "2026-10-30", {
        iso_currency_code: null,
        unofficial_currency_code: "BTC",
        personal_finance_category: null,
      }),
      txn(`${userId}_t2`, `${userId}_a1`, 19.99, "2026-10-30", {
        personal_finance_category: {
          primary: "ENTERTAINMENT",
          detailed: "ENTERTAINMENT_TV_AND_MOVIES",
          confidence_level: "HIGH",
          version: "v2",
        },
        client_customization: {},
        business_finance_category: null,
      }),
    ];
    const res = await answerOf(
      await postJson(`/users/${userId}/transactions/sync`, { ...page("v1", { added }), accounts }),
      PageSyncSchema,
    );
    expect(res).toMatchObject({ accounts: { inserted: 7 }, transactions: { inserted: 3 } });
    const profile = await answerOf(await call(`/users/${userId}/profile`), ProfileSchema);
    expect(profile.windows["30"]!.signals.coverage).toMatchObject({
      currency: "USD",
      other_currency_accounts: 1,
      other_currency_transactions: 1,
      accounts_without_balance: 1,
      cards_without_limit: 1,
    });
  });

  it("keeps aprs: [] as an APR not reported, never as 0%", async () => {
    const userId = "plaid_no_apr_person";
    await seedUsers([userId]);
    const card = { ...liabilitiesGet.accounts[1]!, account_id: `${userId}_card` };
    const credit = {
      ...liabilitiesGet.liabilities.credit[0]!,
      account_id: card.account_id,
      aprs: [],
      is_overdue: null,
      last_payment_amount: null,
      minimum_payment_amount: null,
      last_statement_balance: null,
      next_payment_due_date: null,
    };
    await answerOf(
      await postJson(`/users/${userId}/liabilities/sync`, {
        ...liabilitiesGet,
        accounts: [card],
        liabilities: { credit: [credit], mortgage: null, student: null },
      }),
      SyncSchema,
    );
    const [stored] = await rows("select apr_percentage, is_overdue from liabilities where account_id = $1", [card.account_id]);
    expect(stored).toEqual({ apr_percentage: null, is_overdue: null });
  });
});

describe("/transactions/sync semantics", () => {
  it("keeps the cursor per item: an older page replayed after a newer one changes nothing and says so", async () => {
    const userId = "plaid_cursor_person";
    await seedUsers([userId]);
    const acc = checking(userId);
    const first = page("c1", { added: [txn(`${userId}_x`, acc.account_id, 10, "2026-10-20")] });
    const second = page("c2", { modified: [txn(`${userId}_x`, acc.account_id, 20, "2026-10-20")] });
    await answerOf(await postJson(`/users/${userId}/transactions/sync?item_id=item_a`, { ...first, accounts: [acc] }), PageSyncSchema);
    await answerOf(await postJson(`/users/${userId}/transactions/sync?item_id=item_a`, second), PageSyncSchema);
    const replay = await answerOf(await postJson(`/users/${userId}/transactions/sync?item_id=item_a`, first), PageSyncSchema);
    expect(replay).toMatchObject({ changed: false, sync: { page: "older" } });
    expect((await amountsOf(userId))[`${userId}_x`]).toBe(-20);
    // Another item's cursors are its own: the same cursor there is a first page, applied.
    const other = await answerOf(await postJson(`/users/${userId}/transactions/sync?item_id=item_b`, page("c1", {})), PageSyncSchema);
    expect(other.sync.page).toBe("applied");
  });

  it("recomputes and withdraws once, after the page with has_more: false, and lists withdrawn recommendations as withdrawn", async () => {
    const userId = "plaid_paging_person";
    await seedSpender(userId);
    const served = await answerOf(
      await callWithEnv(`/recommendations/generate/${userId}?window_days=30&use_vector_db=false`, {}, "operator", { method: "POST" }),
      GenerateSchema,
    );
    expect(served.recommendations.length).toBeGreaterThan(0);
    const acc = checking(userId);
    const p1 = await answerOf(
      await postJson(`/users/${userId}/transactions/sync`, {
        ...page("p1", { added: [txn(`${userId}_big`, acc.account_id, 2500, "2026-10-28")], has_more: true }),
        accounts: [acc],
      }),
      PageSyncSchema,
    );
    expect(p1).toMatchObject({ changed: true, withdrawn_recommendations: 0, sync: { recomputed: false } });
    const listed = async () =>
      (await answerOf(await call(`/recommendations/${userId}`), RecommendationListSchema)).recommendations.filter((r) =>
        served.recommendations.some((s) => s.id === r.id),
      );
    expect((await listed()).every((r) => r.status !== "withdrawn")).toBe(true);
    // The last page changes nothing itself, and still carries the earlier pages' change through.
    const p2 = await answerOf(await postJson(`/users/${userId}/transactions/sync`, page("p2", {})), PageSyncSchema);
    expect(p2.sync.recomputed).toBe(true);
    expect(p2.withdrawn_recommendations).toBeGreaterThanOrEqual(served.recommendations.length);
    expect((await listed()).map((r) => r.status)).toEqual(served.recommendations.map(() => "withdrawn"));
  });

  it("settles a pending transaction through pending_transaction_id, even when Plaid does not list it in removed", async () => {
    const userId = "plaid_pending_person";
    await seedUsers([userId]);
    const acc = checking(userId);
    await answerOf(
      await postJson(`/users/${userId}/transactions/sync`, {
        ...page("q1", { added: [txn(`${userId}_pending`, acc.account_id, 42, "2026-10-25", { pending: true })] }),
        accounts: [acc],
      }),
      PageSyncSchema,
    );
    await answerOf(
      await postJson(
        `/users/${userId}/transactions/sync`,
        page("q2", { added: [txn(`${userId}_posted`, acc.account_id, 42, "2026-10-26", { pending_transaction_id: `${userId}_pending` })] }),
      ),
      PageSyncSchema,
    );
    expect(await amountsOf(userId)).toEqual({ [`${userId}_posted`]: -42 });
  });

  it("stores a transaction dated 2030 without moving as_of past today", async () => {
    const userId = "plaid_future_person";
    await seedSpender(userId);
    const acc = checking(userId);
    await answerOf(
      await postJson(`/users/${userId}/transactions/sync`, {
        ...page("f1", { added: [txn(`${userId}_2030`, acc.account_id, 5000, "2030-01-15")] }),
        accounts: [acc],
      }),
      PageSyncSchema,
    );
    expect(Object.keys(await amountsOf(userId))).toContain(`${userId}_2030`);
    const profile = await answerOf(await call(`/users/${userId}/profile`), ProfileSchema);
    const today = new Date().toISOString().slice(0, 10);
    for (const w of ["30", "180"] as const) {
      expect(profile.windows[w].signals.as_of <= today).toBe(true);
      expect(profile.windows[w].signals.coverage?.transactions_after_as_of).toBe(1);
    }
  });
});
