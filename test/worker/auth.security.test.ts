import { describe, expect, it } from "vitest";
import { call, errorOf } from "./helpers";
import { seedUsers } from "./factories";

describe("bearer-token auth", () => {
  it("refuses a request without a token with 401 and a WWW-Authenticate challenge", async () => {
    const res = await call("/users", { as: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(await errorOf(res)).toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses a wrong token and a malformed header with 401", async () => {
    for (const authorization of ["Bearer not-the-token-at-all", "Basic dXNlcjpwYXNz", "Bearer", "test-operator-token-0123456789"]) {
      const res = await call("/users", { as: null, headers: { authorization } });
      expect(res.status, authorization).toBe(401);
      expect((await errorOf(res)).code).toBe("UNAUTHORIZED");
    }
  });

  it("does not let a user token do operator work (403), but lets it read a user", async () => {
    await seedUsers(["auth_user_1"]);
    const list = await call("/users", { as: "user" });
    expect(list.status).toBe(403);
    expect(await errorOf(list)).toMatchObject({ code: "FORBIDDEN" });
    const one = await call("/users/auth_user_1", { as: "user" });
    expect(one.status).toBe(200);
  });

  it("lets the operator token list users", async () => {
    const res = await call("/users?limit=5", { as: "operator" });
    expect(res.status).toBe(200);
  });

  it("requires a token even for unknown routes, so route names do not leak", async () => {
    const res = await call("/no/such/route", { as: null });
    expect(res.status).toBe(401);
  });
});
