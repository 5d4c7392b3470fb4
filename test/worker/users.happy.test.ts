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
      {
        account_id: "acc_happy_user_1",
        type: "depository",
        subtype: "checking",
        mask: "0042",
        balance_current: 1234.56,
        balance_limit: null,
      },
    ]);
  });

  it("pages through users in id order with limit and offset", async () => {
    // Other files add people at the same time: ids that sort before any of theirs ("0" < letters)
    // keep this file's page where it is, and the total is only compared with counts taken around it.
    await seedUsers(["0page_a", "0page_b", "0page_c"]);
    const before = await answerOf(await call("/users?limit=1"), UserListSchema);
    const first = await answerOf(await call("/users?limit=2&offset=0"), UserListSchema);
    const after = await answerOf(await call("/users?limit=1"), UserListSchema);
    expect(first.users.map((u) => u.user_id)).toEqual(["0page_a", "0page_b"]);
    expect(first.users.map((u) => u.account_count)).toEqual([1, 1]);
    // The total counts everyone, not the page (people are only ever added).
    expect(first.total).toBeGreaterThanOrEqual(before.total);
    expect(first.total).toBeLessThanOrEqual(after.total);
    expect(first.total).toBeGreaterThanOrEqual(3);
    const second = await answerOf(await call("/users?limit=2&offset=2"), UserListSchema);
    expect(second.users[0]?.user_id).toBe("0page_c");
  });
});
