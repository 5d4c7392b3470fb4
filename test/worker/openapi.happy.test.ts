import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import pkg from "../../package.json";
import { call } from "./helpers";

interface Schema {
  type?: string;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
}
interface Operation {
  operationId: string;
  tags: string[];
  security?: Record<string, unknown[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  tags: { name: string; description: string }[];
  security: Record<string, unknown[]>[];
  components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

/** Every operation of the document, with a path a request can use (ids that name no one). */
function operations(doc: Document) {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      url: path.replace("{user_id}", "nobody_in_the_document").replace("{id}", "00000000-0000-4000-8000-000000000000"),
      op,
    })),
  );
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
  it("is served without a token: OpenAPI 3.1, titled, with package.json's version, the server that sent it, and a bearer scheme per kind of token", async () => {
    const doc = await fetchDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: "SpendSense Edge", version: pkg.version });
    expect(doc.servers).toEqual([expect.objectContaining({ url: "http://spendsense.test" })]);
    for (const scheme of ["operator", "service", "user"])
      expect(doc.components.securitySchemes[scheme]).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/health"]!.get!.security).toEqual([]);
    expect(doc.paths["/openapi.json"]!.get!.security).toEqual([]);
  });

  it("names every operation uniquely and tags it with a described tag; an open route lists no 401 and no 429", async () => {
    const doc = await fetchDocument();
    const ops = operations(doc);
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
    const described = new Set(doc.tags.filter((t) => t.description).map((t) => t.name));
    for (const { method, path, op } of ops) {
      expect(
        op.tags.every((t) => described.has(t)),
        `${method} ${path}`,
      ).toBe(true);
      // Plaid's webhook takes no bearer token but is signed: a bad signature is its 401.
      if (op.security?.length === 0 && op.operationId !== "receivePlaidWebhook")
        expect(Object.keys(op.responses), `${method} ${path}`).not.toEqual(expect.arrayContaining(["401"]));
      if (op.security?.length === 0) expect(Object.keys(op.responses), `${method} ${path}`).not.toEqual(expect.arrayContaining(["429"]));
    }
  });

  it("declares the tokens each operation takes as the server enforces them: the service token is refused (403) exactly where it is not listed", async () => {
    const doc = await fetchDocument();
    const results = await Promise.all(
      operations(doc)
        .filter(({ op }) => op.security?.length !== 0)
        .map(async ({ method, path, url, op }) => {
          const res = await call(url, { method, as: "user" });
          const declared = (op.security ?? []).some((s) => "service" in s);
          return { where: `${method} ${path}`, declared, refused: res.status === 403 };
        }),
    );
    expect(results.length).toBeGreaterThan(20);
    for (const r of results) expect(r.refused, r.where).toBe(!r.declared);
    // Both kinds are present: the check compares something.
    expect(results.some((r) => r.declared) && results.some((r) => !r.declared)).toBe(true);
  });

  it("declares each integer and enum query parameter exactly as it is accepted: its bounds and values pass, one past them is refused naming it", async () => {
    const doc = await fetchDocument();
    const checked: string[] = [];
    for (const { method, path, url, op } of operations(doc)) {
      const query = (op.parameters ?? []).filter((p) => p.in === "query");
      // Required parameters get a value that is valid (vector search's user_id); the one under test varies.
      const base = Object.fromEntries(query.filter((p) => p.required).map((p) => [p.name, "nobody_in_the_document"]));
      for (const p of query) {
        const { type, minimum, maximum } = p.schema;
        const values = p.schema.enum ?? (type === "integer" ? [minimum!, maximum!] : type === "boolean" ? [true, false] : []);
        const wrong = p.schema.enum ? ["7"] : type === "integer" ? [minimum! - 1, maximum! + 1] : type === "boolean" ? ["yes"] : [];
        const ask = (v: unknown) => call(`${url}?${new URLSearchParams({ ...base, [p.name]: String(v) })}`, { method });
        for (const v of values) {
          const res = await ask(v);
          if (res.status === 400)
            expect((await res.json()) as unknown, `${method} ${path} ${p.name}=${v}`).not.toMatchObject({
              error: { message: expect.stringContaining(`query.${p.name}`) },
            });
        }
        for (const v of wrong) {
          const res = await ask(v);
          expect(res.status, `${method} ${path} ${p.name}=${v}`).toBe(400);
          expect(((await res.json()) as { error: { message: string } }).error.message).toContain(`query.${p.name}`);
        }
        if (values.length) checked.push(`${path} ${p.name}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        "/users limit",
        "/users offset",
        "/vector/search top_k",
        "/users/{user_id}/token ttl_seconds",
        "/recommendations/{user_id} status",
      ]),
    );
  });

  it("accepts an RFC 3339 date-time with an offset where the document says date-time", async () => {
    const doc = await fetchDocument();
    expect(doc.paths["/metrics"]!.get!.parameters!.find((p) => p.name === "from")!.schema).toMatchObject({
      type: "string",
      format: "date-time",
    });
    const res = await call(`/metrics?${new URLSearchParams({ from: "2026-01-01T09:00:00+05:30", to: "2026-01-02T00:00:00-08:00" })}`);
    expect(res.status).toBe(200);
  });

  it("declares the headers every response carries, and they are sent", async () => {
    const doc = await fetchDocument();
    for (const { method, path, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        expect(Object.keys(response.headers ?? {}), `${method} ${path} ${status}`).toEqual(
          expect.arrayContaining(["X-Request-Id", "Server-Timing"]),
        );
        if (status === "429" || status === "503")
          expect(Object.keys(response.headers ?? {}), `${method} ${path} ${status}`).toContain("Retry-After");
      }
    }
    const res = await call("/users?limit=1");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.headers.get("server-timing")).toMatch(/total/);
  });

  it("answers a wrong method on a known path with 405 and Allow", async () => {
    const res = await call("/users", { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("METHOD_NOT_ALLOWED");
    expect((await call("/no/such/route", { method: "DELETE" })).status).toBe(404);
  });

  it("refuses a JSON body, even {}, on a POST that declares none", async () => {
    const res = await call("/users/nobody_in_the_document/refresh", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("takes no body");
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
        expect(
          errors.map(([status]) => status),
          where,
        ).toEqual(expect.arrayContaining(["400", "500"]));
        for (const [status, response] of errors) {
          if (path === "/health" && status === "503") continue; // a degraded health report, not an error
          expect(response.content?.["application/json"]?.schema, `${where} ${status}`).toEqual({ $ref: "#/components/schemas/Error" });
        }
        const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        expect(
          (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name),
          where,
        ).toEqual(pathParams);
      }
    }
  });

  it("declares the bodies the routes take, and only those", async () => {
    const doc = await fetchDocument();
    const withBody = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.requestBody)
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      )
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
    expect(
      (generate.parameters ?? [])
        .filter((p) => p.in === "query")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["force_regenerate", "use_vector_db", "window_days"]);
  });

  it("keeps the API's headers: no page may be framed or load anything", async () => {
    const res = await call("/openapi.json", { as: null });
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
