import { describe, expect, it } from "vitest";
import { call, errorOf } from "./helpers";

describe("users: bad input and unknown things", () => {
  it("answers 404 JSON for an unknown user", async () => {
    const res = await call("/users/nobody_here");
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: "NOT_FOUND", message: "No user nobody_here" });
  });

  it("answers 404 JSON for an unknown route", async () => {
    const res = await call("/no/such/route");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
  });

  it.each([
    ["/users?limit=abc", "query.limit"],
    ["/users?limit=0", "query.limit"],
    ["/users?limit=101", "query.limit"],
    ["/users?limit=2.5", "query.limit"],
    ["/users?color=blue", "color"],
    ["/users?offset=-1", "query.offset"],
    ["/users?persona=rich", "query.persona"],
    ["/users?window_days=90", "query.window_days"],
    ["/users/bad%20id!", "path.user_id"],
    ["/users/ok_id?extra=1", "extra"],
  ])("answers 400 INVALID_INPUT naming the field for %s", async (path, field) => {
    const res = await call(path);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain(field);
  });
});
