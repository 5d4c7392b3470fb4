/**
 * Pulling from Plaid ourselves, against a fake Plaid at the HTTP boundary (test/worker/plaid-fake.ts):
 * an item's token kept sealed, a public_token exchanged, the webhook verified as Plaid documents
 * (a bad or stale one refused, changing nothing), and a pull that restarts on a mutation during
 * pagination and brings the person's new data through to their next answer.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { seedSpender } from "./factories";
import { plaidEnv, plaidFake, plaidExamples, type PlaidFake } from "./plaid-fake";
import { callWithEnv, consume, errorOf, recordingQueue, TEST_PROVIDER_KEYS, withDb } from "./helpers";
import { GenerateSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const userId = "plaid_pull_person";
const itemId = "plaid_pull_item_1";
const card = {
  ...plaidExamples.liabilitiesGet.accounts[1]!,
  account_id: `${userId}_card`,
  balances: { available: 500, current: 4500, iso_currency_code: "USD", limit: 5000, unofficial_currency_code: null },
};
const checking = { ...plaidExamples.accountsGet.accounts[0]!, account_id: `${userId}_chk` };
const purchase = (id: string, amount: number, date: string, detailed = "GENERAL_MERCHANDISE_ELECTRONICS") => ({
  ...plaidExamples.transactionsSync.added[0]!,
  transaction_id: id,
  account_id: card.account_id,
  amount,
  date,
  pending: false,
  pending_transaction_id: null,
  personal_finance_category: {
    primary: detailed.startsWith("BANK_FEES") ? "BANK_FEES" : "GENERAL_MERCHANDISE",
    detailed,
    confidence_level: "HIGH",
  },
});

let plaid: PlaidFake;
beforeAll(async () => {
  plaid = await plaidFake({
    itemId,
    pages: {
      "": { added: [purchase(`${userId}_t1`, 4300, "2026-10-20")], accounts: [card], next_cursor: "cursor-1", has_more: true },
      "cursor-1": {
        added: [purchase(`${userId}_t2`, 61.4, "2026-10-25", "BANK_FEES_INTEREST_CHARGE")],
        next_cursor: "cursor-2",
        has_more: false,
      },
    },
    accounts: [checking, card],
    credit: [{ ...plaidExamples.liabilitiesGet.liabilities.credit[0]!, account_id: card.account_id }],
  });
  vi.stubGlobal("fetch", plaid.fetch);
  await seedSpender(userId);
});
afterAll(() => vi.unstubAllGlobals());

const post = (
  path: string,
  body: unknown,
  env: Record<string, unknown>,
  as: "operator" | null = "operator",
  headers: Record<string, string> = {},
) =>
  callWithEnv(path, env, as, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const itemRow = () =>
  withDb(
    async (h) =>
      (await h.pool.query("select access_token_ciphertext as sealed, cursor from plaid_items where item_id = $1", [itemId])).rows[0] as
        | { sealed: string; cursor: string | null }
        | undefined,
  );
const generate = async (env: Record<string, unknown> = {}) =>
  answerOf(
    await callWithEnv(`/recommendations/generate/${userId}?window_days=30&use_vector_db=false`, env, "operator", { method: "POST" }),
    GenerateSchema,
  );

describe("Plaid not configured", () => {
  it("answers 503 naming the variables, for an item and for a webhook", async () => {
    const item = await post(`/users/${userId}/plaid/items`, { public_token: plaid.publicToken }, {});
    expect(item.status).toBe(503);
    expect((await errorOf(item)).message).toContain("PLAID_CLIENT_ID");
    const hook = await post(
      "/plaid/webhook",
      { webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: itemId },
      {},
      null,
    );
    expect(hook.status).toBe(503);
  });
});

describe("a pull from Plaid", () => {
  it("exchanges a public_token, keeps the access token sealed and never answers it, and enqueues a pull", async () => {
    const sent = recordingQueue();
    const res = await post(`/users/${userId}/plaid/items`, { public_token: plaid.publicToken }, { ...plaidEnv, EMBED_QUEUE: sent.queue });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(JSON.parse(text)).toEqual({ user_id: userId, item_id: itemId, pull_enqueued: true });
    expect(text).not.toContain(TEST_PROVIDER_KEYS.plaidAccessToken);
    const row = await itemRow();
    expect(row?.sealed).toMatch(/^v1\./);
    expect(row?.sealed).not.toContain(TEST_PROVIDER_KEYS.plaidAccessToken);
    expect(atob(row!.sealed.split(".")[2]!)).not.toContain(TEST_PROVIDER_KEYS.plaidAccessToken);
    expect(sent.sent).toEqual([{ kind: "plaid_pull", user_id: userId, item_id: itemId }]);
  });

  it("runs the sync loop (restarting on a mutation during pagination), then accounts and liabilities, and the next answer reflects it", async () => {
    const first = await generate();
    expect(first.persona_type).not.toBe("high_utilization");
    plaid.seen.length = 0;
    plaid.mutateOnce = true;
    const refresh = recordingQueue();
    await consume([{ kind: "plaid_pull", user_id: userId, item_id: itemId }], { ...plaidEnv, EMBED_QUEUE: refresh.queue });
    // Plaid's loop: from no cursor; the mutation on page 2 restarts from the stored cursor (none).
    expect(plaid.seen.map((s) => `${s.path}${s.path === "/transactions/sync" ? `@${String(s.body.cursor ?? "")}` : ""}`)).toEqual([
      "/transactions/sync@",
      "/transactions/sync@cursor-1",
      "/transactions/sync@",
      "/transactions/sync@cursor-1",
      "/accounts/get",
      "/liabilities/get",
    ]);
    expect((await itemRow())?.cursor).toBe("cursor-2");
    const stored = await withDb(
      async (h) =>
        (
          await h.pool.query("select transaction_id, amount::float8 as amount from transactions where account_id = $1 order by 1", [
            card.account_id,
          ])
        ).rows,
    );
    expect(stored).toEqual([
      { transaction_id: `${userId}_t1`, amount: -4300 },
      { transaction_id: `${userId}_t2`, amount: -61.4 },
    ]);
    const liability = await withDb(
      async (h) => (await h.pool.query("select apr_percentage from liabilities where account_id = $1", [card.account_id])).rows,
    );
    expect(liability).toHaveLength(1);
    await consume(refresh.sent);
    const next = await generate();
    expect(next.source).not.toBe("kv_cache");
    expect(next.persona_type).toBe("high_utilization");
  });
});

describe("a pull Plaid does not answer", () => {
  it("is retried with the queue's delay, then parked in the dead-letter queue", async () => {
    const body = { kind: "plaid_pull", user_id: userId, item_id: itemId };
    const dlq = recordingQueue();
    const down = {
      ...plaidEnv,
      PLAID_BASE_URL: "https://sandbox.plaid.com",
      PLAID_SECRET: "fake-plaid-secret-not-the-right-one",
      EMBED_DLQ: dlq.queue,
    };
    const run = async (attempts: number) => {
      const batch = createMessageBatch("spendsense-embeddings", [{ id: `pull-${attempts}`, timestamp: new Date(), attempts, body }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, { ...env, ...down } as never, ctx);
      return getQueueResult(batch, ctx);
    };
    expect((await run(1)).retryMessages.map((m) => m.msgId)).toEqual(["pull-1"]);
    expect(dlq.sent).toEqual([]);
    const last = await run(4);
    expect(last.explicitAcks).toEqual(["pull-4"]);
    expect(dlq.sent).toEqual([{ reason: "max_attempts", message_id: "pull-4", attempts: 4, body }]);
  });
});

describe("POST /plaid/webhook", () => {
  const body = JSON.stringify({
    webhook_type: "TRANSACTIONS",
    webhook_code: "SYNC_UPDATES_AVAILABLE",
    item_id: itemId,
    initial_update_complete: true,
    historical_update_complete: true,
    environment: "sandbox",
  });

  it("verified: SYNC_UPDATES_AVAILABLE enqueues a pull of the item", async () => {
    const sent = recordingQueue();
    const res = await post("/plaid/webhook", body, { ...plaidEnv, EMBED_QUEUE: sent.queue }, null, {
      "plaid-verification": await plaid.sign(body),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toEqual({ received: true, pull_enqueued: true });
    expect(sent.sent).toEqual([{ kind: "plaid_pull", user_id: userId, item_id: itemId }]);
  });

  const refusals: [string, () => Promise<Record<string, string>>, string][] = [
    ["no Plaid-Verification header", async () => ({}), "no Plaid-Verification"],
    [
      "a signature by a key Plaid never published",
      async () => ({ "plaid-verification": await plaid.sign(body, { key: plaid.strangerKey }) }),
      "does not verify",
    ],
    [
      "a JWT issued 6 minutes ago",
      async () => ({ "plaid-verification": await plaid.sign(body, { iatSecondsAgo: 360 }) }),
      "does not verify",
    ],
    [
      "a body other than the one signed",
      async () => ({ "plaid-verification": await plaid.sign(body, { bodyHashOf: body.replace("sandbox", "production") }) }),
      "not the one that was signed",
    ],
    [
      "an HS256 token",
      async () => ({ "plaid-verification": `${btoa(JSON.stringify({ alg: "HS256", kid: plaid.kid })).replace(/=+$/, "")}.e30.c2ln` }),
      "ES256",
    ],
    [
      "a kid Plaid does not know",
      async () => ({
        "plaid-verification": (await plaid.sign(body)).replace(
          /^[^.]+/,
          btoa(JSON.stringify({ alg: "ES256", kid: "unknown-kid" })).replace(/=+$/, ""),
        ),
      }),
      "does not know its key",
    ],
  ];
  it.each(refusals)("refuses %s (401) and enqueues nothing", async (_name, headers, says) => {
    const sent = recordingQueue();
    const res = await post("/plaid/webhook", body, { ...plaidEnv, EMBED_QUEUE: sent.queue }, null, await headers());
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toContain(says);
    expect(sent.sent).toEqual([]);
  });
});
