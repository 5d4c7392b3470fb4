import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest (seconds, on 2 idle cores; README's Tests section), started first so
 * that the two workers finish together instead of one waiting on a long file started last. Vitest
 * would otherwise start the largest files first on a clean checkout (its duration cache is empty
 * in CI), and the longest files are small ones that start many processes.
 */
const SLOW_FILES: Record<string, number> = {
  "test/browser/console.browser.test.ts": 75,
  "test/node/embedded-db.test.ts": 70,
  "test/node/eval-script.test.ts": 45,
  "test/node/scripts.hostile.test.ts": 30,
  "test/node/data-pipeline.test.ts": 20,
  "test/node/data-load-stream.test.ts": 17,
  "test/node/vector-store-pgvector.test.ts": 15,
  "test/node/synthetic-data.test.ts": 15,
  "test/node/vector-population.test.ts": 11,
};

/** Projects whose files run one after another in one runtime, as one block of this many seconds. */
const SERIAL_PROJECTS: Record<string, number> = { worker: 35 };

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const weight = (spec: TestSpecification) =>
      SERIAL_PROJECTS[spec.project.name] ?? SLOW_FILES[relative(process.cwd(), spec.moduleId)] ?? 0;
    return sorted.sort((a, b) => weight(b) - weight(a));
  }
}
