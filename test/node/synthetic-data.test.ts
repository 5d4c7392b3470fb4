import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DatasetSchema,
  validateDatasetReferences,
  type DatasetAccount as AccountRecord,
  type Dataset,
  type DatasetTransaction as TransactionRecord,
} from "../../src/domain/dataset";
import { generateDataset } from "../../scripts/lib/synthetic/dataset-generator";
import { writeDataset, type WriteDatasetResult } from "../../scripts/lib/synthetic/dataset-writer";
import { MemoryMonitor } from "../../scripts/lib/synthetic/memory-monitor";
import type { Persona } from "../../scripts/lib/synthetic/personas";
import { intendedPersona } from "../../scripts/lib/synthetic/population";

const ROOT = resolve(import.meta.dirname, "../..");
const AS_OF = "2026-11-01";
/** 2026-11-01 minus 179 days: the first day of the 180-day window. */
const WINDOW_START = "2026-05-06";
const DAY_MS = 86_400_000;

/** Exact persona counts by largest-remainder rounding, worked out by hand. */
const EXPECTED = {
  75: { high_utilization: 30, subscription_heavy: 23, savings_builder: 11, variable_income: 7, wealth_builder: 4, cardHolders: 45 },
  500: { high_utilization: 200, subscription_heavy: 150, savings_builder: 75, variable_income: 50, wealth_builder: 25, cardHolders: 295 },
  1000: {
    high_utilization: 400,
    subscription_heavy: 300,
    savings_builder: 150,
    variable_income: 100,
    wealth_builder: 50,
    cardHolders: 588,
  },
} as const;
type Size = keyof typeof EXPECTED;
const SIZES = [75, 500, 1000] as const;

interface Written {
  result: WriteDatasetResult;
  bytes: Buffer;
  data: Dataset;
}

let dir: string;
const runs = new Map<Size, Written>();

async function write(
  sub: string,
  numUsers: number,
  seed: number,
  extra: { chunkSize?: number } = {},
): Promise<{ result: WriteDatasetResult; bytes: Buffer }> {
  const result = await writeDataset({ numUsers, seed, asOf: AS_OF, outDir: join(dir, sub), ...extra });
  return { result, bytes: await readFile(result.path) };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spendsense-synthetic-"));
  for (const n of SIZES) {
    const { result, bytes } = await write(`n${n}`, n, 42);
    runs.set(n, { result, bytes, data: JSON.parse(bytes.toString("utf8")) as Dataset });
  }
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const run = (n: Size) => runs.get(n) as Written;

// ---- small, independent helpers (deliberately not the generator's own code) ----

const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

interface UserView {
  userId: string;
  persona: Persona;
  accounts: AccountRecord[];
  txns: TransactionRecord[];
  liabilities: Dataset["liabilities"];
}

function usersOf(data: Dataset, personas: readonly Persona[]): UserView[] {
  const accounts = groupBy(data.accounts, (a) => a.user_id);
  const txns = groupBy(data.transactions, (t) => t.user_id);
  const liabilities = groupBy(data.liabilities, (l) => l.user_id);
  return data.users.map((u, i) => ({
    userId: u.user_id,
    persona: personas[i] as Persona,
    accounts: accounts.get(u.user_id) ?? [],
    txns: txns.get(u.user_id) ?? [],
    liabilities: liabilities.get(u.user_id) ?? [],
  }));
}

const cardsOf = (u: UserView) => u.accounts.filter((a) => a.type === "credit");
const utilizations = (u: UserView) => cardsOf(u).map((a) => a.balance_current / (a.balance_limit as number));
const interestCharges = (u: UserView) => u.txns.filter((t) => t.category_detailed === "BANK_FEES_INTEREST_CHARGE").length;
const minimumOnly = (u: UserView) => u.liabilities.some((l) => l.last_payment_amount <= l.minimum_payment_amount);
const overdue = (u: UserView) => u.liabilities.some((l) => l.is_overdue);

/** Merchants with >= 3 outflows in the last 90 days, every gap 26–35 days; optionally same amount. */
function monthlyMerchants(u: UserView, sameAmount: boolean): Map<string, number> {
  const from = dayOf(AS_OF) - 89;
  const out = new Map<string, number>();
  const recent = u.txns.filter((t) => t.amount < 0 && t.merchant_name !== null && dayOf(t.date) >= from);
  for (const [merchant, list] of groupBy(recent, (t) => t.merchant_name as string)) {
    if (list.length < 3) continue;
    const days = list.map((t) => dayOf(t.date)).sort((a, b) => a - b);
    const gaps = days.slice(1).map((d, i) => d - (days[i] as number));
    if (!gaps.every((g) => g >= 26 && g <= 35)) continue;
    if (sameAmount && !list.every((t) => t.amount === list[0]?.amount)) continue;
    out.set(merchant, -(list[0] as TransactionRecord).amount);
  }
  return out;
}

const SAVINGS_LIKE = new Set(["savings", "money market", "hsa"]);

function monthlySpending(u: UserView): number {
  const spend = u.txns
    .filter(
      (t) => t.amount < 0 && !t.category_primary.startsWith("TRANSFER") && t.category_detailed !== "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
    )
    .reduce((s, t) => s - t.amount, 0);
  return spend / 6;
}

function savingsFlow(u: UserView): { inflowPerMonth: number; growth: number } {
  const ids = new Set(u.accounts.filter((a) => a.type === "depository" && SAVINGS_LIKE.has(a.subtype)).map((a) => a.account_id));
  const flow = u.txns.filter((t) => ids.has(t.account_id)).reduce((s, t) => s + t.amount, 0);
  const end = u.accounts.filter((a) => ids.has(a.account_id)).reduce((s, a) => s + a.balance_current, 0);
  const start = end - flow;
  return { inflowPerMonth: flow / 6, growth: start > 0 ? flow / start : flow > 0 ? Infinity : 0 };
}

function payGaps(u: UserView): number[] {
  const days = [...new Set(u.txns.filter((t) => t.category_detailed === "INCOME_WAGES" && t.amount > 0).map((t) => dayOf(t.date)))].sort(
    (a, b) => a - b,
  );
  return days.slice(1).map((d, i) => d - (days[i] as number));
}

// ---- tests ----

describe("determinism", () => {
  it("reproduces a byte-identical file for the same seed, in any chunk size, and differs for another seed", async () => {
    const a = await write("same-a", 150, 42);
    const b = await write("same-b", 150, 42);
    const chunked = await write("same-c", 150, 42, { chunkSize: 7 });
    const other = await write("other", 150, 43);
    expect(a.bytes.length).toBeGreaterThan(1_000_000);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.bytes.equals(chunked.bytes)).toBe(true);
    expect(a.bytes.equals(other.bytes)).toBe(false);
    // Another seed changes the people, not just one value.
    const usersA = (JSON.parse(a.bytes.toString()) as Dataset).users.map((u) => u.full_name);
    const usersB = (JSON.parse(other.bytes.toString()) as Dataset).users.map((u) => u.full_name);
    expect(usersA.filter((name, i) => name !== usersB[i]).length).toBeGreaterThan(100);
  });

  it("streams exactly what the in-memory generator builds, and exposes each user's intended persona", () => {
    const inMemory = generateDataset({ numUsers: 75, seed: 42, asOf: AS_OF });
    expect(inMemory.dataset).toEqual(run(75).data);
    expect(inMemory.personas).toEqual(run(75).result.personas);
    run(75).result.personas.forEach((p, i) => expect(intendedPersona(42, i, 75)).toBe(p));
  });
});

describe("--first-id: a second population beside the first", () => {
  it("numbers users from --first-id, with every id and email disjoint from the default range, and refuses ranges past user_999999", () => {
    const first = generateDataset({ numUsers: 20, seed: 7, asOf: AS_OF });
    const second = generateDataset({ numUsers: 20, seed: 7, asOf: AS_OF, firstId: 5001 });
    expect(second.dataset.users.map((u) => u.user_id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `user_${String(5001 + i).padStart(5, "0")}`),
    );
    const ids = (d: Dataset) => [
      ...d.users.flatMap((u) => [u.user_id, u.email]),
      ...d.accounts.map((a) => a.account_id),
      ...d.transactions.map((t) => t.transaction_id),
      ...d.liabilities.map((l) => l.liability_id),
    ];
    const taken = new Set(ids(first.dataset));
    expect(ids(second.dataset).filter((id) => taken.has(id))).toEqual([]);
    // Same seed, other ids: the same people, so the data (amounts, personas) is unchanged.
    expect(second.personas).toEqual(first.personas);
    expect(second.dataset.transactions.map((t) => t.amount)).toEqual(first.dataset.transactions.map((t) => t.amount));
    expect(validateDatasetReferences(DatasetSchema.parse(second.dataset))).toEqual([]);
    expect(() => generateDataset({ numUsers: 20, firstId: 999_990 })).toThrow(/--first-id/);
    expect(() => generateDataset({ numUsers: 20, firstId: 0 })).toThrow(/--first-id/);
  });
});

describe.each(SIZES)("a dataset of %i users", (n) => {
  it("writes synthetic_users_N.json that parses with the strict zod schema and has consistent references", () => {
    const { result, data } = run(n);
    expect(result.path.endsWith(`synthetic_users_${n}.json`)).toBe(true);
    const parsed = DatasetSchema.safeParse(data);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(validateDatasetReferences(data)).toEqual([]);
    expect(result.quality.ok, JSON.stringify(result.quality.checks.filter((c) => c.failures))).toBe(true);
  });

  it("has the exact persona ratios and card-holder rule", () => {
    const { result, data } = run(n);
    const expected = EXPECTED[n];
    expect(data.users).toHaveLength(n);
    const counts: Record<string, number> = {};
    for (const p of result.personas) counts[p] = (counts[p] ?? 0) + 1;
    const { cardHolders, ...personaCounts } = expected;
    expect(counts).toEqual(personaCounts);
    const users = usersOf(data, result.personas);
    expect(users.filter((u) => cardsOf(u).length > 0)).toHaveLength(cardHolders);
    for (const u of users) {
      if (u.persona === "high_utilization" || u.persona === "wealth_builder") expect(cardsOf(u).length, u.userId).toBeGreaterThan(0);
    }
  });

  it("gives each user 3–4 accounts, 150–250 transactions and one liability per card", () => {
    const { result, data } = run(n);
    for (const u of usersOf(data, result.personas)) {
      expect(u.accounts.length, u.userId).toBeGreaterThanOrEqual(3);
      expect(u.accounts.length, u.userId).toBeLessThanOrEqual(4);
      expect(u.txns.length, u.userId).toBeGreaterThanOrEqual(150);
      expect(u.txns.length, u.userId).toBeLessThanOrEqual(250);
      expect(u.liabilities.map((l) => l.account_id).sort()).toEqual(
        cardsOf(u)
          .map((a) => a.account_id)
          .sort(),
      );
    }
    expect(data.liabilities.length).toBe(data.accounts.filter((a) => a.type === "credit").length);
  });

  it("uses every id once, in the documented formats", () => {
    const { data } = run(n);
    const ids = [
      ...data.users.map((u) => u.user_id),
      ...data.accounts.map((a) => a.account_id),
      ...data.transactions.map((t) => t.transaction_id),
      ...data.liabilities.map((l) => l.liability_id),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(data.users[0]?.user_id).toBe("user_00001");
    expect(data.users.at(-1)?.user_id).toBe(`user_${String(n).padStart(5, "0")}`);
    expect(data.accounts.every((a) => /^acc_\d{5}_[1-4]$/.test(a.account_id) && /^\d{4}$/.test(a.mask))).toBe(true);
    expect(data.transactions.every((t) => /^txn_\d{5}_\d{4}$/.test(t.transaction_id))).toBe(true);
  });

  it("dates every transaction within the 180 days ending on --as-of", () => {
    const dates = run(n).data.transactions.map((t) => t.date);
    const sorted = dates.slice().sort();
    expect(sorted[0]! >= WINDOW_START).toBe(true);
    expect(sorted.at(-1)! <= AS_OF).toBe(true);
    // The data actually spans the window rather than a corner of it.
    expect(sorted[0]! <= "2026-05-12").toBe(true);
    expect(sorted.at(-1)! >= "2026-10-30").toBe(true);
  });

  it("keeps balances consistent: savings never negative, cards within their limit", () => {
    const { data } = run(n);
    const byAccount = groupBy(data.transactions, (t) => t.account_id);
    for (const a of data.accounts) {
      const txns = byAccount.get(a.account_id) ?? [];
      const sum = Math.round(txns.reduce((s, t) => s + t.amount * 100, 0));
      const current = Math.round(a.balance_current * 100);
      if (a.type === "depository") {
        // Replay from the opening balance: it never dips below zero.
        let balance = current - sum;
        expect(balance, a.account_id).toBeGreaterThanOrEqual(0);
        for (const t of txns) {
          balance += Math.round(t.amount * 100);
          if (SAVINGS_LIKE.has(a.subtype)) expect(balance, a.account_id).toBeGreaterThanOrEqual(0);
        }
        expect(balance).toBe(current);
      }
      if (a.type === "credit") {
        expect(a.balance_current, a.account_id).toBeGreaterThanOrEqual(0);
        expect(a.balance_current, a.account_id).toBeLessThanOrEqual(a.balance_limit as number);
        expect(a.balance_available).toBeCloseTo((a.balance_limit as number) - a.balance_current, 2);
      }
    }
  });
});

describe("generator intent per persona (1,000 users)", () => {
  const users = () => usersOf(run(1000).data, run(1000).result.personas);
  const of = (p: Persona) => users().filter((u) => u.persona === p);

  it("high_utilization: a card at >= 50%, or interest, or minimum-only, or overdue; all four kinds occur", () => {
    const hu = of("high_utilization");
    for (const u of hu) {
      const triggered = utilizations(u).some((x) => x >= 0.5) || interestCharges(u) > 0 || minimumOnly(u) || overdue(u);
      expect(triggered, u.userId).toBe(true);
    }
    expect(hu.filter((u) => utilizations(u).some((x) => x >= 0.5)).length).toBeGreaterThan(200);
    expect(hu.filter((u) => interestCharges(u) > 0).length).toBeGreaterThan(150);
    expect(hu.filter(minimumOnly).length).toBeGreaterThan(50);
    expect(hu.filter(overdue).length).toBeGreaterThan(20);
  });

  it("minimum-only payers pay exactly the minimum, and interest sits on the card account", () => {
    for (const u of of("high_utilization")) {
      for (const l of u.liabilities) {
        const payments = u.txns.filter(
          (t) => t.account_id === l.account_id && t.category_detailed === "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" && t.amount > 0,
        );
        expect(payments.at(-1)?.amount ?? 0, l.liability_id).toBe(l.last_payment_amount);
        if (!l.is_overdue && l.last_payment_amount <= l.minimum_payment_amount) {
          expect(l.last_payment_amount, l.liability_id).toBe(l.minimum_payment_amount);
        }
      }
      for (const t of u.txns.filter((x) => x.category_detailed === "BANK_FEES_INTEREST_CHARGE")) {
        expect(cardsOf(u).some((c) => c.account_id === t.account_id)).toBe(true);
        expect(t.amount).toBeLessThan(0);
      }
    }
  });

  it("no other persona triggers high_utilization, even those holding cards", () => {
    const others = users().filter((u) => u.persona !== "high_utilization");
    expect(others.filter((u) => cardsOf(u).length > 0).length).toBeGreaterThan(100);
    for (const u of others) {
      expect(Math.max(0, ...utilizations(u)), u.userId).toBeLessThan(0.5);
      expect(interestCharges(u), u.userId).toBe(0);
      expect(minimumOnly(u), u.userId).toBe(false);
      expect(overdue(u), u.userId).toBe(false);
    }
  });

  it("variable_income: median pay gap > 45 days and a cash buffer under one month", () => {
    for (const u of of("variable_income")) {
      const gaps = payGaps(u);
      expect(gaps.length, u.userId).toBeGreaterThanOrEqual(2);
      expect(median(gaps), u.userId).toBeGreaterThan(45);
      const cash = u.accounts.filter((a) => a.type === "depository").reduce((s, a) => s + a.balance_current, 0);
      expect(cash / monthlySpending(u), u.userId).toBeLessThan(1);
    }
  });

  it("regular earners are paid biweekly or monthly, so they are never variable_income", () => {
    for (const u of users().filter((x) => x.persona !== "variable_income")) {
      const gap = median(payGaps(u));
      expect(gap === 14 || (gap >= 28 && gap <= 31), `${u.userId} gap ${gap}`).toBe(true);
      expect(u.txns.some((t) => t.category_detailed === "INCOME_WAGES" && /PAYROLL$/.test(t.merchant_name ?? ""))).toBe(true);
    }
  });

  it("subscription_heavy: >= 3 same-amount monthly merchants worth >= $50 a month", () => {
    for (const u of of("subscription_heavy")) {
      const subs = monthlyMerchants(u, true);
      expect(subs.size, u.userId).toBeGreaterThanOrEqual(3);
      expect(
        [...subs.values()].reduce((s, x) => s + x, 0),
        u.userId,
      ).toBeGreaterThanOrEqual(50);
    }
  });

  it("savings_builder: >= $200/month into savings or >= 2% growth, cards < 30%, fewer than 3 monthly merchants", () => {
    for (const u of of("savings_builder")) {
      const { inflowPerMonth, growth } = savingsFlow(u);
      expect(inflowPerMonth >= 200 || growth >= 0.02, u.userId).toBe(true);
      expect(Math.max(0, ...utilizations(u)), u.userId).toBeLessThan(0.3);
      expect(monthlyMerchants(u, false).size, u.userId).toBeLessThan(3);
    }
  });

  it("wealth_builder: >= $120k income, large savings and investments, cards < 10%, and not a savings_builder", () => {
    for (const u of of("wealth_builder")) {
      const wages = u.txns.filter((t) => t.category_detailed === "INCOME_WAGES").reduce((s, t) => s + t.amount, 0);
      expect((wages * 365) / 180, u.userId).toBeGreaterThanOrEqual(120_000);
      const savings = u.accounts.filter((a) => SAVINGS_LIKE.has(a.subtype)).reduce((s, a) => s + a.balance_current, 0);
      const invested = u.accounts.filter((a) => a.type === "investment").reduce((s, a) => s + a.balance_current, 0);
      expect(savings, u.userId).toBeGreaterThanOrEqual(25_000);
      expect(savings + invested, u.userId).toBeGreaterThanOrEqual(100_000);
      expect(Math.max(...utilizations(u)), u.userId).toBeLessThan(0.1);
      const { inflowPerMonth, growth } = savingsFlow(u);
      expect(inflowPerMonth < 200 && growth < 0.02, u.userId).toBe(true);
      expect(monthlyMerchants(u, false).size, u.userId).toBeLessThan(3);
    }
  });

  it("groceries come about weekly at varying amounts and irregular dates, never like a subscription", () => {
    for (const u of users()) {
      const groceries = u.txns.filter((t) => t.category_detailed === "FOOD_AND_DRINK_GROCERIES");
      expect(groceries.length, u.userId).toBeGreaterThanOrEqual(16);
      for (const [store, list] of groupBy(groceries, (t) => t.merchant_name ?? "")) {
        const amounts = list.map((t) => -t.amount);
        const mean = amounts.reduce((s, x) => s + x, 0) / amounts.length;
        const sd = Math.sqrt(amounts.reduce((s, x) => s + (x - mean) ** 2, 0) / amounts.length);
        expect(sd / mean, `${u.userId} ${store}`).toBeGreaterThan(0.1);
        const days = list.map((t) => dayOf(t.date));
        const gaps = days.slice(1).map((d, i) => d - (days[i] as number));
        expect(
          gaps.every((g) => g >= 6 && g <= 8),
          `${u.userId} ${store}`,
        ).toBe(false);
        expect(
          gaps.every((g) => g >= 26 && g <= 35),
          `${u.userId} ${store}`,
        ).toBe(false);
      }
      expect(monthlyMerchants(u, false).has(groceries[0]?.merchant_name ?? "")).toBe(false);
    }
  });
});

describe("validateDatasetReferences", () => {
  it("names the record behind each broken reference or duplicate", () => {
    const data = structuredClone(generateDataset({ numUsers: 3, seed: 5, asOf: AS_OF }).dataset);
    const txn = data.transactions[10] as TransactionRecord;
    txn.account_id = "acc_99999_9";
    const liability = data.liabilities[0];
    if (liability) liability.account_id = data.accounts.find((a) => a.type === "depository" && a.user_id === liability.user_id)!.account_id;
    data.accounts.push({ ...(data.accounts[0] as AccountRecord) });
    data.transactions[20]!.user_id = "user_00003";

    const problems = validateDatasetReferences(data);
    const messages = problems.map((p) => p.message);
    expect(problems).toContainEqual(
      expect.objectContaining({
        collection: "transactions",
        index: 10,
        id: txn.transaction_id,
        message: expect.stringContaining("unknown account acc_99999_9"),
      }),
    );
    expect(messages.some((m) => m.includes(`duplicate account_id ${data.accounts[0]!.account_id}`))).toBe(true);
    expect(messages.some((m) => m.includes(data.transactions[20]!.transaction_id) && m.includes("belongs to user_00001"))).toBe(true);
    if (liability) expect(messages.some((m) => m.includes(liability.liability_id) && m.includes("not a credit card"))).toBe(true);
  });

  it("the strict schema rejects unknown fields, bad subtypes and card accounts without a limit", () => {
    const data = structuredClone(generateDataset({ numUsers: 1, seed: 5, asOf: AS_OF }).dataset);
    expect(DatasetSchema.safeParse(data).success).toBe(true);
    expect(DatasetSchema.safeParse({ ...data, users: [{ ...data.users[0], persona: "x" }] }).success).toBe(false);
    expect(DatasetSchema.safeParse({ ...data, accounts: [{ ...data.accounts[0], subtype: "credit card" }] }).success).toBe(false);
    const card = data.accounts.find((a) => a.type === "credit");
    if (card) expect(DatasetSchema.safeParse({ ...data, accounts: [{ ...card, balance_limit: null }] }).success).toBe(false);
    expect(DatasetSchema.safeParse({ ...data, transactions: [{ ...data.transactions[0], amount: 1.005 }] }).success).toBe(false);
  });

  it("accepts the complete example in docs/DATA_FORMAT.md", async () => {
    const doc = await readFile(join(ROOT, "docs/DATA_FORMAT.md"), "utf8");
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const data = DatasetSchema.parse(JSON.parse(example as string));
    expect(validateDatasetReferences(data)).toEqual([]);
    expect(data.users).toHaveLength(1);
    expect(data.liabilities).toHaveLength(1);
  });
});

describe("memory monitor", () => {
  it("tracks the peak and warns once when the heap passes the threshold", () => {
    const warnings: string[] = [];
    const monitor = new MemoryMonitor((m) => warnings.push(m), 0);
    monitor.sample();
    monitor.sample();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/heap use is \d+% of the \d+ MiB limit/);
    expect(monitor.peakRssBytes()).toBeGreaterThan(0);
    const quiet = new MemoryMonitor((m) => warnings.push(m));
    quiet.sample();
    expect(warnings).toHaveLength(1);
  });
});

describe("CLI", () => {
  function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done, fail) => {
      const child = spawn("npx", ["tsx", "scripts/generate-synthetic-data.ts", ...args], {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      child.on("error", fail);
      child.on("close", (code) => done({ code, stderr }));
    });
  }

  it("refuses --num-users 0 and 100001 with exit code 2 and a clear message", async () => {
    const outDir = join(dir, "cli");
    const [zero, tooMany] = await Promise.all([
      runCli(["--num-users", "0", "--out-dir", outDir]),
      runCli(["--num-users", "100001", "--out-dir", outDir]),
    ]);
    expect(zero.code).toBe(2);
    expect(tooMany.code).toBe(2);
    expect(zero.stderr).toContain("--num-users must be a whole number from 1 to 100000");
    expect(tooMany.stderr).toContain('(got "100001")');
  });
});
