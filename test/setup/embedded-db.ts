import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../scripts/lib/db";
import { loadDataset } from "../../scripts/lib/dataset-loader";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
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

/**
 * An in-memory Postgres on free loopback ports, migrated and loaded with a small synthetic
 * population, shared by every test project, then stopped.
 */
export default async function setup(project: TestProject) {
  const pg = await startEmbeddedPostgres();
  const handle = await openDatabase({ databaseUrl: pg.databaseUrl, wsProxy: pg.wsProxy });
  const generated = generateDataset(SEED_POPULATION);
  try {
    await migrateDatabase(handle);
    await loadDataset(handle.sessionDb, generated.dataset);
  } finally {
    await handle.close();
  }
  // The embedded server does not check passwords, so the URL the tests get carries a random one:
  // the secret grep of the run's logs (test/setup/secret-grep.ts) then looks for a real secret.
  const url = new URL(pg.databaseUrl);
  url.password = `pw-${randomBytes(12).toString("hex")}`;
  project.provide("databaseUrl", url.toString());
  project.provide("databaseWsProxy", pg.wsProxy);
  project.provide(
    "seededUsers",
    generated.dataset.users.map((u, i) => ({ user_id: u.user_id, persona: generated.personas[i]! })),
  );
  return async () => {
    await pg.stop();
  };
}
