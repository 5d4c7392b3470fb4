import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";

/**
 * An empty in-memory Postgres with pgvector installed, started from a saved copy of a fresh cluster.
 *
 * Creating a PGlite runs initdb in WebAssembly: about 4–6 s of CPU on every start, and a test run
 * starts a dozen of them. Loading a saved data directory does the same in about half. The copy is
 * a fresh cluster plus `CREATE EXTENSION vector`, nothing of ours (migrations still run for real),
 * kept under node_modules/.cache and named after the PGlite and pgvector versions, so an upgrade
 * makes a new one. A copy that does not load is made again.
 */
export async function createFreshCluster(cacheDir = defaultCacheDir()): Promise<PGlite> {
  const file = savedClusterFile(cacheDir);
  const saved = readIfPresent(file);
  if (saved) {
    try {
      return await PGlite.create(undefined, { extensions: { vector }, loadDataDir: new Blob([saved]) });
    } catch {
      // A truncated or foreign file: make the cluster again below and replace the copy.
    }
  }
  const db = await PGlite.create(undefined, { extensions: { vector } });
  await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
  const tarball = Buffer.from(await (await db.dumpDataDir("none")).arrayBuffer());
  mkdirSync(cacheDir, { recursive: true });
  // Written aside, then renamed: a process reading the copy never sees half of it.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, tarball);
  renameSync(partial, file);
  return db;
}

/** Where the saved cluster for these PGlite and pgvector versions lives. */
export function savedClusterFile(cacheDir = defaultCacheDir()): string {
  return join(cacheDir, `pglite-${clusterKey()}.tar`);
}

const require = createRequire(import.meta.url);

function defaultCacheDir(): string {
  return join(packageRoot("@electric-sql/pglite"), "..", "..", ".cache", "spendsense");
}

/** The versions of everything that shapes the cluster's files. */
function clusterKey(): string {
  const versions = ["@electric-sql/pglite", "@electric-sql/pglite-pgvector"].map((name) => {
    const pkg = JSON.parse(readFileSync(join(packageRoot(name), "package.json"), "utf8")) as { version: string };
    return `${name}@${pkg.version}`;
  });
  return createHash("sha256").update(versions.join("\n")).digest("hex").slice(0, 16);
}

/** node_modules/<name>, found from the file the package resolves to (its package.json is not exported). */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!dir.endsWith(join("node_modules", name))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = up;
  }
  return dir;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
