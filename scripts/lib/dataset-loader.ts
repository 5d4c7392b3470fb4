import { readFile } from "node:fs/promises";
import { sql, type SQL } from "drizzle-orm";
import type { SessionDatabase as Database } from "../../src/db/client";
import { DatasetSchema, validateDatasetReferences, type Dataset } from "../../src/domain/dataset";

/** A dataset file that cannot be loaded; the message names the offending record. */
export class DatasetError extends Error {
  override name = "DatasetError";
}

const MAX_LISTED = 5;

/** Read and check a dataset file; throws DatasetError naming the first bad records. Loads nothing. */
export async function readDataset(path: string): Promise<Dataset> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new DatasetError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = DatasetSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, MAX_LISTED).map((issue) => {
      const [collection, index] = issue.path;
      const record = typeof index === "number" ? recordId(raw, String(collection), index) : "";
      return `${issue.path.join(".")}${record ? ` (${record})` : ""}: ${issue.message}`;
    });
    throw new DatasetError(`${path} does not match the dataset format:\n  ${lines.join("\n  ")}${more(parsed.error.issues.length)}`);
  }
  const problems = validateDatasetReferences(parsed.data);
  if (problems.length) {
    const lines = problems.slice(0, MAX_LISTED).map((p) => `${p.collection}[${p.index}] (${p.id}): ${p.message}`);
    throw new DatasetError(`${path} is inconsistent:\n  ${lines.join("\n  ")}${more(problems.length)}`);
  }
  return parsed.data;
}

function recordId(raw: unknown, collection: string, index: number): string {
  const record = (raw as Record<string, unknown[]>)?.[collection]?.[index] as Record<string, unknown> | undefined;
  const key = { users: "user_id", accounts: "account_id", transactions: "transaction_id", liabilities: "liability_id" }[collection];
  const value = key ? record?.[key] : undefined;
  return typeof value === "string" ? value : "";
}

const more = (n: number) => (n > MAX_LISTED ? `\n  … and ${n - MAX_LISTED} more` : "");

export interface LoadResult {
  inserted: Record<keyof Dataset, number>;
  skipped: Record<keyof Dataset, number>;
  ms: number;
}

// Rows per statement: each column travels as one array parameter, so this bounds message size only.
const CHUNK = 10_000;

type Column = { name: string; type: string; values: (r: never) => unknown };

/** Insert rows with one `unnest` statement per chunk; existing ids are left alone. Returns inserted count. */
async function insertRows<T>(db: Database, table: string, key: string, columns: Column[], rows: T[], onChunk: (n: number) => void): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    // sql.param keeps the array one parameter (a plain array would expand to $1, $2, …).
    const arrays: SQL[] = columns.map((c) => sql`${sql.param(chunk.map((r) => (c.values as (r: T) => unknown)(r)))}::${sql.raw(c.type)}[]`);
    const names = sql.raw(columns.map((c) => `"${c.name}"`).join(", "));
    const result = await db.execute(
      sql`insert into ${sql.identifier(table)} (${names}) select * from unnest(${sql.join(arrays, sql`, `)}) on conflict (${sql.identifier(key)}) do nothing`,
    );
    inserted += result.rowCount ?? 0;
    onChunk(chunk.length);
  }
  return inserted;
}

const col = <T>(name: string, type: string, values: (r: T) => unknown): Column => ({ name, type, values: values as (r: never) => unknown });

/**
 * Load a checked dataset in one database transaction: all of it or none of it. Idempotent: rows
 * whose id exists are skipped, so loading the same file twice changes nothing.
 */
export async function loadDataset(db: Database, ds: Dataset, onProgress: (rows: number) => void = () => {}): Promise<LoadResult> {
  const started = performance.now();
  const inserted = await db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const users = await insertRows(t, "users", "user_id", [
      col<Dataset["users"][number]>("user_id", "text", (r) => r.user_id),
      col<Dataset["users"][number]>("full_name", "text", (r) => r.full_name),
      col<Dataset["users"][number]>("email", "text", (r) => r.email),
      col<Dataset["users"][number]>("consent_status", "text", (r) => r.consent_status),
      col<Dataset["users"][number]>("created_at", "timestamptz", (r) => r.created_at),
    ], ds.users, onProgress);
    type A = Dataset["accounts"][number];
    const accounts = await insertRows(t, "accounts", "account_id", [
      col<A>("account_id", "text", (r) => r.account_id),
      col<A>("user_id", "text", (r) => r.user_id),
      col<A>("type", "text", (r) => r.type),
      col<A>("subtype", "text", (r) => r.subtype),
      col<A>("balance_available", "numeric", (r) => r.balance_available),
      col<A>("balance_current", "numeric", (r) => r.balance_current),
      col<A>("balance_limit", "numeric", (r) => r.balance_limit),
      col<A>("iso_currency_code", "text", (r) => r.iso_currency_code),
      col<A>("mask", "text", (r) => r.mask),
    ], ds.accounts, onProgress);
    type T = Dataset["transactions"][number];
    const transactions = await insertRows(t, "transactions", "transaction_id", [
      col<T>("transaction_id", "text", (r) => r.transaction_id),
      col<T>("account_id", "text", (r) => r.account_id),
      col<T>("user_id", "text", (r) => r.user_id),
      col<T>("date", "date", (r) => r.date),
      col<T>("amount", "numeric", (r) => r.amount),
      col<T>("merchant_name", "text", (r) => r.merchant_name),
      col<T>("payment_channel", "text", (r) => r.payment_channel),
      col<T>("category_primary", "text", (r) => r.category_primary),
      col<T>("category_detailed", "text", (r) => r.category_detailed),
      col<T>("pending", "boolean", (r) => r.pending),
    ], ds.transactions, onProgress);
    type L = Dataset["liabilities"][number];
    const liabilities = await insertRows(t, "liabilities", "liability_id", [
      col<L>("liability_id", "text", (r) => r.liability_id),
      col<L>("account_id", "text", (r) => r.account_id),
      col<L>("user_id", "text", (r) => r.user_id),
      col<L>("liability_type", "text", (r) => r.liability_type),
      col<L>("apr_percentage", "float8", (r) => r.apr_percentage),
      col<L>("minimum_payment_amount", "numeric", (r) => r.minimum_payment_amount),
      col<L>("last_payment_amount", "numeric", (r) => r.last_payment_amount),
      col<L>("is_overdue", "boolean", (r) => r.is_overdue),
      col<L>("next_payment_due_date", "date", (r) => r.next_payment_due_date),
      col<L>("last_statement_balance", "numeric", (r) => r.last_statement_balance),
    ], ds.liabilities, onProgress);
    return { users, accounts, transactions, liabilities };
  });
  const skipped = {
    users: ds.users.length - inserted.users,
    accounts: ds.accounts.length - inserted.accounts,
    transactions: ds.transactions.length - inserted.transactions,
    liabilities: ds.liabilities.length - inserted.liabilities,
  };
  return { inserted, skipped, ms: performance.now() - started };
}

export const datasetRowCount = (ds: Dataset) => ds.users.length + ds.accounts.length + ds.transactions.length + ds.liabilities.length;
