import { resolve } from "node:path";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../../src/db/client";
import { writeDataset } from "./synthetic/dataset-writer";
import { loadDatasetFile } from "./dataset-loader";
import { ROOT } from "./local-settings";

const DEFAULT_POPULATION = { numUsers: 500, seed: 42 } as const;

/**
 * On an empty database, generate and load the default population so the API has data on first
 * start. Returns what it did, or undefined when users already exist.
 */
export async function seedIfEmpty(
  handle: DatabaseHandle,
  log: (line: string) => void = console.log,
): Promise<{ users: number; ms: number } | undefined> {
  const { rows } = await handle.db.execute<{ any: boolean }>(sql`select exists(select 1 from users) as any`);
  if (rows[0]?.any) return undefined;
  const started = performance.now();
  log(`Empty database: generating ${DEFAULT_POPULATION.numUsers} synthetic users (seed ${DEFAULT_POPULATION.seed}) …`);
  const written = await writeDataset({ ...DEFAULT_POPULATION, outDir: resolve(ROOT, "data") });
  const result = await loadDatasetFile(handle, written.path);
  const ms = performance.now() - started;
  log(
    `Loaded ${result.inserted.users} users and ${result.inserted.transactions} transactions from ${written.path} in ${(ms / 1000).toFixed(1)} s.`,
  );
  return { users: result.inserted.users, ms };
}
