/**
 * Load a dataset ({users, accounts, transactions, liabilities}, docs/DATA_FORMAT.md) into Postgres.
 *
 * The file is streamed: records are checked one by one as they are parsed (schema, then references
 * across records) and written in batches inside one database transaction, so no record outlives
 * its batch: what grows with the file is only the ids kept for the reference checks (users,
 * accounts and liabilities exactly, transaction ids as 64-bit hashes). A bad record anywhere stops the writing and rolls everything
 * back, naming the record: all or nothing.
 *
 * Without `upsert`, a row whose id exists is left as it is, so loading the same file twice changes
 * nothing. With it, existing rows get the file's values for their changeable fields (never a user's
 * consent). Either way the result lists the people whose financial data changed, for whoever has to
 * refresh what was computed from it.
 */
import { readFile, writeFile } from "node:fs/promises";
import type { DatabaseHandle, SessionDatabase as Database } from "../../src/db/client";
import type { Dataset, DatasetCollection } from "../../src/domain/dataset";
import { DatasetChecker } from "./dataset/checker";
import { DEFAULT_BATCH_SIZE } from "./dataset/defaults";
import { COLLECTIONS, DatasetError, fileRecords, memoryRecords, type RecordSource } from "./dataset/records";
import { TableWriter, type Counts } from "./dataset/tables";

export { DatasetError } from "./dataset/records";

export interface LoadOptions {
  /** Update rows whose id exists (changeable fields only) instead of leaving them as they are. */
  upsert?: boolean;
  batchSize?: number;
  /** Progress: rows written so far, and for a file the bytes read and its size. */
  onProgress?: (progress: { rows: number; bytesRead: number; bytesTotal: number }) => void;
}

export interface LoadResult {
  upsert: boolean;
  /** Per collection: rows inserted, updated (only with upsert) and left as they are. */
  counts: Record<DatasetCollection, Counts>;
  /** Shorthands of counts.*.inserted, counts.*.updated and counts.*.unchanged. */
  inserted: Record<DatasetCollection, number>;
  updated: Record<DatasetCollection, number>;
  unchanged: Record<DatasetCollection, number>;
  /**
   * The people whose financial data changed: one of their accounts, transactions or liabilities was
   * inserted or updated. Sorted. A user row alone (a new person with nothing, a new name) is not.
   */
  changedUserIds: string[];
  rows: number;
  ms: number;
}

const pick = (counts: Record<DatasetCollection, Counts>, k: keyof Counts) =>
  Object.fromEntries(COLLECTIONS.map((c) => [c, counts[c][k]])) as Record<DatasetCollection, number>;

function problemsError(label: string, checker: DatasetChecker, stoppedEarly: boolean): DatasetError {
  const tail = stoppedEarly ? "\n  (reading stopped there; there may be more)" : "";
  return new DatasetError(`${label} cannot be loaded, nothing was written:\n  ${checker.problems.join("\n  ")}${tail}`);
}

async function loadRecords(
  handle: DatabaseHandle,
  source: RecordSource,
  label: string,
  options: LoadOptions,
  progress: { bytesRead: number; bytesTotal: number },
): Promise<LoadResult> {
  try {
    return await loadInSession(handle.sessionDb, source, label, options, progress);
  } finally {
    // The embedded database serves one session at a time: end it, so HTTP queries can run.
    await handle.endSessions();
  }
}

async function loadInSession(
  db: Database,
  source: RecordSource,
  label: string,
  options: LoadOptions,
  progress: { bytesRead: number; bytesTotal: number },
): Promise<LoadResult> {
  const started = performance.now();
  const upsert = options.upsert ?? false;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let rows = 0;
  const checker = new DatasetChecker();
  const writer = await db.transaction(async (tx) => {
    const w = new TableWriter(tx as unknown as Database, upsert, batchSize, (n) => {
      rows += n;
      options.onProgress?.({ rows, ...progress });
    });
    try {
      for await (const group of source()) {
        for (const raw of group) {
          const checked = checker.check(raw);
          if (checked && checker.ok) {
            w.add(checked);
            if (w.pending >= batchSize) await w.flush();
          }
          if (checker.full) break;
        }
        if (checker.full) break;
      }
      if (checker.ok) await w.finish();
    } catch (err) {
      // A duplicate transaction id can make the database refuse a batch before it is confirmed.
      if (checker.pendingCandidates > 0 && !(err instanceof DatasetError)) {
        await checker.confirmDuplicates(source);
        if (!checker.ok) throw problemsError(label, checker, false);
      }
      throw err;
    }
    await checker.confirmDuplicates(source);
    if (!checker.ok) {
      await w.settle();
      throw problemsError(label, checker, checker.full);
    }
    return w;
  });
  return {
    upsert,
    counts: writer.counts,
    inserted: pick(writer.counts, "inserted"),
    updated: pick(writer.counts, "updated"),
    unchanged: pick(writer.counts, "unchanged"),
    changedUserIds: [...writer.changedUsers].sort(),
    rows,
    ms: performance.now() - started,
  };
}

/** Load a dataset file by streaming it; see the module comment. */
export async function loadDatasetFile(db: DatabaseHandle, path: string, options: LoadOptions = {}): Promise<LoadResult> {
  const progress = { bytesRead: 0, bytesTotal: 0 };
  const source = fileRecords(path, (read, total) => {
    progress.bytesRead = read;
    progress.bytesTotal = total;
  });
  return loadRecords(db, source, path, options, progress);
}

/** Load a dataset already in memory (generated in a test or a script), through the same checks. */
export async function loadDataset(db: DatabaseHandle, ds: Dataset, options: LoadOptions = {}): Promise<LoadResult> {
  return loadRecords(db, memoryRecords(ds), "the dataset", options, { bytesRead: 0, bytesTotal: 0 });
}

/**
 * Read and check a whole file into memory, writing nothing: for small files (tests, the default
 * population). Throws DatasetError naming the first bad records.
 */
export async function readDataset(path: string): Promise<Dataset> {
  const source = fileRecords(path);
  const checker = new DatasetChecker();
  const ds: Dataset = { users: [], accounts: [], transactions: [], liabilities: [] };
  read: for await (const group of source()) {
    for (const raw of group) {
      const checked = checker.check(raw);
      if (checked) (ds[checked.collection] as unknown[]).push(checked.record);
      if (checker.full) break read;
    }
  }
  await checker.confirmDuplicates(source);
  if (!checker.ok) throw problemsError(path, checker, checker.full);
  return ds;
}

/** Write `changedUserIds` one per line (`data:load --changed-users <file>`). */
export async function writeChangedUsersFile(path: string, userIds: readonly string[]): Promise<void> {
  await writeFile(path, userIds.map((id) => `${id}\n`).join(""));
}

/** The user_ids a `--changed-users` file lists, for a later step (retiring caches, recomputing profiles). */
export async function readChangedUsersFile(path: string): Promise<string[]> {
  return (await readFile(path, "utf8")).split("\n").filter((line) => line.length > 0);
}
