import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";
import { migrateTestDatabase } from "./migrate-db";
import { startRealDatabase } from "./real-db";

/**
 * The test databases, on free loopback ports, migrated, shared by every test project, then stopped:
 * - an in-memory Postgres (PGlite, one session at a time), the Worker's database in its tests;
 * - a real PostgreSQL whose sessions run in parallel, for the races (test/setup/real-db.ts).
 * They hold no people: Worker tests make their own (test/worker/factories.ts).
 */
export default async function setup(project: TestProject) {
  const [embedded, realStarted] = await Promise.allSettled([startEmbeddedPostgres(), startRealDatabase()]);
  const stop = async () => {
    await Promise.all([embedded, realStarted].map((s) => (s.status === "fulfilled" ? s.value.stop() : undefined)));
  };
  if (embedded.status === "rejected" || realStarted.status === "rejected") {
    await stop(); // the one that did start
    throw embedded.status === "rejected" ? embedded.reason : (realStarted as PromiseRejectedResult).reason;
  }
  const [pg, real] = [embedded.value, realStarted.value];
  try {
    await migrateTestDatabase(pg.databaseUrl, pg.wsProxy);
  } catch (err) {
    await stop();
    throw err;
  }
  // The embedded server does not check passwords, so the URL the tests get carries a random one:
  // the secret grep of the run's logs (test/setup/secret-grep.ts) then looks for a real secret.
  const url = new URL(pg.databaseUrl);
  url.password = `pw-${randomBytes(12).toString("hex")}`;
  project.provide("databaseUrl", url.toString());
  project.provide("databaseWsProxy", pg.wsProxy);
  project.provide("realDatabaseUrl", real.databaseUrl);
  project.provide("realDatabaseWsProxy", real.wsProxy);
  return stop;
}
