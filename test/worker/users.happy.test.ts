import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { seedUsers } from "./factories";
import { UserListSchema, UserSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

describe("users", () => {
  it("returns a user with their accounts from Postgres", async () => {
    await seedUsers(["happy_user_1"]);
    const res = await call("/users/happy_user_1");
    const { user } = await answerOf(res, UserSchema);
    expect(user.user_id).toBe("happy_user_1");
    expect(user.consent_status).toBe("granted");
    expect(user.accounts).toEqual([
      { account_id: "acc_happy_user_1", type: "depository", subtype: "checking", mask: "0042", balance_current: 1234.56, balance_limit: null },
    ]);
  });

  it("pages through users in id order with limit and offset", async () => {
    await seedUsers(["page_a", "page_b", "page_c"]);
    const all = await answerOf(await call("/users?limit=100"), UserListSchema);
    const start = all.users.findIndex((u) => u.user_id === "page_a");
    const first = await answerOf(await call(`/users?limit=2&offset=${start}`), UserListSchema);
    expect(first.users.map((u) => u.user_id)).toEqual(["page_a", "page_b"]);
    expect(first.users.map((u) => u.account_count)).toEqual([1, 1]);
    expect(first.total).toBe(all.total);
    const second = await answerOf(await call(`/users?limit=2&offset=${start + 2}`), UserListSchema);
    expect(second.users[0]?.user_id).toBe("page_c");
  });
});
