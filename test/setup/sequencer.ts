import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest (seconds, with their setup, in a fresh clone's run), started first so
 * that the two workers finish together instead of one waiting on a long file started last. Vitest
 * would otherwise start the largest files first on a clean checkout (its duration cache is empty
 * in CI), and the longest files are small ones that start many processes.
 */
const SLOW_FILES: Record<string, number> = {
  "test/browser/console.browser.test.ts": 48,
  "test/node/eval-script.test.ts": 33,
  "test/node/embedded-db.test.ts": 25,
  "test/node/scripts.hostile.test.ts": 11,
  "test/node/synthetic-data.test.ts": 7,
  "test/node/data-pipeline.test.ts": 7,
  "test/node/fresh-cluster.test.ts": 7,
  "test/node/data-load-stream.test.ts": 6,
  "test/node/vector-store-pgvector.test.ts": 6,
  "test/node/vector-population.test.ts": 3,
  "test/node/synthetic-scale.test.ts": 2,
};

/** Projects whose files are kept together, ordered as one block of this many seconds (their runtime starts once per vitest worker). */
const SERIAL_PROJECTS: Record<string, number> = { worker: 35 };

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const weight = (spec: TestSpecification) =>
      SERIAL_PROJECTS[spec.project.name] ?? SLOW_FILES[relative(process.cwd(), spec.moduleId)] ?? 0;
    return sorted.sort((a, b) => weight(b) - weight(a));
  }
}
