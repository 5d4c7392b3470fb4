import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateTestDatabase } from "./migrate-db";

/**
 * An in-memory Postgres on free loopback ports, migrated, shared by every test project, then
 * stopped. It holds no people: Worker tests make their own (test/worker/factories.ts).
 */
export default async function setup(project: TestProject) {
  const pg = await startEmbeddedPostgres();
  await migrateTestDatabase(pg.databaseUrl, pg.wsProxy);
  // The embedded server does not check passwords, so the URL the tests get carries a random one:
  // the secret grep of the run's logs (test/setup/secret-grep.ts) then looks for a real secret.
  const url = new URL(pg.databaseUrl);
  url.password = `pw-${randomBytes(12).toString("hex")}`;
  project.provide("databaseUrl", url.toString());
  project.provide("databaseWsProxy", pg.wsProxy);
  return async () => {
    await pg.stop();
  };
}
