import { describe, expect, it } from "vitest";
import { call } from "./helpers";

describe("GET /health", () => {
  it("reports every component, its implementation, and that each answers, without a token", async () => {
    const res = await call("/health", { as: null });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; components: Record<string, { implementation: string; ok: boolean }> };
    expect(body.status).toBe("ok");
    expect(Object.keys(body.components).sort()).toEqual(["cache", "database", "embedder", "generator", "queue", "vector_index"]);
    expect(body.components.database).toMatchObject({ implementation: "pglite-embedded", ok: true });
    expect(body.components.vector_index).toMatchObject({ implementation: "pgvector", ok: true });
    expect(body.components.embedder).toMatchObject({ implementation: "local-hash-v1-1536", ok: true });
    expect(body.components.generator).toMatchObject({ implementation: "catalog", ok: true });
    expect(body.components.cache).toMatchObject({ implementation: "workers-kv", ok: true });
    expect(body.components.queue).toMatchObject({ implementation: "cloudflare-queues", ok: true });
  });

  it("sends a request id and security headers", async () => {
    const res = await call("/health", { as: null });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
