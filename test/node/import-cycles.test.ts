/**
 * No module imports itself back, type imports included (dpdm over the Worker's entry point and
 * every script): a circle means two modules that are one concept split wrongly, or a sender that
 * reaches into its consumer.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { parseCircular, parseDependencyTree } from "dpdm";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const ENTRIES = [
  "src/index.ts",
  ...readdirSync(join(ROOT, "scripts"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `scripts/${f}`),
];

describe("imports", () => {
  it("form no circle, from the Worker's entry point or any script", async () => {
    const tree = await parseDependencyTree(ENTRIES, {
      context: ROOT,
      transform: false,
      skipDynamicImports: false,
      include: /\.tsx?$/,
      exclude: /node_modules/,
    });
    expect(Object.keys(tree).length).toBeGreaterThan(100);
    expect(parseCircular(tree).map((circle) => circle.join(" -> "))).toEqual([]);
  });
});
