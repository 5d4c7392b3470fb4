import { describe, expect, it } from "vitest";
import { makeUser } from "./factories";
import { callWithDeadDatabase, callWithEnv, errorOf, TEST_TOKENS } from "./helpers";
import { HealthSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

describe("a database that is down", () => {
  it("answers 503 DATABASE_UNAVAILABLE with Retry-After, not a stack trace", async () => {
    const res = await callWithDeadDatabase("/users/someone");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    const error = await errorOf(res);
    expect(error.code).toBe("DATABASE_UNAVAILABLE");
    expect(error.message).not.toMatch(/at |postgres:\/\//);
  });

  it("answers a generate with nothing cached 503 with Retry-After (a cached one is still served: hybrid.happy)", async () => {
    const { userId } = await makeUser({ persona: "savings_builder" });
    const res = await callWithDeadDatabase(`/recommendations/generate/${userId}?window_days=30&force_regenerate=true`, {}, "operator", {
      method: "POST",
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await errorOf(res)).toMatchObject({ code: "DATABASE_UNAVAILABLE" });
  });

  it("shows in /health as a failed database while the cache still answers", async () => {
    const res = await callWithDeadDatabase("/health", {}, null);
    const body = await answerOf(res, HealthSchema, 503);
    expect(body.status).toBe("degraded");
    expect(body.components.database.ok).toBe(false);
    expect(body.components.cache.ok).toBe(true);
    expect(JSON.stringify(body)).not.toContain("postgres:postgres");
  });
});

describe("a bad environment", () => {
  it("stops the request with a clear 500 that names the variable", async () => {
    const res = await callWithEnv("/health", { VECTOR_DB_SIMILARITY_THRESHOLD: "1.5", CACHE_TTL_SECONDS: "soon" }, null);
    expect(res.status).toBe(500);
    const error = await errorOf(res);
    expect(error.code).toBe("BAD_ENVIRONMENT");
    expect(error.message).toContain("VECTOR_DB_SIMILARITY_THRESHOLD must be between 0 and 1");
    expect(error.message).toContain("CACHE_TTL_SECONDS must be a number");
  });

  it("names a missing secret without printing any secret", async () => {
    const res = await callWithEnv("/health", { OPERATOR_TOKEN: undefined, VECTOR_DB_ENABLED: "maybe" }, null);
    expect(res.status).toBe(500);
    const error = await errorOf(res);
    expect(error.message).toContain("OPERATOR_TOKEN is required");
    expect(error.message).toContain("VECTOR_DB_ENABLED");
    expect(error.message).not.toContain(TEST_TOKENS.user);
  });
});
