// Preloaded with `node --import`: on exit, writes the files the process loaded, one line on stderr
// ("loaded: […]", paths relative to the working directory). Used to check what `--help` loads.
import { registerHooks } from "node:module";
import { pathToFileURL } from "node:url";

const root = pathToFileURL(`${process.cwd()}/`).href;
const loaded = new Set();
registerHooks({
  load(url, context, nextLoad) {
    if (url.startsWith(root)) loaded.add(url.slice(root.length));
    return nextLoad(url, context);
  },
});
process.on("exit", () => process.stderr.write(`\nloaded: ${JSON.stringify([...loaded])}\n`));
