import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { validateDatasetReferences, type Dataset } from "../../src/domain/dataset";
import { DatasetError, loadDatasetFile, readChangedUsersFile, readDataset, writeChangedUsersFile } from "../../scripts/lib/dataset-loader";
import { IdHashSet } from "../../scripts/lib/dataset/id-hash-set";
import { generateDataset } from "../../scripts/lib/synthetic/dataset-generator";
import { useOwnDatabase } from "./own-database";
import { must } from "../support/must";

const generated = generateDataset({ numUsers: 12, seed: 3, asOf: "2026-11-01" }).dataset;
const dir = mkdtempSync(join(tmpdir(), "load-stream-"));
let files = 0;
/** Write a dataset the way the generator does (one record per line), or any text as given. */
const file = (value: Dataset | string) => {
  const path = join(dir, `d${files++}.json`);
  writeFileSync(
    path,
    typeof value === "string"
      ? value
      : `{${Object.entries(value)
          .map(([k, v]) => `"${k}":[\n${v.map((r: unknown) => JSON.stringify(r)).join(",\n")}\n]`)
          .join(",\n")}}\n`,
  );
  return path;
};
const copy = () => structuredClone(generated);
// Small batches: a bad record late in the file comes after many statements have already run.
const BATCH = 200;

const database = useOwnDatabase();
const db = () => database().db;
const count = async (table: string) =>
  (await db().execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)).rows[0]!.n;
const counts = async () =>
  Object.fromEntries(await Promise.all(["users", "accounts", "transactions", "liabilities"].map(async (t) => [t, await count(t)])));
const sizes = (ds: Dataset) => ({
  users: ds.users.length,
  accounts: ds.accounts.length,
  transactions: ds.transactions.length,
  liabilities: ds.liabilities.length,
});
const EMPTY = { users: 0, accounts: 0, transactions: 0, liabilities: 0 };

beforeEach(async () => {
  await db().execute(sql`truncate users cascade`);
});

describe("data:load streams the file", () => {
  it("loads every record once, reports everyone's data as changed, and a second load changes nothing", async () => {
    const path = file(generated);
    const first = await loadDatasetFile(database(), path, { batchSize: BATCH });
    expect(first.inserted).toEqual(sizes(generated));
    expect(first.unchanged).toEqual(EMPTY);
    expect(first.changedUserIds).toEqual(generated.users.map((u) => u.user_id).sort());
    expect(await counts()).toEqual(sizes(generated));

    const checksum = async () =>
      must(
        (
          await db().execute<{ c: string }>(
            sql`select md5(string_agg(transaction_id || amount::text || date::text, ',' order by transaction_id)) as c from transactions`,
          )
        ).rows[0]?.c,
        "a checksum of no transactions",
      );
    const before = await checksum();
    const second = await loadDatasetFile(database(), path, { batchSize: BATCH });
    expect(second.inserted).toEqual(EMPTY);
    expect(second.unchanged).toEqual(sizes(generated));
    expect(second.changedUserIds).toEqual([]);
    expect(await checksum()).toBe(before);
  });

  it("records each new person's initial consent once (not for pending), and no more on a second load or an upsert", async () => {
    const path = file(generated);
    const events = async () =>
      (
        await db().execute<{ user_id: string; action: string; actor: string }>(
          sql`select user_id, action, actor from consent_events order by user_id, id`,
        )
      ).rows;
    await loadDatasetFile(database(), path, { batchSize: BATCH });
    const expected = generated.users
      .filter((u) => u.consent_status !== "pending")
      .map((u) => ({ user_id: u.user_id, action: u.consent_status === "granted" ? "grant" : "revoke", actor: "import" }))
      .sort((a, b) => a.user_id.localeCompare(b.user_id));
    expect(await events()).toEqual(expected);
    await loadDatasetFile(database(), path, { batchSize: BATCH });
    await loadDatasetFile(database(), path, { batchSize: BATCH, upsert: true });
    expect(await events()).toEqual(expected);
  });

  it("reads what readDataset reads from the same file", async () => {
    expect(await readDataset(file(generated))).toEqual(generated);
  });

  it.each([
    [
      "an unknown account in the last transaction",
      (ds: Dataset) => {
        ds.transactions.at(-1)!.account_id = "acc_x";
      },
      (ds: Dataset) =>
        new RegExp(
          `transactions\\[${ds.transactions.length - 1}\\] \\(${ds.transactions.at(-1)!.transaction_id}\\): .*unknown account acc_x`,
        ),
    ],
    [
      "a bad amount in the last transaction",
      (ds: Dataset) => {
        (ds.transactions.at(-1) as { amount: unknown }).amount = "12";
      },
      (ds: Dataset) => new RegExp(`transactions\\.${ds.transactions.length - 1}\\.amount \\(${ds.transactions.at(-1)!.transaction_id}\\)`),
    ],
    [
      "a transaction id repeated near the end",
      (ds: Dataset) => {
        ds.transactions.at(-1)!.transaction_id = ds.transactions[3]!.transaction_id;
      },
      (ds: Dataset) =>
        new RegExp(`transactions\\[${ds.transactions.length - 1}\\] \\(${ds.transactions[3]!.transaction_id}\\): duplicate transaction_id`),
    ],
    [
      "a liability on a checking account, last in the file",
      (ds: Dataset) => {
        const l = ds.liabilities.at(-1)!;
        l.account_id = ds.accounts.find((a) => a.user_id === l.user_id && a.type === "depository")!.account_id;
      },
      (ds: Dataset) =>
        new RegExp(`liabilities\\[${ds.liabilities.length - 1}\\] \\(${ds.liabilities.at(-1)!.liability_id}\\): .*not a credit card`),
    ],
  ])("refuses %s, naming it, after many batches, and writes nothing", async (_name, spoil, names) => {
    const ds = copy();
    spoil(ds);
    const path = file(ds);
    const err = await loadDatasetFile(database(), path, { batchSize: BATCH }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetError);
    expect((err as Error).message).toMatch(names(ds));
    expect((err as Error).message).toMatch(/nothing was written/);
    expect(await counts()).toEqual(EMPTY);
  });

  it("rolls back the batches already written when the database refuses a row late in the file", async () => {
    const ds = copy();
    // Valid for the file format, too large for numeric(18,6): only the database can refuse it.
    ds.transactions.at(-1)!.amount = 1e13;
    await expect(loadDatasetFile(database(), file(ds), { batchSize: BATCH })).rejects.toThrow();
    expect(await counts()).toEqual(EMPTY);
  });

  it.each([
    ["not an object", "[1, 2]", /must be one JSON object/],
    ["keys out of order", '{"accounts":[],"users":[],"transactions":[],"liabilities":[]}', /"accounts" comes where "users" should/],
    ["an unknown key", '{"users":[],"people":[]}', /unknown top-level key "people"/],
    ["a collection that is not an array", '{"users":{},"accounts":[],"transactions":[],"liabilities":[]}', /"users" must be an array/],
    ["a missing collection", '{"users":[],"accounts":[],"transactions":[]}', /"liabilities" is missing/],
    ["a truncated file", '{"users":[{"user_id":"u"', /not valid JSON/],
    ["trailing text", '{"users":[],"accounts":[],"transactions":[],"liabilities":[]} x', /not valid JSON/],
    ["an empty file", "", /not valid JSON/],
  ])("refuses %s", async (_name, text, message) => {
    await expect(loadDatasetFile(database(), file(text))).rejects.toThrow(message);
    await expect(readDataset(file(text))).rejects.toThrow(DatasetError);
  });

  it("finds, record by record, the same reference problems as validateDatasetReferences on the whole dataset", async () => {
    const ds = copy();
    ds.accounts.splice(3, 0, { ...ds.accounts[0]! });
    ds.transactions[40]!.user_id = ds.users[5]!.user_id;
    ds.transactions[90]!.transaction_id = ds.transactions[10]!.transaction_id;
    const card = ds.liabilities[0]!;
    ds.liabilities.push({ ...card, liability_id: "liab_second" });
    const expected = validateDatasetReferences(ds).map((p) => `${p.collection}[${p.index}] (${p.id}): ${p.message}`);
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(expected.length).toBeLessThanOrEqual(5);
    const message = ((await readDataset(file(ds)).catch((e: unknown) => e)) as Error).message;
    expect(
      message
        .split("\n")
        .slice(1)
        .map((l) => l.trim())
        .sort(),
    ).toEqual(expected.sort());
  });

  it("refuses a file it cannot read", async () => {
    await expect(loadDatasetFile(database(), join(dir, "nope.json"))).rejects.toThrow(/cannot read/);
  });
});

describe("data:load --upsert", () => {
  it("updates changed rows, inserts new ones, reports whose financial data changed, never touches consent, and a second run changes nothing", async () => {
    await loadDatasetFile(database(), file(generated));
    const ds = copy();
    const [u0, u1, u2, u3] = ds.users.map((u) => u.user_id) as [string, string, string, string];
    const byUser = (id: string) => ({
      account: ds.accounts.find((a) => a.user_id === id)!,
      txn: ds.transactions.find((t) => t.user_id === id)!,
    });
    // u0: a new name and email, and a consent change the loader must ignore: not financial data.
    ds.users[0]!.full_name = "Renamed Person";
    ds.users[0]!.email = "renamed@example.com";
    ds.users[0]!.consent_status = ds.users[0]!.consent_status === "granted" ? "revoked" : "granted";
    // u1: a balance; u2: an amount; u3: a new transaction.
    byUser(u1).account.balance_current += 10;
    byUser(u2).txn.amount = -123.45;
    ds.transactions.push({ ...byUser(u3).txn, transaction_id: "txn_new_1", amount: -9.99 });
    // Another card holder's card: its APR.
    const liability = ds.liabilities.find((l) => ![u0, u1, u2, u3].includes(l.user_id))!;
    liability.apr_percentage = 11.11;

    const result = await loadDatasetFile(database(), file(ds), { upsert: true, batchSize: BATCH });
    expect(result.counts.users).toEqual({ inserted: 0, updated: 1, unchanged: ds.users.length - 1 });
    expect(result.counts.accounts).toEqual({ inserted: 0, updated: 1, unchanged: ds.accounts.length - 1 });
    expect(result.counts.transactions).toEqual({ inserted: 1, updated: 1, unchanged: ds.transactions.length - 2 });
    expect(result.counts.liabilities).toEqual({ inserted: 0, updated: 1, unchanged: ds.liabilities.length - 1 });
    expect(result.changedUserIds).toEqual([u1, u2, u3, liability.user_id].sort());
    expect(result.changedUserIds).not.toContain(u0);
    const listed = join(dir, "changed.txt");
    await writeChangedUsersFile(listed, result.changedUserIds);
    expect(await readChangedUsersFile(listed)).toEqual(result.changedUserIds);

    const user = (
      await db().execute<{ full_name: string; email: string; consent_status: string }>(
        sql`select full_name, email, consent_status from users where user_id = ${u0}`,
      )
    ).rows[0]!;
    expect(user).toEqual({ full_name: "Renamed Person", email: "renamed@example.com", consent_status: generated.users[0]!.consent_status });
    const amount = (
      await db().execute<{ amount: string }>(
        sql`select amount::float8::text as amount from transactions where transaction_id = ${byUser(u2).txn.transaction_id}`,
      )
    ).rows[0]!;
    expect(amount.amount).toBe("-123.45");

    const again = await loadDatasetFile(database(), file(ds), { upsert: true, batchSize: BATCH });
    expect(again.inserted).toEqual(EMPTY);
    expect(again.updated).toEqual(EMPTY);
    expect(again.unchanged).toEqual(sizes(ds));
    expect(again.changedUserIds).toEqual([]);
  });

  it("without --upsert, existing rows stay as they are and only new ones count as changes", async () => {
    await loadDatasetFile(database(), file(generated));
    const ds = copy();
    ds.transactions[0]!.amount = -1;
    const result = await loadDatasetFile(database(), file(ds));
    expect(result.updated).toEqual(EMPTY);
    expect(result.changedUserIds).toEqual([]);
    const { amount } = (
      await db().execute<{ amount: number }>(
        sql`select amount::float8 as amount from transactions where transaction_id = ${ds.transactions[0]!.transaction_id}`,
      )
    ).rows[0]!;
    expect(amount).toBe(generated.transactions[0]!.amount);
  });

  it("refuses to move a transaction to another person's account, naming it, and writes nothing", async () => {
    await loadDatasetFile(database(), file(generated));
    const ds = copy();
    const moved = ds.transactions.at(-1)!;
    const other = ds.accounts.find((a) => a.user_id !== moved.user_id)!;
    moved.account_id = other.account_id;
    moved.user_id = other.user_id;
    ds.users[1]!.full_name = "Not Written";
    await expect(loadDatasetFile(database(), file(ds), { upsert: true, batchSize: BATCH })).rejects.toThrow(
      new RegExp(
        `transactions\\[${ds.transactions.length - 1}\\] \\(${moved.transaction_id}\\): already in the database with another account_id`,
      ),
    );
    const { n } = (await db().execute<{ n: number }>(sql`select count(*)::int as n from users where full_name = 'Not Written'`)).rows[0]!;
    expect(n).toBe(0);
  });
});

describe("IdHashSet", () => {
  it("says 'new' for 200,000 distinct ids and 'seen' for each of them again", () => {
    const set = new IdHashSet();
    const ids = Array.from({ length: 200_000 }, (_, i) => `txn_${String(i >> 8).padStart(5, "0")}_${String(i & 255).padStart(4, "0")}`);
    expect(ids.filter((id) => set.add(id))).toEqual([]);
    expect(ids.every((id) => set.add(id))).toBe(true);
    expect(set.size).toBe(200_000);
  });
});
