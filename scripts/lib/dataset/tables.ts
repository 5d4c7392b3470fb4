/**
 * Checked records into Postgres in batches: one `insert … select * from unnest(…)` statement per
 * batch, each column one array parameter. Without --upsert a row whose id exists is left as it is;
 * with it, the row's changeable fields are updated when they differ. Each statement reports what it
 * inserted and updated, and whose financial data (accounts, transactions, liabilities) that touched.
 */
import { sql, type SQL } from "drizzle-orm";
import type { SessionDatabase as Database } from "../../../src/db/client";
import type { DatasetCollection } from "../../../src/domain/dataset";
import type { CheckedRecord } from "./checker";
import { COLLECTIONS, DatasetError } from "./records";

interface Column {
  name: string;
  type: string;
}

interface TableSpec {
  table: DatasetCollection;
  key: string;
  columns: Column[];
  /** Fields --upsert updates when the file differs. */
  changeable: string[];
  /** Fields that say whose and what a record is: --upsert refuses a file that differs on them. */
  fixed: string[];
  /** Rows here are a person's financial data (their user_id is reported when one changes). */
  financial: boolean;
}

const c = (name: string, type = "text"): Column => ({ name, type });

/**
 * What --upsert may change. Consent is absent on purpose: it only changes through the API, where
 * it is recorded as a consent event.
 */
const TABLES: Record<DatasetCollection, TableSpec> = {
  users: {
    table: "users",
    key: "user_id",
    columns: [c("user_id"), c("full_name"), c("email"), c("consent_status"), c("created_at", "timestamptz")],
    changeable: ["full_name", "email"],
    fixed: [],
    financial: false,
  },
  accounts: {
    table: "accounts",
    key: "account_id",
    columns: [
      c("account_id"),
      c("user_id"),
      c("type"),
      c("subtype"),
      c("balance_available", "numeric"),
      c("balance_current", "numeric"),
      c("balance_limit", "numeric"),
      c("iso_currency_code"),
      c("mask"),
    ],
    changeable: ["balance_available", "balance_current", "balance_limit", "mask"],
    fixed: ["user_id", "type", "subtype"],
    financial: true,
  },
  transactions: {
    table: "transactions",
    key: "transaction_id",
    columns: [
      c("transaction_id"),
      c("account_id"),
      c("user_id"),
      c("date", "date"),
      c("amount", "numeric"),
      c("merchant_name"),
      c("payment_channel"),
      c("category_primary"),
      c("category_detailed"),
      c("pending", "boolean"),
    ],
    changeable: ["date", "amount", "merchant_name", "payment_channel", "category_primary", "category_detailed", "pending"],
    fixed: ["account_id", "user_id"],
    financial: true,
  },
  liabilities: {
    table: "liabilities",
    key: "liability_id",
    columns: [
      c("liability_id"),
      c("account_id"),
      c("user_id"),
      c("liability_type"),
      c("apr_percentage", "float8"),
      c("minimum_payment_amount", "numeric"),
      c("last_payment_amount", "numeric"),
      c("is_overdue", "boolean"),
      c("next_payment_due_date", "date"),
      c("last_statement_balance", "numeric"),
    ],
    changeable: [
      "apr_percentage",
      "minimum_payment_amount",
      "last_payment_amount",
      "is_overdue",
      "next_payment_due_date",
      "last_statement_balance",
    ],
    fixed: ["account_id", "user_id", "liability_type"],
    financial: true,
  },
};

const id = (name: string) => `"${name}"`;
const list = (names: string[], prefix = "") => names.map((n) => `${prefix}${id(n)}`).join(", ");

function statement(spec: TableSpec, columns: unknown[][], upsert: boolean): SQL {
  // sql.param keeps each array one parameter (a plain array would expand to $1, $2, …).
  const arrays = sql.join(
    spec.columns.map((col, i) => sql`${sql.param(columns[i])}::${sql.raw(col.type)}[]`),
    sql`, `,
  );
  const names = sql.raw(list(spec.columns.map((col) => col.name)));
  const table = sql.raw(id(spec.table));
  const key = sql.raw(id(spec.key));
  // A person loaded for the first time gets their initial consent recorded, as a change through the API would be.
  const consentEvents = (inserted: string) =>
    spec.table === "users"
      ? sql.raw(`, initial_consent as (insert into consent_events (user_id, action, actor)
          select "user_id", case "consent_status" when 'granted' then 'grant' else 'revoke' end, 'import' from up
          where ${inserted} and "consent_status" <> 'pending')`)
      : sql.raw("");
  const returned = sql.raw(spec.table === "users" ? `, "consent_status"` : "");
  if (!upsert) {
    return sql`with up as (insert into ${table} (${names}) select * from unnest(${arrays}) on conflict (${key}) do nothing returning "user_id"${returned})${consentEvents("true")}
      select count(*)::int as inserted, 0 as updated, coalesce(array_agg(distinct "user_id"), '{}') as users, '{}'::text[] as clashes from up`;
  }
  const changeable = spec.changeable;
  const set = sql.raw(changeable.map((n) => `${id(n)} = excluded.${id(n)}`).join(", "));
  const differs = sql.raw(`(${list(changeable, "t.")}) is distinct from (${list(changeable, "excluded.")})`);
  const clash =
    spec.fixed.length > 0
      ? sql.raw(`select f.${id(spec.key)} as k from f join ${id(spec.table)} t using (${id(spec.key)})
          where (${list(spec.fixed, "t.")}) is distinct from (${list(spec.fixed, "f.")}) limit 5`)
      : sql.raw(`select null::text as k where false`);
  return sql`with f (${names}) as (select * from unnest(${arrays})),
    clash as (${clash}),
    up as (insert into ${table} as t (${names}) select * from f on conflict (${key}) do update set ${set} where ${differs}
      returning t."user_id", (t.xmax = 0) as inserted${returned})${consentEvents("inserted")}
    select (select count(*) from up where inserted)::int as inserted, (select count(*) from up where not inserted)::int as updated,
      coalesce((select array_agg(distinct "user_id") from up), '{}') as users, coalesce((select array_agg(k) from clash), '{}') as clashes`;
}

export interface Counts {
  inserted: number;
  updated: number;
  /** Rows whose id was there already and that were left as they are. */
  unchanged: number;
}

interface Batch {
  columns: unknown[][];
  indices: number[];
}

const emptyBatch = (spec: TableSpec): Batch => ({ columns: spec.columns.map(() => []), indices: [] });

/**
 * Collects checked records into per-collection batches and writes them, collection by collection
 * in file order, with at most one statement in flight: the next batch fills while one is written.
 */
export class TableWriter {
  readonly counts = Object.fromEntries(COLLECTIONS.map((k) => [k, { inserted: 0, updated: 0, unchanged: 0 }])) as Record<
    DatasetCollection,
    Counts
  >;
  /** Users whose accounts, transactions or liabilities were inserted or changed. */
  readonly changedUsers = new Set<string>();
  private readonly batches = Object.fromEntries(COLLECTIONS.map((k) => [k, emptyBatch(TABLES[k])])) as Record<DatasetCollection, Batch>;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown;
  private rows = 0;

  constructor(
    private readonly db: Database,
    private readonly upsert: boolean,
    readonly batchSize: number,
    private readonly onWritten: (rows: number) => void = () => {},
  ) {}

  add(checked: CheckedRecord): void {
    const spec = TABLES[checked.collection];
    const batch = this.batches[checked.collection];
    const record = checked.record as Record<string, unknown>;
    spec.columns.forEach((col, i) => (batch.columns[i] as unknown[]).push(record[col.name]));
    batch.indices.push(checked.index);
    this.rows += 1;
  }

  /** Rows waiting for a statement. */
  get pending(): number {
    return this.rows;
  }

  /** Start writing every waiting batch (after the statement in flight); resolves once it started. */
  async flush(): Promise<void> {
    for (const collection of COLLECTIONS) {
      const batch = this.batches[collection];
      if (batch.indices.length === 0) continue;
      this.batches[collection] = emptyBatch(TABLES[collection]);
      this.rows -= batch.indices.length;
      await this.inFlight;
      if (this.failure) throw this.failure;
      this.inFlight = this.write(collection, batch).catch((err: unknown) => {
        this.failure = err;
      });
    }
  }

  /** Write what is left and wait for every statement. */
  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  /** Wait for the statement in flight, whatever its outcome (before rolling back). */
  async settle(): Promise<void> {
    await this.inFlight;
  }

  private async write(collection: DatasetCollection, batch: Batch): Promise<void> {
    const spec = TABLES[collection];
    const result = await this.db.execute<{ inserted: number; updated: number; users: string[]; clashes: string[] }>(
      statement(spec, batch.columns, this.upsert),
    );
    const row = result.rows[0] as { inserted: number; updated: number; users: string[]; clashes: string[] };
    if (row.clashes.length > 0) {
      const keys = batch.columns[0] as string[];
      const lines = row.clashes.map(
        (k) => `${collection}[${batch.indices[keys.indexOf(k)]}] (${k}): already in the database with another ${spec.fixed.join(" / ")}`,
      );
      throw new DatasetError(
        `--upsert updates a record's fields (${spec.changeable.join(", ")}) but never what it is or whose it is:\n  ${lines.join("\n  ")}`,
      );
    }
    const counts = this.counts[collection];
    counts.inserted += Number(row.inserted);
    counts.updated += Number(row.updated);
    counts.unchanged += batch.indices.length - Number(row.inserted) - Number(row.updated);
    if (spec.financial) for (const user of row.users) this.changedUsers.add(user);
    this.onWritten(batch.indices.length);
  }
}
