/**
 * The dataset checks, record by record as the file streams: each record against its strict zod
 * schema (src/domain/dataset.ts), then the checks across records that validateDatasetReferences()
 * makes on a whole dataset, with the same messages: duplicate ids, unknown users or accounts, a
 * user_id that differs from its account's, a liability on an account that is not a card, two
 * liabilities on one card.
 *
 * Memory: users, accounts and liabilities are remembered exactly (a few hundred thousand ids at
 * 100,000 people); transaction ids only as 64-bit hashes (IdHashSet), so a repeated transaction id
 * is a candidate until `confirmDuplicates` has re-read the ids themselves.
 */
import type { z } from "zod";
import {
  AccountSchema,
  LiabilitySchema,
  TransactionSchema,
  UserSchema,
  type AccountRecord,
  type DatasetCollection,
  type LiabilityRecord,
  type TransactionRecord,
  type UserRecord,
} from "../../../src/domain/dataset";
import { IdHashSet } from "./id-hash-set";
import { ID_FIELDS, type RawRecord, type RecordSource } from "./records";

/** Problems listed in an error before reading stops. */
const MAX_LISTED = 5;
/** Candidate duplicate transaction ids held before reading stops to confirm them. */
const MAX_CANDIDATES = 100;
/** Records read past the first problem, looking for more to list, before reading stops. */
const LOOKAHEAD_RECORDS = 100_000;

const SCHEMAS: Record<DatasetCollection, z.ZodType> = {
  users: UserSchema,
  accounts: AccountSchema,
  transactions: TransactionSchema,
  liabilities: LiabilitySchema,
};

export type CheckedRecord =
  | { collection: "users"; index: number; record: UserRecord }
  | { collection: "accounts"; index: number; record: AccountRecord }
  | { collection: "transactions"; index: number; record: TransactionRecord }
  | { collection: "liabilities"; index: number; record: LiabilityRecord };

const idOf = (raw: RawRecord): string => {
  const value = (raw.value as Record<string, unknown> | null)?.[ID_FIELDS[raw.collection]];
  return typeof value === "string" ? value : "";
};

export class DatasetChecker {
  /** Formatted problem lines, at most MAX_LISTED. */
  readonly problems: string[] = [];
  private readonly users = new Set<string>();
  /** account_id → its user_id and type. */
  private readonly accounts = new Map<string, { user: string; type: string }>();
  private readonly transactions = new IdHashSet();
  private readonly liabilities = new Set<string>();
  private readonly liabilityAccounts = new Set<string>();
  private readonly candidates: { index: number; id: string }[] = [];
  private sinceFirstProblem = 0;

  /**
   * True once reading should stop: enough problems (or candidates) to report, or far enough past
   * the first problem (a multi-gigabyte file is not read to its end to list a second one).
   */
  get full(): boolean {
    return this.problems.length >= MAX_LISTED || this.candidates.length >= MAX_CANDIDATES || this.sinceFirstProblem > LOOKAHEAD_RECORDS;
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  private report(raw: RawRecord, id: string, message: string): void {
    if (this.problems.length < MAX_LISTED) this.problems.push(`${raw.collection}[${raw.index}] (${id}): ${message}`);
  }

  /** Check one record; returns it typed when it passes, undefined (and a problem noted) when not. */
  check(raw: RawRecord): CheckedRecord | undefined {
    if (this.problems.length > 0) this.sinceFirstProblem += 1;
    const parsed = SCHEMAS[raw.collection].safeParse(raw.value);
    if (!parsed.success) {
      const id = idOf(raw);
      for (const issue of parsed.error.issues) {
        if (this.problems.length >= MAX_LISTED) break;
        const path = [raw.collection, raw.index, ...issue.path].join(".");
        this.problems.push(`${path}${id ? ` (${id})` : ""}: ${issue.message}`);
      }
      // Remember its id all the same, so that one bad account does not also fail its transactions.
      if (id) this.remember(raw, id);
      return undefined;
    }
    const before = this.problems.length;
    const checked = { collection: raw.collection, index: raw.index, record: parsed.data } as CheckedRecord;
    this.references(raw, checked);
    return this.problems.length === before ? checked : undefined;
  }

  private remember(raw: RawRecord, id: string): void {
    const value = raw.value as Record<string, unknown>;
    if (raw.collection === "users") this.users.add(id);
    else if (raw.collection === "accounts" && !this.accounts.has(id))
      this.accounts.set(id, { user: String(value.user_id), type: String(value.type) });
    else if (raw.collection === "transactions") this.transactions.add(id);
    else if (raw.collection === "liabilities") this.liabilities.add(id);
  }

  private references(raw: RawRecord, c: CheckedRecord): void {
    switch (c.collection) {
      case "users": {
        const u = c.record;
        if (this.users.has(u.user_id)) this.report(raw, u.user_id, `duplicate user_id ${u.user_id}`);
        this.users.add(u.user_id);
        return;
      }
      case "accounts": {
        const a = c.record;
        if (this.accounts.has(a.account_id)) this.report(raw, a.account_id, `duplicate account_id ${a.account_id}`);
        else this.accounts.set(a.account_id, { user: a.user_id, type: a.type });
        if (!this.users.has(a.user_id)) this.report(raw, a.account_id, `account ${a.account_id} references unknown user ${a.user_id}`);
        return;
      }
      case "transactions": {
        const t = c.record;
        const id = t.transaction_id;
        if (this.transactions.add(id)) this.candidates.push({ index: c.index, id });
        const account = this.accounts.get(t.account_id);
        if (account === undefined) this.report(raw, id, `transaction ${id} references unknown account ${t.account_id}`);
        else if (account.user !== t.user_id) {
          this.report(raw, id, `transaction ${id} has user_id ${t.user_id} but its account ${t.account_id} belongs to ${account.user}`);
        }
        if (!this.users.has(t.user_id)) this.report(raw, id, `transaction ${id} references unknown user ${t.user_id}`);
        return;
      }
      case "liabilities": {
        const l = c.record;
        const id = l.liability_id;
        if (this.liabilities.has(id)) this.report(raw, id, `duplicate liability_id ${id}`);
        this.liabilities.add(id);
        const account = this.accounts.get(l.account_id);
        if (account === undefined) this.report(raw, id, `liability ${id} references unknown account ${l.account_id}`);
        else {
          if (account.user !== l.user_id) {
            this.report(raw, id, `liability ${id} has user_id ${l.user_id} but its account ${l.account_id} belongs to ${account.user}`);
          }
          if (account.type !== "credit")
            this.report(raw, id, `liability ${id} is on ${account.type} account ${l.account_id}, not a credit card`);
        }
        if (this.liabilityAccounts.has(l.account_id)) this.report(raw, id, `second liability for account ${l.account_id}`);
        this.liabilityAccounts.add(l.account_id);
        return;
      }
    }
  }

  /** Transactions whose id hashed like an earlier one: to confirm before the load may commit. */
  get pendingCandidates(): number {
    return this.candidates.length;
  }

  /**
   * Re-read the transactions up to the last candidate and keep, as problems, the candidates whose
   * id really did come earlier (the others only shared a hash with an earlier id).
   */
  async confirmDuplicates(source: RecordSource): Promise<void> {
    if (this.candidates.length === 0) return;
    const wanted = new Map(this.candidates.map((c) => [c.id, -1]));
    const last = Math.max(...this.candidates.map((c) => c.index));
    read: for await (const group of source()) {
      for (const raw of group) {
        if (raw.collection === "liabilities" || (raw.collection === "transactions" && raw.index > last)) break read;
        if (raw.collection !== "transactions") continue;
        const id = idOf(raw);
        if (wanted.get(id) === -1) wanted.set(id, raw.index);
      }
    }
    for (const c of this.candidates.sort((x, y) => x.index - y.index)) {
      const first = wanted.get(c.id) ?? -1;
      if (first >= 0 && first < c.index) {
        this.report({ collection: "transactions", index: c.index, value: null }, c.id, `duplicate transaction_id ${c.id}`);
      }
    }
    this.candidates.length = 0;
  }
}
