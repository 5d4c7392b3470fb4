import { describe, expect, it } from "vitest";
import { call, callWithEnv, TEST_PROVIDER_KEYS, useOpenAISimulator } from "./helpers";
import { HealthSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const GATEWAY = "gateway.ai.cloudflare.test";
const openai = useOpenAISimulator({ hosts: [GATEWAY] });

describe("GET /health", () => {
  it("reports every component, its implementation, and that each answers, without a token", async () => {
    const res = await call("/health", { as: null });
    const body = await answerOf(res, HealthSchema);
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

describe("GET /health behind an OpenAI-compatible proxy", () => {
  it("probes the proxy that OPENAI_BASE_URL names, the one the embedder and generator use, and reports both up", async () => {
    const base = `https://${GATEWAY}/v1/acct-1/gw-1/openai`;
    const res = await callWithEnv("/health", { OPENAI_API_KEY: TEST_PROVIDER_KEYS.openai, OPENAI_BASE_URL: base }, null);
    const body = await answerOf(res, HealthSchema);
    expect(body.components.embedder).toMatchObject({ implementation: "openai:text-embedding-3-small", ok: true });
    expect(body.components.generator).toMatchObject({ implementation: "openai:gpt-4o-mini", ok: true });
    const probed = openai.received.filter((r) => r.route === "model");
    expect(probed.map((r) => `${r.host}${r.path}`).sort()).toEqual([
      `${GATEWAY}/v1/acct-1/gw-1/openai/models/gpt-4o-mini`,
      `${GATEWAY}/v1/acct-1/gw-1/openai/models/text-embedding-3-small`,
    ]);
    expect(openai.received.some((r) => r.host === "api.openai.com")).toBe(false);
  });
});
