import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { serveOpenAISimulator } from "../../scripts/lib/openai-simulator-server";

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), "spendsense-eval-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** `npm run eval` on tiny populations; keys set empty so a developer's .dev.vars is never used. */
async function evalScript(args: string[], env: Record<string, string> = {}) {
  return run(
    process.execPath,
    ["--import", "tsx", "scripts/eval.ts", "--index-users", "16", "--held-out-users", "4", "--out-dir", out, "--quiet", ...args],
    {
      env: { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", PINECONE_API_KEY: "", ...env },
      timeout: 120_000,
    },
  );
}

const rowsOf = (markdown: string) => markdown.split("\n").filter((l) => /^\| \d\.\d\d/.test(l));

describe("npm run eval, end to end on tiny populations", () => {
  it("calibrates the local embedder at every threshold and compares hybrid with always-LLM (simulated)", async () => {
    const { stdout } = await evalScript([
      "--compare-requests",
      "3",
      "--llm-delay-ms",
      "50",
      "--personality-users",
      "4",
      "--personality-held-out",
      "2",
      "--refusal-paragraphs",
      "100",
    ]);
    const calibration = readFileSync(join(out, "calibration.md"), "utf8");
    expect(calibration).toContain("# Threshold calibration: local-hash-v1-1536");
    expect(rowsOf(calibration)).toHaveLength(14);
    expect(calibration).toMatch(/\*\*(Recommended VECTOR_DB_SIMILARITY_THRESHOLD for local-hash-v1-1536: 0\.\d\d|No threshold passes)/);
    // What the script printed is what it wrote.
    for (const row of rowsOf(calibration)) expect(stdout).toContain(row);
    // The index was written by a disobedient model, and nothing of its authors reached anyone else.
    const leaky = Number(/(\d+) items carried their person's facts/.exec(stdout)?.[1]);
    const replaced = Number(/the reuse rule replaced (\d+) titles and contents at generation/.exec(stdout)?.[1]);
    expect(leaky).toBeGreaterThan(0);
    expect(replaced).toBeGreaterThan(0);
    for (const row of rowsOf(calibration)) expect(row).toMatch(/\| 0 \| 0\.0 \(\d+ reused\) \| \d+ \|/);
    // …and items were reused, so "0 leaks" is a finding, not an empty check (lowest threshold first).
    expect(Number(/\((\d+) reused\)/.exec(rowsOf(calibration)[0]!)?.[1])).toBeGreaterThan(0);
    const svg = readFileSync(join(out, "calibration.svg"), "utf8");
    expect(svg).toMatch(/^<svg /);
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    // The reuse rule per personality: a row each, every one with items that carried the person
    // (but obedient), items reused, 0 leaks; and the false-refusal rate.
    const personalities = readFileSync(join(out, "personalities.md"), "utf8");
    const rows = personalities.split("\n").filter((l) => /^\| [a-z_]+ \| \d+ \|/.test(l));
    expect(rows.map((r) => r.split(" | ")[0]!.slice(2))).toEqual([
      "obedient",
      "figures",
      "short_names",
      "first_name",
      "slang_amounts",
      "relative_dates",
    ]);
    for (const row of rows) {
      const [, carrying, , leaks, reused] = row.split(" | ");
      expect(Number(leaks), row).toBe(0);
      expect(Number(reused), row).toBeGreaterThan(0);
      if (!row.startsWith("| obedient")) expect(Number(carrying), row).toBeGreaterThan(0);
    }
    expect(personalities).toMatch(/False refusals: the rule refused \d+ of 100 held-out generic paragraphs/);
    const comparison = readFileSync(join(out, "comparison.md"), "utf8");
    expect(comparison).toMatch(/\*\*The LLM is simulated\*\*/);
    // The always-LLM mode calls the (simulated) LLM once per request, and it costs something.
    expect(comparison).toMatch(
      /\| always the LLM \(use_vector_db=false\) \| 3 \| openai_4o_mini 3 \| 3 \| [\d.]+ s \| [\d.]+ s \| \d+ \| \$0\.\d+ \|/,
    );
  });

  it("with an OpenAI key, calibrates OpenAI embeddings into calibration-openai.md (OpenAI faked at its HTTP API)", async () => {
    const openai = await serveOpenAISimulator();
    try {
      // Tiny populations: this one checks which embedder and model are used, not the calibration.
      await evalScript(["--index-users", "6", "--held-out-users", "3", "--compare-requests", "0", "--personality-users", "0"], {
        OPENAI_API_KEY: "fake-openai-key-for-the-eval-test",
        OPENAI_BASE_URL: openai.baseURL,
      });
      expect(openai.stats.embeddings).toBeGreaterThan(0);
      expect(openai.stats.chat).toBe(0); // the index is written by the eval's own simulated model, never the configured one
    } finally {
      await openai.close();
    }
    const calibration = readFileSync(join(out, "calibration-openai.md"), "utf8");
    expect(calibration).toContain("# Threshold calibration: openai:text-embedding-3-small");
    expect(rowsOf(calibration)).toHaveLength(14);
  });
});
