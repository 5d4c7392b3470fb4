import { mkdtempSync, writeFileSync } from "node:fs";
import { useOwnDatabase } from "./own-database";
import { must } from "../support/must";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { assignPersona } from "../../src/domain/personas";
import { computeSignals } from "../../src/domain/compute-signals";
import { validateScaledData } from "../../scripts/lib/data-validation";
import { DatasetError, loadDataset, readDataset } from "../../scripts/lib/dataset-loader";
import { generateDataset } from "../../scripts/lib/synthetic/dataset-generator";

const AS_OF = "2026-11-01";
const generated = generateDataset({ numUsers: 60, seed: 7, asOf: AS_OF });
const dir = mkdtempSync(join(tmpdir(), "pipeline-"));
const writeJson = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
  return path;
};

// A database of its own: these tests count and tamper with every row.
const database = useOwnDatabase();

const count = async (table: string) =>
  (await database().db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)).rows[0]!.n;

describe("the generated population, read by the domain", () => {
  it("assigns every generated person the persona it was generated for, in both windows", () => {
    const byUser = Map.groupBy(generated.dataset.transactions, (t) => t.user_id);
    const mismatches: string[] = [];
    generated.dataset.users.forEach((user, i) => {
      const data = {
        accounts: generated.dataset.accounts.filter((a) => a.user_id === user.user_id),
        transactions: byUser.get(user.user_id) ?? [],
        liabilities: generated.dataset.liabilities.filter((l) => l.user_id === user.user_id),
      };
      for (const window of [30, 180] as const) {
        const persona = assignPersona(computeSignals(data, window, AS_OF)).persona_type;
        if (persona !== generated.personas[i]) mismatches.push(`${user.user_id} ${window}d: ${persona} ≠ ${generated.personas[i]}`);
      }
    });
    expect(mismatches).toEqual([]);
  });
});

describe("data:load", () => {
  it("rejects a malformed file naming the record, and writes nothing", async () => {
    const badReference = structuredClone(generated.dataset);
    badReference.transactions[17]!.account_id = "acc_nowhere";
    await expect(readDataset(writeJson("bad-ref.json", badReference))).rejects.toThrow(
      new RegExp(`transactions\\[17\\] \\(${badReference.transactions[17]!.transaction_id}\\): .*unknown account acc_nowhere`),
    );
    const missingField = structuredClone(generated.dataset) as { users: Record<string, unknown>[] };
    delete missingField.users[3]!.email;
    await expect(readDataset(writeJson("missing.json", missingField))).rejects.toThrow(/users\.3\.email \(user_\d+\)/);
    const extraField = structuredClone(generated.dataset) as { accounts: Record<string, unknown>[] };
    extraField.accounts[0]!.nickname = "x";
    await expect(readDataset(writeJson("extra.json", extraField))).rejects.toThrow(/accounts\.0.*nickname/);
    await expect(readDataset(writeJson("broken.json", '{"users": ['))).rejects.toThrow(DatasetError);
    await expect(readDataset(join(dir, "nope.json"))).rejects.toThrow(/cannot read/);
    expect(await count("users")).toBe(0);
  });

  it("rolls back everything when the database refuses a row half-way", async () => {
    const clash = structuredClone(generated.dataset);
    // Passes the file checks (dollars with 2 decimals), but is too large for numeric(18,6) (money columns).
    clash.transactions.at(-1)!.amount = 1e13;
    await expect(loadDataset(database(), clash, { batchSize: 1000 })).rejects.toThrow(/numeric|overflow/i);
    for (const table of ["users", "accounts", "transactions", "liabilities"]) expect(await count(table), table).toBe(0);
  });

  it("loads everything once; a second load changes nothing", async () => {
    const path = writeJson("good.json", generated.dataset);
    const first = await loadDataset(database(), await readDataset(path));
    expect(first.inserted).toEqual({
      users: 60,
      accounts: generated.dataset.accounts.length,
      transactions: generated.dataset.transactions.length,
      liabilities: generated.dataset.liabilities.length,
    });
    const checksum = async () =>
      must(
        (
          await database().db.execute<{ c: string }>(
            sql`select md5(string_agg(transaction_id || amount::text, ',' order by transaction_id)) as c from transactions`,
          )
        ).rows[0]?.c,
        "a checksum of no transactions",
      );
    const before = await checksum();
    const second = await loadDataset(database(), await readDataset(path));
    expect(second.inserted).toEqual({ users: 0, accounts: 0, transactions: 0, liabilities: 0 });
    expect(second.unchanged.transactions).toBe(generated.dataset.transactions.length);
    expect(await checksum()).toBe(before);
    const [{ n }] = (
      await database().db.execute<{ n: number }>(sql`select count(*)::int as n from transactions where amount <> round(amount, 2)`)
    ).rows as [{ n: number }];
    expect(n).toBe(0);
  });
});

describe("data:validate", () => {
  const opts = { expectedUsers: 60, personaTolerancePp: 5, recommendationCoverage: 0.8 };
  const statusOf = async (check: string) => (await validateScaledData(database().db, opts)).find((r) => r.check === check);

  it("passes the loaded population and marks what is not computed yet as pending", async () => {
    const results = await validateScaledData(database().db, opts);
    expect(results.filter((r) => r.status === "fail")).toEqual([]);
    expect(results.find((r) => r.check === "persona mix (30d)")?.status).toBe("pending");
    expect(results.find((r) => r.check === "user count")).toMatchObject({ status: "pass", detail: "60 users, expected 60" });
  });

  it("fails on a wrong user count", async () => {
    const results = await validateScaledData(database().db, { ...opts, expectedUsers: 61 });
    expect(results.find((r) => r.check === "user count")?.status).toBe("fail");
  });

  it.each([
    [
      "amounts",
      sql`update accounts set balance_current = -50 where account_id = (select min(account_id) from accounts where subtype = 'savings')`,
    ],
    [
      "amounts",
      sql`update accounts set balance_current = balance_limit * 3 where account_id = (select min(account_id) from accounts where type = 'credit')`,
    ],
    ["date range", sql`update transactions set date = '2020-01-01' where transaction_id = (select min(transaction_id) from transactions)`],
    [
      "duplicate ids",
      sql`update users set email = (select email from users order by user_id limit 1) where user_id = (select max(user_id) from users)`,
    ],
  ])("fails %s on a tampered database", async (check, tamper) => {
    // A session transaction, rolled back: the tamper is seen only inside it.
    await database()
      .sessionDb.transaction(async (tx) => {
        await tx.execute(tamper);
        const results = await validateScaledData(tx as never, opts);
        expect(results.find((r) => r.check === check)?.status).toBe("fail");
        tx.rollback();
      })
      .catch((err: Error) => {
        if (!/rollback/i.test(err.message)) throw err;
      })
      .finally(() => database().endSessions());
    expect((await statusOf(check))?.status).toBe("pass");
  });
});
