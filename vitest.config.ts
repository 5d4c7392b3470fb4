import { tmpdir } from "node:os";
import { join } from "node:path";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { SecretGrepReporter } from "./test/setup/secret-grep.ts";
import { SlowFirstSequencer } from "./test/setup/sequencer.ts";
import { TEST_TOKENS } from "./test/setup/tokens.ts";

// Tests start many Node processes (every script's --help, hostile arguments, the stacks): Node's
// on-disk compile cache spares each of them compiling the same dependencies again.
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), "spendsense-node-compile-cache");

/** The Worker's test bindings besides the injected database ones (the secret grep reads these). */
const WORKER_BINDINGS = {
  API_TOKEN: TEST_TOKENS.user,
  OPERATOR_TOKEN: TEST_TOKENS.operator,
  USER_TOKEN_SECRET: TEST_TOKENS.userTokenSecret,
  OPENAI_API_KEY: "",
  PINECONE_API_KEY: "",
  // No random quality samples among other tests' queue messages; test/worker/quality.happy.test.ts turns them on.
  QUALITY_SAMPLE_RATE: "0",
};

export default defineConfig({
  test: {
    // Vitest's default on a 2-core machine is one worker; the node tests mostly wait on child
    // processes and sockets, so two keep both cores busy.
    maxWorkers: 2,
    // The longest files start first (test/setup/sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
    // The test databases (in-memory PGlite, and a real PostgreSQL for the races) on free loopback ports, migrated, stopped at the end.
    globalSetup: ["test/setup/embedded-db.ts"],
    // The Worker logs a JSON line per request; show it only for tests that fail.
    silent: "passed-only",
    // Every log line of the run is kept in .scratch/test-logs/; a configured secret in it fails the run.
    reporters: ["default", new SecretGrepReporter({ bindings: WORKER_BINDINGS, logDir: ".scratch/test-logs" })],
    projects: [
      {
        // Scripts, the DB factory and the embedded database, in Node.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The Worker in the real Workers runtime (Miniflare's KV and Queues) against the embedded
        // database (PGlite, one session at a time); the races point it at the real PostgreSQL,
        // whose sessions run in parallel (test/worker/concurrency.happy.test.ts).
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                DATABASE_URL: inject<string>("databaseUrl"),
                DATABASE_WS_PROXY: inject<string>("databaseWsProxy"),
                ...WORKER_BINDINGS,
              },
            },
          })),
        ],
        // compromise's ESM source does not load in the Workers test runner's module graph; its own
        // prebuilt ESM bundle of the same version does (wrangler's esbuild bundles the source fine).
        resolve: {
          alias: [
            {
              find: /^compromise$/,
              replacement: new URL("./node_modules/compromise/builds/three/compromise-three.mjs", import.meta.url).pathname,
            },
          ],
        },
        test: {
          name: "worker",
          include: ["test/worker/**/*.test.ts"],
          testTimeout: 30_000,
          // Each vitest worker keeps one Workers runtime and one module graph for the files it runs,
          // one after another: loading the Worker's modules once per file cost three quarters of the
          // project's time. Each test owns the people it uses (test/worker/factories.ts), and what a
          // file changes globally (fetch, console spies) it restores in its afterAll.
          isolate: false,
        },
      },
      {
        // The operator console in a real headless Chromium (@sparticuz/chromium, playwright-core),
        // against its own stack: in-memory Postgres and `wrangler dev` on free ports.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          isolate: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // expect.poll's default of 1 s is shorter than one evaluate round trip into a Chromium whose
          // renderer shares 2 loaded cores with the rest of the suite (CI failed on exactly that once).
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
