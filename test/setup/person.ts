/**
 * One synthetic person for one test: the project's generator (scripts/lib/synthetic) run on a
 * one-person population plan, with the ids rewritten to an id the caller chooses. Pure, with no
 * Node modules, so it runs in the Workers runtime as well as in Node.
 *
 * The financial data is a function of (persona, card holder, seed, as-of) alone: two people made
 * with the same seed have the same accounts, amounts, dates, merchants and masks (near-identical
 * neighbours), whatever their ids; another seed gives other data.
 */
import { isTopicEligible } from "../../src/domain/catalog";
import type { ConsentStatus, Dataset } from "../../src/domain/dataset";
import { assignPersona } from "../../src/domain/personas";
import { canonicalProfileText } from "../../src/domain/profile";
import { computeSignals } from "../../src/domain/compute-signals";
import type { WindowDays } from "../../src/domain/signals";
import { parseIsoDate, WINDOW_DAYS } from "../../scripts/lib/synthetic/dates";
import { holdsCreditCard, type Persona } from "../../scripts/lib/synthetic/personas";
import { generateUser, type UserBundle } from "../../scripts/lib/synthetic/user-generator";

export type { Persona } from "../../scripts/lib/synthetic/personas";

/** The as-of date of every made person's data unless a test asks for another. */
export const DEFAULT_AS_OF = "2026-11-01";

export interface PersonSpec {
  userId: string;
  persona: Persona;
  consent: ConsentStatus;
  /** Holds a credit card; always true for high_utilization and wealth_builder, whose definitions need one. */
  cardHolder: boolean;
  seed: number;
  asOf?: string;
}

export interface Person {
  userId: string;
  persona: Persona;
  consent: ConsentStatus;
  cardHolder: boolean;
  seed: number;
  /** The person's records, as the dataset format has them (docs/DATA_FORMAT.md). */
  records: Dataset;
}

/** The generator's own id for its first user (`user_00001`, `acc_00001_1`, `txn_00001_0001`, …). */
const GENERATED_NUMBER = "00001";

/** Whether a persona's generated people must hold a card (the generator refuses otherwise). */
export const needsCard = (persona: Persona) => holdsCreditCard(persona, 1);

export function buildPerson(spec: PersonSpec): Person {
  const { userId, persona, consent, seed } = spec;
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(userId))
    throw new RangeError(`a made person's id must be 1-40 letters, digits, _ or - (got "${userId}")`);
  if (!spec.cardHolder && needsCard(persona)) throw new RangeError(`every ${persona} person holds a card: cardHolder cannot be false`);
  const asOfDay = parseIsoDate(spec.asOf ?? DEFAULT_AS_OF);
  if (asOfDay === null) throw new RangeError(`asOf must be YYYY-MM-DD (got "${spec.asOf}")`);
  const bundle: UserBundle = generateUser(
    {
      seed,
      asOfDay,
      windowStart: asOfDay - (WINDOW_DAYS - 1),
      population: [{ persona, rankInPersona: 0, holdsCard: spec.cardHolder, consent }],
      firstId: 1,
    },
    0,
  );
  // Every record id carries the generator's user number: give it the person's id instead.
  const rename = (id: string) => id.replace(`_${GENERATED_NUMBER}_`, `_${userId}_`);
  const [first, last] = bundle.user.full_name.split(" ");
  return {
    userId,
    persona,
    consent,
    cardHolder: spec.cardHolder,
    seed,
    records: {
      users: [{ ...bundle.user, user_id: userId, email: `${first}.${last}.${userId}@example.com`.toLowerCase() }],
      accounts: bundle.accounts.map((a) => ({ ...a, account_id: rename(a.account_id), user_id: userId })),
      transactions: bundle.transactions.map((t) => ({
        ...t,
        transaction_id: rename(t.transaction_id),
        account_id: rename(t.account_id),
        user_id: userId,
      })),
      liabilities: bundle.liabilities.map((l) => ({
        ...l,
        liability_id: rename(l.liability_id),
        account_id: rename(l.account_id),
        user_id: userId,
      })),
    },
  };
}

/** The bucketed profile the vector tier embeds, and the signals it is built from, as the Worker computes them. */
function profileOf(records: Dataset, windowDays: WindowDays) {
  const signals = computeSignals(records, windowDays);
  return { signals, text: canonicalProfileText(signals, assignPersona(signals)) };
}

/**
 * The seed of a vector-tier neighbour for `person`: another person of the same persona and card
 * holding (another seed: other figures, cards and merchants) for whom every one of `topics` is
 * eligible in the window, so the tier can serve them items of those topics, and whose bucketed
 * profile differs from `person`'s (their score is below 1). The first such seed after the
 * person's own, so the same person always gets the same neighbour.
 */
export function neighbourSeed(person: Person, topics: readonly string[], windowDays: WindowDays): number {
  const own = profileOf(person.records, windowDays).text;
  for (let i = 1; i <= 500; i++) {
    const seed = (person.seed + i) >>> 0;
    const candidate = buildPerson({
      userId: "neighbour",
      persona: person.persona,
      consent: "granted",
      cardHolder: person.cardHolder,
      seed,
    });
    const { signals, text } = profileOf(candidate.records, windowDays);
    if (text !== own && topics.every((t) => isTopicEligible(t, signals))) return seed;
  }
  throw new Error(`no ${person.persona} neighbour of seed ${person.seed} is eligible for ${topics.join(", ")}`);
}

/**
 * A person with an id the test names and one checking account (`acc_<id>`, $1,234.56, mask 0042),
 * consent granted: for tests about access, headers or listing, where the data does not matter.
 */
export function checkingOnlyPerson(userId: string): Dataset {
  return {
    users: [
      {
        user_id: userId,
        full_name: `Test ${userId}`,
        email: `${userId}@example.test`,
        consent_status: "granted",
        created_at: "2026-01-01T00:00:00.000Z",
      },
    ],
    accounts: [
      {
        account_id: `acc_${userId}`,
        user_id: userId,
        type: "depository",
        subtype: "checking",
        balance_available: 1200,
        balance_current: 1234.56,
        balance_limit: null,
        iso_currency_code: "USD",
        mask: "0042",
      },
    ],
    transactions: [],
    liabilities: [],
  };
}

/** `checkingOnlyPerson` with two months of pay and groceries: enough to compute signals and generate. */
export function spenderPerson(userId: string): Dataset {
  const person = checkingOnlyPerson(userId);
  const accountId = `acc_${userId}`;
  person.transactions = ["2026-09-01", "2026-09-15", "2026-10-01", "2026-10-15"].flatMap((date, i) => [
    {
      transaction_id: `${userId}_pay_${i}`,
      account_id: accountId,
      user_id: userId,
      date,
      amount: 2100,
      merchant_name: "Payroll",
      payment_channel: "other",
      category_primary: "INCOME",
      category_detailed: "INCOME_WAGES",
      pending: false,
    },
    {
      transaction_id: `${userId}_food_${i}`,
      account_id: accountId,
      user_id: userId,
      date,
      amount: -64.5,
      merchant_name: "Grocer",
      payment_channel: "in store",
      category_primary: "FOOD_AND_DRINK",
      category_detailed: "FOOD_AND_DRINK_GROCERIES",
      pending: false,
    },
  ]);
  return person;
}
