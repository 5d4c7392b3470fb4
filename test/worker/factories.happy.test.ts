/**
 * The test factories: a made person is what the Worker reads as the persona asked for, belongs to
 * the test that made it (a fresh id), has the consent asked for with the initial event the loader
 * records, and the same seed gives the same financial data.
 */
import { describe, expect, it } from "vitest";
import { freshUserId, makePeople, makeUser, seedSpender, type MadeUser, type Persona } from "./factories";
import { call } from "./helpers";
import { ConsentSchema, FeaturesSchema, UserSchema } from "../../src/http/schemas";
import { answerOf } from "../support/answers";

const features = async (userId: string, window: 30 | 180) =>
  answerOf(await call(`/users/${userId}/features?window_days=${window}`, { method: "POST" }), FeaturesSchema);

const consentOf = async (userId: string) => answerOf(await call(`/consent/${userId}`), ConsentSchema);

/** A person's records without their ids, to compare two people's financial data. */
const withoutIds = (person: MadeUser) => ({
  accounts: person.records.accounts.map(({ account_id: _a, user_id: _u, ...rest }) => rest),
  transactions: person.records.transactions.map(({ transaction_id: _t, account_id: _a, user_id: _u, ...rest }) => rest),
  liabilities: person.records.liabilities.map(({ liability_id: _l, account_id: _a, user_id: _u, ...rest }) => rest),
});

describe("makeUser", () => {
  it("makes a person the Worker reads as the persona asked for, in both windows", async () => {
    const personas: Persona[] = ["high_utilization", "variable_income", "subscription_heavy", "savings_builder", "wealth_builder"];
    for (const persona of personas) {
      const { userId } = await makeUser({ persona });
      for (const window of [30, 180] as const)
        expect((await features(userId, window)).persona.persona_type, `${persona} ${window}d`).toBe(persona);
    }
    // A card holder of a persona that may go without one still reads as that persona.
    const holder = await makeUser({ persona: "savings_builder", cardHolder: true });
    expect(holder.cardMasks).toHaveLength(1);
    expect((await features(holder.userId, 180)).persona.persona_type).toBe("savings_builder");
  });

  it("gives every person a fresh id, none the prefix of another", async () => {
    const people = await makePeople(3, { persona: "savings_builder" });
    const ids = people.map((p) => p.userId);
    expect(new Set(ids).size).toBe(3);
    for (const a of ids) for (const b of ids) if (a !== b) expect(b.startsWith(a)).toBe(false);
    for (const p of people) expect((await call(`/users/${p.userId}`)).status).toBe(200);
  });

  it("gives the same financial data for the same seed, and other data for another seed", async () => {
    const [a, b] = await makePeople(2, { persona: "high_utilization", seed: 4242 });
    const c = await makeUser({ persona: "high_utilization", seed: 4243 });
    expect(a!.userId).not.toBe(b!.userId);
    expect(withoutIds(b!)).toEqual(withoutIds(a!));
    expect(withoutIds(c)).not.toEqual(withoutIds(a!));
    // The Worker computes the same signals for both, from what was stored (ids aside: they name the person).
    const signalsOf = async (p: MadeUser) =>
      JSON.parse(JSON.stringify((await features(p.userId, 180)).signals).replaceAll(p.userId, "ID")) as unknown;
    const [sa, sb, sc] = await Promise.all([a!, b!, c].map(signalsOf));
    expect(sb).toEqual(sa);
    expect(sc).not.toEqual(sa);
  });

  it("records the consent asked for, with the initial event the dataset loader records", async () => {
    const granted = await makeUser();
    expect(await consentOf(granted.userId)).toMatchObject({ consent_status: "granted", history: [{ action: "grant", actor: "import" }] });
    const revoked = await makeUser({ consent: "revoked" });
    expect(await consentOf(revoked.userId)).toMatchObject({ consent_status: "revoked", history: [{ action: "revoke", actor: "import" }] });
    const pending = await makeUser({ consent: "pending" });
    expect(await consentOf(pending.userId)).toMatchObject({ consent_status: "pending", history: [] });
    expect((await call(`/recommendations/generate/${revoked.userId}`, { method: "POST" })).status).toBe(403);
  });

  it("leaves a person already there as they are: a named person written twice has one initial consent event", async () => {
    const userId = freshUserId();
    await seedSpender(userId);
    await seedSpender(userId);
    expect((await consentOf(userId)).history).toEqual([expect.objectContaining({ action: "grant", actor: "import" })]);
    const { user } = await answerOf(await call(`/users/${userId}`), UserSchema);
    expect(user.accounts).toHaveLength(1);
  });

  it("refuses a persona that needs a card without one", async () => {
    await expect(makeUser({ persona: "high_utilization", cardHolder: false })).rejects.toThrow(/holds a card/);
  });
});
