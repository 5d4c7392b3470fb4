import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext, generateUsers } from "../../scripts/lib/synthetic/dataset-generator";
import { writeDataset } from "../../scripts/lib/synthetic/dataset-writer";
import { MAX_USERS, parseNumUsers, resolveOptions } from "../../scripts/lib/synthetic/options";
import { QualityAccumulator } from "../../scripts/lib/synthetic/quality-checks";
import type { UserBundle } from "../../scripts/lib/synthetic/user-generator";

const AS_OF = "2026-11-01";

/**
 * sha256 of the files written before the generator went past 1,000 users (seed 42, as-of
 * 2026-11-01): a file for N <= 1,000 must stay byte-identical.
 */
const GOLDEN: Record<number, string> = {
  75: "333e0ef6e1956471d62c0d529d4cc6db025aa344b2205ffe9108b34e02b8ae87",
  500: "04b840e21dcac3bd7d2cb93e53e261726ec0361689f1a193f300d4590009f1f1",
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spendsense-scale-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("files for N <= 1,000 are unchanged", () => {
  it.each(Object.keys(GOLDEN).map(Number))("%i users, seed 42: the same bytes as before", async (n) => {
    const written = await writeDataset({ numUsers: n, seed: 42, asOf: AS_OF, outDir: dir });
    const sha = createHash("sha256")
      .update(await readFile(written.path))
      .digest("hex");
    expect(sha).toBe(GOLDEN[n]);
    expect(written.quality.ok).toBe(true);
  });
});

describe("populations past 1,000 users", () => {
  it("--num-users accepts up to 100,000 and refuses more", () => {
    expect(MAX_USERS).toBe(100_000);
    expect(parseNumUsers("100000")).toBe(100_000);
    expect(parseNumUsers("1001")).toBe(1001);
    expect(() => parseNumUsers("100001")).toThrow(/--num-users/);
    expect(resolveOptions({ numUsers: 100_000, asOf: AS_OF }).numUsers).toBe(100_000);
    // The last user's number is what bounds --first-id: 100,000 users fit from 1 up to 900,000.
    expect(resolveOptions({ numUsers: 100_000, firstId: 900_000, asOf: AS_OF }).firstId).toBe(900_000);
    expect(() => resolveOptions({ numUsers: 100_000, firstId: 900_001, asOf: AS_OF })).toThrow(/--first-id/);
  });

  it("generates the last users of a 100,000-person population, numbered past 99,999, that pass the quality checks", () => {
    const options = resolveOptions({ numUsers: 100_000, seed: 42, asOf: AS_OF });
    const ctx = createContext(options);
    const quality = new QualityAccumulator(ctx.population, options.asOfDay, options.consentRate);
    const last = [...generateUsers(ctx, 99_997, 100_000)];
    last.forEach((bundle) => quality.add(bundle));
    expect(last.map((b) => b.user.user_id)).toEqual(["user_99998", "user_99999", "user_100000"]);
    expect(last[2]!.transactions[0]!.transaction_id).toBe("txn_100000_0001");
    const failed = quality
      .report()
      .checks.filter((c) => c.failures > 0 && !["persona_distribution", "card_holders", "consent"].includes(c.name));
    expect(failed).toEqual([]);
  });
});

describe("unique_ids quality check (constant memory)", () => {
  const bundles = (): UserBundle[] => {
    const options = resolveOptions({ numUsers: 3, seed: 5, asOf: AS_OF });
    return [...generateUsers(createContext(options))];
  };
  const uniqueIds = (list: UserBundle[]) => {
    const options = resolveOptions({ numUsers: 3, seed: 5, asOf: AS_OF });
    const quality = new QualityAccumulator(createContext(options).population, options.asOfDay, options.consentRate);
    list.forEach((b) => quality.add(b));
    return quality.report().checks.find((c) => c.name === "unique_ids")!;
  };

  it("passes distinct ids", () => {
    expect(uniqueIds(bundles()).failures).toBe(0);
  });

  it("catches a repeated user, a record id repeated within a user, and a record id that carries another user's number", () => {
    const [a, b, c] = bundles() as [UserBundle, UserBundle, UserBundle];
    expect(uniqueIds([a, a]).examples.join("\n")).toMatch(/duplicate id user_00001/);

    const repeated = structuredClone(b);
    repeated.transactions[5]!.transaction_id = repeated.transactions[4]!.transaction_id;
    expect(uniqueIds([a, repeated, c]).examples.join("\n")).toContain(`duplicate id ${repeated.transactions[4]!.transaction_id}`);

    // b's account renamed to one of a's ids: unique within b, but it would collide across users.
    const borrowed = structuredClone(b);
    borrowed.accounts[0]!.account_id = a.accounts[0]!.account_id;
    expect(uniqueIds([a, borrowed, c]).examples.join("\n")).toContain(`${a.accounts[0]!.account_id} does not carry user_00002's number`);
  });
});
