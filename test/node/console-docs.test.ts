import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EVAL_DOCS_MODULE, renderEvalDocsModule } from "../../scripts/lib/console-docs";
import { ROOT } from "../../scripts/lib/local-settings";

describe("the console's built-in copy of docs/eval", () => {
  it("is in step with docs/eval (run npm run console:docs after changing it)", () => {
    const built = readFileSync(join(ROOT, EVAL_DOCS_MODULE), "utf8");
    expect(built === renderEvalDocsModule(join(ROOT, "docs/eval")), `${EVAL_DOCS_MODULE} is stale: run npm run console:docs`).toBe(true);
  });

  it("holds the calibration table and serves its chart from the console", () => {
    const text = renderEvalDocsModule(join(ROOT, "docs/eval"));
    expect(text).toContain("<table>");
    expect(text).toContain('src=\\"/console/eval/calibration.svg\\"');
    expect(text).toContain('"calibration.svg": "<svg');
    // No heading level 1: the console page has its own.
    expect(text).not.toContain("<h1>");
  });
});
