import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const LONG = "9".repeat(10_000);
const SQL = "1; drop table users; --";

/**
 * Hostile arguments to every script that takes values: each is refused with one line naming the
 * option, a non-zero exit, and before anything is touched. The database points at a closed port,
 * so a script that went on to connect would fail with a different message.
 */
const CASES: [script: string, args: string[], names: RegExp][] = [
  ["scripts/generate-synthetic-data.ts", ["--num-users", "0"], /--num-users/],
  ["scripts/generate-synthetic-data.ts", ["--num-users", LONG], /--num-users/],
  ["scripts/generate-synthetic-data.ts", ["--seed", SQL], /--seed/],
  ["scripts/generate-synthetic-data.ts", ["--as-of", "2026-02-30"], /--as-of/],
  ["scripts/generate-synthetic-data.ts", ["--num-users", "100001"], /--num-users/],
  ["scripts/generate-synthetic-data.ts", ["--first-id", "1000000"], /--first-id/],
  ["scripts/generate-synthetic-data.ts", ["--first-id", "999999"], /--first-id/],
  ["scripts/generate-synthetic-data.ts", ["--consent-rate", "1.5"], /--consent-rate/],
  ["scripts/load-data.ts", ["data/none.json", "--batch-size", "0"], /--batch-size/],
  ["scripts/populate-vector-db.ts", ["--batch-size", "-5"], /--batch-size/],
  ["scripts/populate-vector-db.ts", ["--batch-size", "abc"], /--batch-size/],
  ["scripts/generate-all-recommendations.ts", ["--batch-size", "0"], /--batch-size/],
  ["scripts/test-hybrid-engine.ts", ["--window", "45"], /--window/],
  ["scripts/test-hybrid-engine.ts", ["--base-url", "http://example.com"], /--base-url/],
  ["scripts/bench-api.ts", ["--requests", LONG], /--requests/],
  ["scripts/bench-vector.ts", ["--queries", "0"], /--queries/],
  ["scripts/test-vector-search.ts", ["--threshold", "2"], /--threshold/],
  ["scripts/eval.ts", ["--index-users", "１２"], /--index-users/],
  ["scripts/load-test.ts", ["--duration", "1e2"], /--duration/],
];

describe("scripts refuse hostile arguments", () => {
  const label = (args: string[]) => args.map((a) => (a.length > 30 ? `<${a.length} chars>` : a)).join(" ");
  it.each(CASES.map(([script, args, names]) => [script, label(args), args, names] as const))(
    "%s %s",
    async (script, _label, args, names) => {
      const err = await run(process.execPath, ["--import", "tsx", script, ...args], {
        env: {
          ...process.env,
          DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:1/postgres",
          DATABASE_WS_PROXY: "127.0.0.1:1/v1",
          API_BASE_URL: "http://127.0.0.1:1",
        },
        timeout: 30_000,
      }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(err, "the script accepted it").toBeDefined();
      expect(err!.code).toBeGreaterThan(0);
      const lines = err!.stderr.trim().split("\n");
      expect(lines, err!.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(names);
      expect(lines[0]).not.toMatch(/cannot reach|ECONNREFUSED|at .*\.ts:\d+/);
      expect(lines[0]!.length).toBeLessThan(600);
    },
  );
});
