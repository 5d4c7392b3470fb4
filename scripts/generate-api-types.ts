import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import { runMain } from "./lib/cli";
import { API_TYPES_MODULE, API_TYPES_PATH } from "./lib/api-types";

const program = new Command("api:types")
  .description(`Build ${API_TYPES_MODULE}: the typed client's types, from the OpenAPI document the Worker serves (GET /openapi.json).`)
  .option("--check", "write nothing; exit 1 if the module is out of step with the served document")
  .action(async (opts: { check?: boolean }) => {
    const [{ servedOpenAPIDocument }, { renderApiTypes }] = await Promise.all([
      import("./lib/openapi-document"),
      import("./lib/api-types"),
    ]);
    const text = await renderApiTypes(await servedOpenAPIDocument());
    let current = "";
    try {
      current = readFileSync(API_TYPES_PATH, "utf8");
    } catch {
      // not built yet
    }
    if (opts.check) {
      if (current !== text) throw new Error(`${API_TYPES_MODULE} is out of step with the served document: run npm run api:types`);
      return console.log(`${API_TYPES_MODULE} is in step with the served document.`);
    }
    if (current === text) return console.log(`${API_TYPES_MODULE} already in step with the served document.`);
    writeFileSync(API_TYPES_PATH, text);
    console.log(`Wrote ${API_TYPES_MODULE}.`);
  });

await runMain(program);
