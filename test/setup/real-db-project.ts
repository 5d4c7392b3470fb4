import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

/**
 * The worker-pg project's global setup: a real PostgreSQL for its tests (test/setup/real-db.ts).
 * That module is loaded through the root project's module runner: this project's modules resolve
 * with the Workers runtime's conditions, where `ws` has no server.
 */
export default async function setup(project: TestProject) {
  const realDb = fileURLToPath(new URL("./real-db.ts", import.meta.url));
  const { startRealDatabase } = await project.vitest.import<typeof import("./real-db")>(realDb);
  return startRealDatabase(project);
}
