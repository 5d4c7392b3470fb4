import { copyFileSync, mkdtempSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFreshCluster, savedClusterFile } from "../../scripts/lib/fresh-cluster";

const dir = mkdtempSync(join(tmpdir(), "spendsense-cluster-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const extensions = async (db: Awaited<ReturnType<typeof createFreshCluster>>) =>
  (await db.query<{ extname: string }>("SELECT extname FROM pg_extension ORDER BY 1")).rows.map((r) => r.extname);

describe("the saved fresh cluster every embedded Postgres starts from", () => {
  // The test run's own database was started from the default copy, so it exists.
  const copy = join(dir, basename(savedClusterFile()));

  it("starts from the saved copy, leaving it as it was: an empty cluster with pgvector", async () => {
    copyFileSync(savedClusterFile(), copy);
    const before = statSync(copy);
    const db = await createFreshCluster(dir);
    try {
      expect(await extensions(db)).toEqual(["plpgsql", "vector"]);
      expect((await db.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
    expect(statSync(copy).mtimeMs).toBe(before.mtimeMs);
  });

  it("makes the cluster again, and a whole new copy, when the saved one is cut short", async () => {
    const full = statSync(copy).size;
    truncateSync(copy, 4096);
    const db = await createFreshCluster(dir);
    try {
      expect(await extensions(db)).toEqual(["plpgsql", "vector"]);
    } finally {
      await db.close();
    }
    expect(statSync(copy).size).toBe(full);
  });
});
