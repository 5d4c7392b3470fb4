import { openDatabase } from "../../scripts/lib/db";
import { loadDataset } from "../../scripts/lib/dataset-loader";
import { migrateDatabase } from "../../scripts/lib/migrate";
import { generateDataset } from "../../scripts/lib/synthetic/dataset-generator";

export interface SeededUser {
  user_id: string;
  persona: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseWsProxy: string;
    seededUsers: SeededUser[];
  }
}

/** The population every Worker test can read: small, seeded, with every persona present. */
export const SEED_POPULATION = { numUsers: 40, seed: 11, asOf: "2026-11-01" } as const;

/** Migrate a test database through its bridge and load the seed population into it. */
export async function migrateAndSeed(databaseUrl: string, wsProxy: string): Promise<SeededUser[]> {
  const handle = await openDatabase({ databaseUrl, wsProxy });
  const generated = generateDataset(SEED_POPULATION);
  try {
    await migrateDatabase(handle);
    await loadDataset(handle, generated.dataset);
  } finally {
    await handle.close();
  }
  return generated.dataset.users.map((u, i) => ({ user_id: u.user_id, persona: generated.personas[i]! }));
}
