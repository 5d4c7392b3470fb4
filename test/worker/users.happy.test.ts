import { describe, expect, it } from "vitest";
import { call } from "./helpers";
import { seedUsers } from "./factories";

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

  it("pages through users in id order with limit and offset", async () => {
    await seedUsers(["page_a", "page_b", "page_c"]);
    const all = (await (await call("/users?limit=100")).json()) as { users: { user_id: string }[]; total: number };
    const start = all.users.findIndex((u) => u.user_id === "page_a");
    const first = (await (await call(`/users?limit=2&offset=${start}`)).json()) as { users: { user_id: string; account_count: number }[]; total: number };
    expect(first.users.map((u) => u.user_id)).toEqual(["page_a", "page_b"]);
    expect(first.users.map((u) => u.account_count)).toEqual([1, 1]);
    expect(first.total).toBe(all.total);
    const second = (await (await call(`/users?limit=2&offset=${start + 2}`)).json()) as { users: { user_id: string }[] };
    expect(second.users[0]?.user_id).toBe("page_c");
  });
});
