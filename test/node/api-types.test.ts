import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_TYPES_MODULE, API_TYPES_PATH, renderApiTypes } from "../../scripts/lib/api-types";
import { servedDocument } from "../support/served-document";

describe("the typed client's types", () => {
  it("are in step with the document the Worker serves (run npm run api:types after changing a contract)", async () => {
    const generated = await renderApiTypes(await servedDocument());
    expect(readFileSync(API_TYPES_PATH, "utf8") === generated, `${API_TYPES_MODULE} is stale: run npm run api:types`).toBe(true);
  });
});
