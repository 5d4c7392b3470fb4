import { describe, expect, it } from "vitest";
import { call, seedUsers } from "./helpers";

describe("users", () => {
  it("returns a user with their accounts from Postgres", async () => {
    await seedUsers(["happy_user_1"]);
    const res = await call("/users/happy_user_1");
    expect(res.status).toBe(200);
    const { user } = (await res.json()) as { user: { user_id: string; consent_status: string; accounts: { mask: string; balance_current: number }[] } };
    expect(user.user_id).toBe("happy_user_1");
    expect(user.consent_status).toBe("granted");
    expect(user.accounts).toEqual([
      { account_id: "acc_happy_user_1", type: "depository", subtype: "checking", mask: "0042", balance_current: 1234.56, balance_limit: null },
    ]);
  });

  it("pages through users in id order with a cursor", async () => {
    await seedUsers(["page_a", "page_b", "page_c"]);
    const first = (await (await call("/users?limit=2&cursor=page_")).json()) as { users: { user_id: string }[]; next_cursor: string };
    expect(first.users.map((u) => u.user_id)).toEqual(["page_a", "page_b"]);
    expect(first.next_cursor).toBe("page_b");
    const second = (await (await call(`/users?limit=2&cursor=${first.next_cursor}`)).json()) as { users: { user_id: string }[] };
    expect(second.users[0]?.user_id).toBe("page_c");
  });
});
