import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { runMain } from "./lib/cli";
import { ROOT } from "./lib/local-settings";
import { EVAL_DOCS_MODULE, renderEvalDocsModule } from "./lib/console-docs";

const program = new Command("console:docs")
  .description(
    `Build ${EVAL_DOCS_MODULE}: the calibration tables and chart of docs/eval as HTML and SVG, which the operator console serves from the Worker.`,
  )
  .option("--check", "write nothing; exit 1 if the module is out of step with docs/eval")
  .action((opts: { check?: boolean }) => {
    const target = join(ROOT, EVAL_DOCS_MODULE);
    const text = renderEvalDocsModule(join(ROOT, "docs/eval"));
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      // not built yet
    }
    if (opts.check) {
      if (current !== text) throw new Error(`${EVAL_DOCS_MODULE} is out of step with docs/eval: run npm run console:docs`);
      console.log(`${EVAL_DOCS_MODULE} is in step with docs/eval.`);
      return;
    }
    if (current === text) return console.log(`${EVAL_DOCS_MODULE} already in step with docs/eval.`);
    writeFileSync(target, text);
    console.log(`Wrote ${EVAL_DOCS_MODULE}.`);
  });

await runMain(program);
