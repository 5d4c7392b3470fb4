/**
 * The document the Worker serves, linted as a client author would: Redocly (recommended) and
 * Spectral (spectral:oas), with the checked-in rulesets (redocly.yaml, .spectral.yaml, each rule
 * turned off there says why). Every error and every warning fails the test.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedDocument } from "../support/served-document";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
/** No update check or telemetry: the suite runs offline. */
const OFFLINE = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };

let dir: string;
let file: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "openapi-lint-"));
  file = join(dir, "openapi.json");
  writeFileSync(file, JSON.stringify(await servedDocument(), null, 2));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a linter's CLI; a non-zero exit still has its report on stdout. */
async function lint(cli: string, args: string[]): Promise<string> {
  try {
    return (await run(process.execPath, [join(ROOT, cli), ...args], { cwd: ROOT, env: OFFLINE, maxBuffer: 32 << 20 })).stdout;
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    if (stdout?.trim()) return stdout;
    throw new Error(`${cli} failed: ${stderr}`);
  }
}

describe("the served OpenAPI document", () => {
  it("has no Redocly error or warning (recommended, redocly.yaml)", async () => {
    const report = JSON.parse(
      await lint("node_modules/@redocly/cli/bin/cli.js", ["lint", "--config", "redocly.yaml", "--format", "json", file]),
    ) as {
      problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
    };
    expect(report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  });

  it("has no Spectral error, warning or hint (spectral:oas, .spectral.yaml)", async () => {
    const report = JSON.parse(
      await lint("node_modules/@stoplight/spectral-cli/dist/index.js", [
        "lint",
        "--ruleset",
        ".spectral.yaml",
        "--format",
        "json",
        "--quiet",
        "--fail-severity",
        "hint",
        file,
      ]),
    ) as {
      code: string;
      message: string;
      path: string[];
    }[];
    expect(report.map((p) => `${p.code} ${p.path.join(".")}: ${p.message}`)).toEqual([]);
  });
});
