import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import pkg from "../../package.json";
import { call } from "./helpers";

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  security: Record<string, unknown[]>[];
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

/**
 * The console's pages (/console/…) are HTML for a browser behind its own session cookie, not
 * routes of the JSON API: they are not in the document, and not looked for.
 */
const NOT_API = /^\/console(\/|$)/;

/** `/users/:user_id` as OpenAPI writes it: `/users/{user_id}`. */
const openAPIPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** Every method and path the app answers, from Hono's own table (middleware is registered as ALL). */
function registeredRoutes(): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of createApp().routes) {
    if (r.method === "ALL" || NOT_API.test(r.path)) continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method.toLowerCase(), path: openAPIPath(r.path) });
  }
  return [...seen.values()];
}

async function fetchDocument(): Promise<Document> {
  const res = await call("/openapi.json", { as: null });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return (await res.json()) as Document;
}

describe("GET /openapi.json", () => {
  it("is served without a token: OpenAPI 3.1, titled, with package.json's version and a bearer scheme required by default", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "SpendSense Edge", version: pkg.version });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths["/health"]!.get!.security).toEqual([]);
    expect(doc.paths["/openapi.json"]!.get!.security).toEqual([]);
  });

  it("documents every route the app registers, with its method, and nothing it does not", async () => {
    const doc = await fetchDocument();
    const routes = registeredRoutes();
    // The JSON API's routes, all of them (a route added without a contract would be missing here).
    expect(routes.length).toBeGreaterThanOrEqual(24);
    const missing = routes.filter((r) => !doc.paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it("gives every operation a JSON success schema, the {error:{code,message}} shape for its errors, and its path parameters", async () => {
    const doc = await fetchDocument();
    expect(doc.components.schemas.Error).toBeDefined();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
        expect(success.length, where).toBeGreaterThan(0);
        for (const [, response] of success) expect(response.content?.["application/json"]?.schema, where).toBeDefined();
        const errors = Object.entries(op.responses).filter(([status]) => /^[45]\d\d$/.test(status));
        expect(errors.map(([status]) => status), where).toEqual(expect.arrayContaining(["400", "500"]));
        for (const [status, response] of errors) {
          if (path === "/health" && status === "503") continue; // a degraded health report, not an error
          expect(response.content?.["application/json"]?.schema, `${where} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
        }
        const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        expect((op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name), where).toEqual(pathParams);
      }
    }
  });

  it("declares the bodies the routes take, and only those", async () => {
    const doc = await fetchDocument();
    const withBody = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => op.requestBody).map(([method]) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(withBody).toEqual([
      "POST /consent",
      "POST /jobs/recommendations",
      "POST /jobs/vectors",
      "POST /plaid/webhook",
      "POST /recommendations/bulk-approve",
      "POST /recommendations/{id}/approve",
      "POST /recommendations/{id}/override",
      "POST /recommendations/{id}/reject",
      "POST /users/{user_id}/accounts/sync",
      "POST /users/{user_id}/liabilities/sync",
      "POST /users/{user_id}/plaid/items",
      "POST /users/{user_id}/transactions/sync",
    ]);
    const generate = doc.paths["/recommendations/generate/{user_id}"]!.post!;
    expect((generate.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name).sort()).toEqual(["force_regenerate", "use_vector_db", "window_days"]);
  });

  it("keeps the API's headers: no page may be framed or load anything", async () => {
    const res = await call("/openapi.json", { as: null });
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
