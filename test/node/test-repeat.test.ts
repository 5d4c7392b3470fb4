import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { failingTests, percentile, readmeCommands } from "../../scripts/lib/test-repeat";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");

describe("test:repeat's pieces", () => {
  it("reads the README's install and test commands, and CI runs exactly those", () => {
    const commands = readmeCommands(readFileSync(join(ROOT, "README.md"), "utf8"));
    expect(commands).toEqual({ install: "npm install", test: "npm test" });
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8")
      .split("\n")
      .filter((l) => l && !l.startsWith("#") && !l.startsWith("set ") && !l.startsWith("cd "));
    expect(ci).toEqual([commands.install, commands.test]);
  });

  it("refuses a README without the block", () => {
    expect(() => readmeCommands("# x\n\n## Other\n```\nnpm i\n```\n")).toThrow(/Two commands/);
  });

  it("names each failing test once, from vitest's coloured output", () => {
    const output = [
      "\u001b[31m FAIL \u001b[39m \u001b[30m\u001b[46m worker \u001b[49m\u001b[39m test/worker/a.test.ts\u001b[2m > \u001b[22mconcurrent reviews\u001b[2m > \u001b[22mapprove and reject",
      " ✓ test/node/b.test.ts (3 tests)",
      " FAIL  worker test/worker/a.test.ts > concurrent reviews > approve and reject",
      " FAIL  node test/node/c.test.ts > other > one",
      "Test Files  2 failed | 1 passed (3)",
    ].join("\n");
    expect(failingTests(output)).toEqual([
      "worker test/worker/a.test.ts > concurrent reviews > approve and reject",
      "node test/node/c.test.ts > other > one",
    ]);
  });

  it("takes nearest-rank percentiles", () => {
    expect(percentile([140, 120, 150, 130, 160], 50)).toBe(140);
    expect(percentile([140, 120, 150, 130, 160], 90)).toBe(160);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBe(90);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("npm run test:repeat", () => {
  /** A repository whose README's commands are tiny: the test step fails when a file says so. */
  async function tinyRepo(): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "repeat-repo-"));
    const git = (...args: string[]) => run("git", args, { cwd: dir });
    writeFileSync(
      join(dir, "README.md"),
      "# Tiny\n\n## Two commands\n```sh\necho installed > installed.txt && npm start   # serves\nnode check.mjs               # tests\n```\n",
    );
    writeFileSync(
      join(dir, "check.mjs"),
      'import { existsSync } from "node:fs";\nif (!existsSync("installed.txt")) { console.log("not installed"); process.exit(2); }\nif (existsSync("broken")) { console.log(" FAIL  node test/x.test.ts > suite > breaks"); process.exit(1); }\nconsole.log("ok");\n',
    );
    await git("init", "--quiet");
    await git("add", "-A");
    await git("-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "tiny");
    return dir;
  }
  const repeat = (cwd: string, runs: number) =>
    // tsx from this repository (the tiny one has no node_modules), by its file URL.
    run(process.execPath, ["--import", import.meta.resolve("tsx"), join(ROOT, "scripts/test-repeat.ts"), "--runs", String(runs)], {
      cwd,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, "tsconfig.json") },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it("runs the committed README commands in fresh clones: all pass, then a failing commit is reported with its test", async () => {
    const dir = await tinyRepo();
    const green = await repeat(dir, 2);
    expect(green.code, green.stderr).toBe(0);
    expect(green.stdout).toContain("2 of 2 passed");
    expect(green.stdout).toMatch(/\| 1 \| pass \|/);
    expect(green.stdout).toMatch(/p50 \d+ s, p90 \d+ s/);

    writeFileSync(join(dir, "broken"), "");
    // Uncommitted: the runs test the commit, which still passes.
    expect((await repeat(dir, 1)).code).toBe(0);
    await run("git", ["add", "-A"], { cwd: dir });
    await run("git", ["-c", "user.name=t", "-c", "user.email=t@example.test", "commit", "--quiet", "-m", "break"], { cwd: dir });
    const red = await repeat(dir, 1);
    expect(red.code).toBe(1);
    expect(red.stdout).toContain("0 of 1 passed");
    expect(red.stdout).toContain("FAIL (test)");
    expect(red.stdout).toContain("- node test/x.test.ts > suite > breaks");
  });
});
