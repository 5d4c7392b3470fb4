/**
 * New bank data in Plaid's shapes (`/transactions/sync`, `/accounts/get`, `/liabilities/get`):
 * applied all or nothing, idempotent, and carried through everything derived from it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { call, consume, errorOf, postJson, recordingQueue, callWithEnv, withDb } from "./helpers";
import { seedSpender } from "./factories";
import { GenerateSchema, SyncSchema, TokenSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

/** A Plaid transaction (positive amount: money out, as Plaid has it). */
const plaidTxn = (
  id: string,
  accountId: string,
  amount: number,
  date: string,
  primary: string,
  detailed: string,
  merchant: string | null = null,
) => ({
  transaction_id: id,
  account_id: accountId,
  amount,
  iso_currency_code: "USD",
  unofficial_currency_code: null,
  date,
  name: merchant ?? "Card activity",
  merchant_name: merchant,
  payment_channel: "online",
  pending: false,
  pending_transaction_id: null,
  account_owner: null,
  authorized_date: date,
  authorized_datetime: null,
  datetime: null,
  location: { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null },
  payment_meta: {
    reference_number: null,
    ppd_id: null,
    payee: null,
    by_order_of: null,
    payer: null,
    payment_method: null,
    payment_processor: null,
    reason: null,
  },
  transaction_code: null,
  personal_finance_category: { primary, detailed, confidence_level: "VERY_HIGH" },
});

const card = (userId: string) => ({
  account_id: `acc_${userId}_card`,
  balances: { available: 500, current: 4500, limit: 5000, iso_currency_code: "USD", unofficial_currency_code: null },
  mask: "7731",
  name: "Everyday Card",
  official_name: null,
  type: "credit",
  subtype: "credit card",
});

const syncBody = (userId: string) => ({
  added: [
    plaidTxn(
      `${userId}_plaid_1`,
      `acc_${userId}_card`,
      4300,
      "2026-10-20",
      "GENERAL_MERCHANDISE",
      "GENERAL_MERCHANDISE_ELECTRONICS",
      "Volt Electronics",
    ),
    plaidTxn(`${userId}_plaid_2`, `acc_${userId}_card`, 61.4, "2026-10-25", "BANK_FEES", "BANK_FEES_INTEREST_CHARGE"),
  ],
  modified: [],
  removed: [],
  accounts: [card(userId)],
  next_cursor: "cursor-1",
  has_more: false,
  transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
  request_id: "req-1",
});

const generate = async (userId: string, overrides: Record<string, unknown> = {}) =>
  answerOf(
    await callWithEnv(`/recommendations/generate/${userId}?window_days=30&use_vector_db=false`, overrides, "operator", { method: "POST" }),
    GenerateSchema,
  );

/** The person's transactions; a person with none is an error here, so "nothing changed" compares real rows. */
const transactionsOf = (userId: string) =>
  withDb(async (h) => {
    const { rows } = await h.pool.query(
      "select transaction_id, amount::float8 as amount, merchant_name from transactions where user_id = $1 order by 1",
      [userId],
    );
    if (!rows.length) throw new Error(`transactionsOf(${userId}): the person has no transactions`);
    return rows;
  });

describe("POST /users/:user_id/transactions/sync", () => {
  it("changes the persona and the next answer; nothing of the old set is served from KV or offered by the index", async () => {
    const userId = "sync_person_1";
    await seedSpender(userId);
    const { sent, queue } = recordingQueue();
    const first = await generate(userId, { EMBED_QUEUE: queue });
    expect((await generate(userId)).source).toBe("kv_cache");
    await consume(sent);
    const contextId = `context_${userId}_30`;
    const contexts = () => withDb(async (h) => (await h.pool.query("select id from vectors where id = $1", [contextId])).rows);
    expect(await contexts()).toHaveLength(1);

    const sync = recordingQueue();
    const res = await callWithEnv(`/users/${userId}/transactions/sync`, { EMBED_QUEUE: sync.queue }, "operator", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(syncBody(userId)),
    });
    const outcome = await answerOf(res, SyncSchema);
    expect(outcome).toMatchObject({ changed: true, transactions: { inserted: 2 }, accounts: { inserted: 1 } });
    expect(outcome.personas["30"]).toEqual({ before: first.persona_type, after: "high_utilization" });
    expect(outcome.withdrawn_recommendations).toBeGreaterThanOrEqual(first.recommendations.length);
    // Plaid's sign flipped to ours: money out is negative.
    expect((await transactionsOf(userId)).find((t) => t.transaction_id === `${userId}_plaid_1`)).toMatchObject({
      amount: -4300,
      merchant_name: "Volt Electronics",
    });

    // The context vector is rebuilt through the queue: nothing of the old set is reusable, so it is gone.
    expect(sync.sent).toEqual(expect.arrayContaining([{ kind: "refresh_context", user_id: userId, window_days: 30 }]));
    await consume(sync.sent);
    expect(await contexts()).toEqual([]);

    const next = await generate(userId);
    expect(next.source).not.toBe("kv_cache");
    expect(next.persona_type).toBe("high_utilization");
    const old = new Set(first.recommendations.map((r) => r.id));
    expect(next.recommendations.some((r) => old.has(r.id))).toBe(false);
  });

  it("is idempotent by transaction_id: the same page again changes nothing and retires nothing", async () => {
    const userId = "sync_person_2";
    await seedSpender(userId);
    const send = () => postJson(`/users/${userId}/transactions/sync`, syncBody(userId));
    expect((await send()).status).toBe(200);
    await generate(userId);
    const again = await answerOf(await send(), SyncSchema);
    expect(again).toMatchObject({ changed: false, transactions: { inserted: 0, unchanged: 2 } });
    expect((await generate(userId)).source).toBe("kv_cache");
  });

  it("applies modified and removed, and accounts and liabilities in their own shapes", async () => {
    const userId = "sync_person_3";
    await seedSpender(userId);
    await postJson(`/users/${userId}/transactions/sync`, syncBody(userId));
    const modified = {
      ...syncBody(userId),
      added: [],
      modified: [
        plaidTxn(
          `${userId}_plaid_1`,
          `acc_${userId}_card`,
          4100,
          "2026-10-20",
          "GENERAL_MERCHANDISE",
          "GENERAL_MERCHANDISE_ELECTRONICS",
          "Volt Electronics",
        ),
      ],
      removed: [{ transaction_id: `${userId}_plaid_2`, account_id: `acc_${userId}_card` }],
    };
    const res = await answerOf(await postJson(`/users/${userId}/transactions/sync`, modified), SyncSchema);
    expect(res.transactions).toMatchObject({ updated: 1, removed: 1 });
    const rows = await transactionsOf(userId);
    expect(rows.find((t) => t.transaction_id === `${userId}_plaid_1`)?.amount).toBe(-4100);
    expect(rows.some((t) => t.transaction_id === `${userId}_plaid_2`)).toBe(false);

    const balances = { ...card(userId), balances: { ...card(userId).balances, current: 1200, available: 3800 } };
    const accounts = await postJson(`/users/${userId}/accounts/sync`, {
      accounts: [balances],
      item: { item_id: "item-1" },
      request_id: "req-2",
    });
    expect((await answerOf(accounts, SyncSchema)).accounts.updated).toBe(1);
    const liability = {
      account_id: `acc_${userId}_card`,
      aprs: [{ apr_percentage: 27.99, apr_type: "purchase_apr", balance_subject_to_apr: 1200, interest_charge_amount: 28 }],
      is_overdue: false,
      last_payment_amount: 35,
      last_payment_date: "2026-10-15",
      last_statement_issue_date: "2026-10-10",
      last_statement_balance: 1200,
      minimum_payment_amount: 35,
      next_payment_due_date: "2026-11-05",
    };
    const liabilities = await postJson(`/users/${userId}/liabilities/sync`, {
      accounts: [balances],
      item: { item_id: "item-1" },
      liabilities: { credit: [liability], mortgage: null, student: null },
      request_id: "req-3",
    });
    expect((await answerOf(liabilities, SyncSchema)).liabilities.inserted).toBe(1);
    const stored = await withDb(
      async (h) =>
        (
          await h.pool.query("select apr_percentage, minimum_payment_amount::float8 as minimum from liabilities where account_id = $1", [
            `acc_${userId}_card`,
          ])
        ).rows,
    );
    expect(stored).toEqual([{ apr_percentage: 27.99, minimum: 35 }]);
  });
});

describe("POST /users/:user_id/transactions/sync, refused whole", () => {
  const userId = "sync_person_hostile";
  const other = "sync_other_owner";
  beforeAll(async () => {
    await seedSpender(other);
    expect((await postJson(`/users/${other}/accounts/sync`, { accounts: [card(other)] })).status).toBe(200);
  });
  const bad: [string, (b: ReturnType<typeof syncBody>) => unknown, number, string][] = [
    ["an amount that is not a number", (b) => ({ ...b, added: [{ ...b.added[0]!, amount: "NaN" }] }), 400, "body.added[0].amount"],
    ["an impossible date", (b) => ({ ...b, added: [{ ...b.added[0]!, date: "2026-02-30" }] }), 400, "body.added[0].date"],
    ["a 10 KB string", (b) => ({ ...b, added: [{ ...b.added[0]!, name: "x".repeat(10_240) }] }), 400, "body.added[0].name"],
    [
      "a currency code that is not ISO 4217",
      (b) => ({ ...b, added: [{ ...b.added[0]!, iso_currency_code: "usd" }] }),
      400,
      "body.added[0].iso_currency_code",
    ],
    [
      "a subtype not on Plaid's list",
      (b) => ({ ...b, accounts: [{ ...b.accounts[0]!, subtype: "piggy bank" }] }),
      400,
      "body.accounts[0].subtype",
    ],
    ["a mask longer than Plaid's", (b) => ({ ...b, accounts: [{ ...b.accounts[0]!, mask: "12345" }] }), 400, "body.accounts[0].mask"],
    [
      "a payment channel not on Plaid's list",
      (b) => ({ ...b, added: [{ ...b.added[0]!, payment_channel: "telepathy" }] }),
      400,
      "body.added[0].payment_channel",
    ],
    [
      "a detail of another primary",
      (b) => ({ ...b, added: [{ ...b.added[0]!, personal_finance_category: { primary: "BANK_FEES", detailed: "INCOME_WAGES" } }] }),
      400,
      "does not belong",
    ],
    // Named as the body (and the document) has it, not as the stored record's column.
    [
      "a detail of another primary, by its name in the body",
      (b) => ({ ...b, added: [{ ...b.added[0]!, personal_finance_category: { primary: "BANK_FEES", detailed: "INCOME_WAGES" } }] }),
      400,
      "body.added[0].personal_finance_category.detailed",
    ],
    ["an unknown account", (b) => ({ ...b, accounts: [], added: [{ ...b.added[0]!, account_id: "acc_nobody" }] }), 400, "acc_nobody"],
    [
      "another person's account",
      (b) => ({ ...b, accounts: [], added: [{ ...b.added[0]!, account_id: `acc_${other}_card` }] }),
      400,
      "another person",
    ],
    ["one id twice", (b) => ({ ...b, added: [b.added[0], b.added[0]] }), 400, "more than once"],
    ["no removed list", ({ removed: _removed, ...b }) => b, 400, "removed"],
  ];

  it.each(bad)("%s → 400 naming it, and nothing written", async (_name, mutate, status, names) => {
    await seedSpender(userId);
    const before = await transactionsOf(userId);
    const res = await postJson(`/users/${userId}/transactions/sync`, mutate(syncBody(userId)));
    expect(res.status).toBe(status);
    const error = await errorOf(res);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain(names);
    expect(await transactionsOf(userId)).toEqual(before);
  });

  it("refuses a number JSON cannot hold (1e400 parses to Infinity) and a body over 1 MiB, naming them", async () => {
    await seedSpender(userId);
    const before = await transactionsOf(userId);
    const text = JSON.stringify(syncBody(userId)).replace('"amount":4300', '"amount":1e400');
    const infinite = await call(`/users/${userId}/transactions/sync`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
    });
    expect(infinite.status).toBe(400);
    expect((await errorOf(infinite)).message).toContain("body.added[0].amount");
    const huge = { ...syncBody(userId), request_id: "r", padding: "x".repeat(1024 * 1024) };
    const tooBig = await postJson(`/users/${userId}/transactions/sync`, huge);
    expect(tooBig.status).toBe(413);
    expect(await transactionsOf(userId)).toEqual(before);
  });

  it("refuses a token bound to the person (403), takes the service token, and 404s an unknown person", async () => {
    await seedSpender(userId);
    const minted = await answerOf(await call(`/users/${userId}/token`, { method: "POST" }), TokenSchema, 201);
    const init = (token: string | null) => ({
      method: "POST",
      as: null,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(syncBody(userId)),
    });
    const before = await transactionsOf(userId);
    const bound = await call(`/users/${userId}/transactions/sync`, init(minted.token));
    expect(bound.status).toBe(403);
    expect(await transactionsOf(userId)).toEqual(before);
    const asService = await call(`/users/${userId}/transactions/sync`, { ...init(null), as: "user" });
    expect(asService.status).toBe(200);
    const unknown = await postJson("/users/nobody_for_sync/transactions/sync", { ...syncBody("nobody_for_sync"), accounts: [] });
    expect(unknown.status).toBe(404);
  });
});
