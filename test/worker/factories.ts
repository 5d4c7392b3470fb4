/**
 * People that belong to one test; the test database starts with none. `makeUser()` generates a
 * fresh person with the project's synthetic generator (test/setup/person.ts); `seedUsers()` and
 * `seedSpender()` write simple people under ids a test names. All go through `insertPeople()`,
 * which writes as the dataset loader would: user, accounts, transactions, liabilities, and the
 * initial consent event (actor "import", none while consent is pending).
 *
 * Made ids never collide: each instance of this module (one per Workers runtime, or per file when
 * files are isolated) draws a random prefix and counts the people it makes.
 */
import { env } from "cloudflare:test";
import type { Env } from "../../src/config";
import { sql } from "drizzle-orm";
import { createDatabase } from "../../src/db/client";
import { accountRow, liabilityRow, transactionRow } from "../../src/db/financial-writes";
import { accounts, liabilities, transactions } from "../../src/db/schema";
import type { ConsentStatus, Dataset } from "../../src/domain/dataset";
import { buildPerson, checkingOnlyPerson, needsCard, spenderPerson, type Persona, type Person } from "../setup/person";

export type { Persona } from "../setup/person";

export interface MakeUserOptions {
  /** Default "subscription_heavy". */
  persona?: Persona;
  /** Default "granted". */
  consent?: ConsentStatus;
  /** Default: true for personas that need a card (high_utilization, wealth_builder), false otherwise. */
  cardHolder?: boolean;
  /** Same seed (and persona, card holder), same financial data; default a fresh random seed. */
  seed?: number;
  /** The last day of the person's data (default 2026-11-01). */
  asOf?: string;
  /** Where to write them (default: the Worker's test database, the project's bindings). */
  database?: DatabaseBindings;
}

/** The bindings that point the Worker at a database. */
export type DatabaseBindings = Pick<Env, "DATABASE_URL" | "DATABASE_WS_PROXY">;

export interface MadeUser extends Person {
  fullName: string;
  accountIds: string[];
  /** The masks of the person's credit cards. */
  cardMasks: string[];
  /** Every merchant the person paid. */
  merchants: string[];
}

const FILE_PREFIX = crypto.randomUUID().replaceAll("-", "").slice(0, 10);
let made = 0;

/** A fresh id: the module's random prefix and a fixed-width counter, so no id is a prefix of another. */
export function freshUserId(): string {
  made += 1;
  return `t${FILE_PREFIX}_${String(made).padStart(4, "0")}`;
}

const randomSeed = () => crypto.getRandomValues(new Uint32Array(1))[0]!;

/**
 * Write people's records to the test database in one HTTP batch (one transaction), as the dataset
 * loader writes them: a person seen for the first time gets their initial consent event (actor
 * "import", none while pending); a person already there (by id) is left as they are.
 */
export async function insertPeople(
  { users: people, accounts: accts, transactions: txns, liabilities: liabs }: Dataset,
  database: DatabaseBindings = env as Env,
): Promise<void> {
  if (people.length === 0) throw new Error("insertPeople needs at least one user record");
  const { DATABASE_URL, DATABASE_WS_PROXY } = database;
  const handle = createDatabase({ databaseUrl: DATABASE_URL, wsProxy: DATABASE_WS_PROXY, queryTimeoutMs: 30_000 });
  const { db } = handle;
  const userRows = sql.join(
    people.map((u) => sql`(${u.user_id}, ${u.full_name}, ${u.email}, ${u.consent_status}, ${u.created_at}::timestamptz)`),
    sql`, `,
  );
  try {
    await db.batch([
      db.execute(sql`with up as (
          insert into users (user_id, full_name, email, consent_status, created_at) values ${userRows}
          on conflict (user_id) do nothing returning user_id, consent_status)
        insert into consent_events (user_id, action, actor)
        select user_id, case consent_status when 'granted' then 'grant' else 'revoke' end, 'import' from up where consent_status <> 'pending'`),
      ...(accts.length > 0 ? [db.insert(accounts).values(accts.map(accountRow)).onConflictDoNothing()] : []),
      ...(txns.length > 0 ? [db.insert(transactions).values(txns.map(transactionRow)).onConflictDoNothing()] : []),
      ...(liabs.length > 0 ? [db.insert(liabilities).values(liabs.map(liabilityRow)).onConflictDoNothing()] : []),
    ] as const);
  } finally {
    await handle.close();
  }
}

/** People with ids the test names and one checking account each (test/setup/person.ts). */
export async function seedUsers(ids: string[]): Promise<void> {
  const people = ids.map(checkingOnlyPerson);
  await insertPeople({
    users: people.flatMap((p) => p.users),
    accounts: people.flatMap((p) => p.accounts),
    transactions: [],
    liabilities: [],
  });
}

/** A person with an id the test names, two months of pay and groceries: enough to compute signals and generate. */
export async function seedSpender(userId: string): Promise<void> {
  await insertPeople(spenderPerson(userId));
}

/** A fresh person of a persona, generated and stored for the calling test only. */
export async function makeUser(options: MakeUserOptions = {}): Promise<MadeUser> {
  const persona = options.persona ?? "subscription_heavy";
  const person = buildPerson({
    userId: freshUserId(),
    persona,
    consent: options.consent ?? "granted",
    cardHolder: options.cardHolder ?? needsCard(persona),
    seed: options.seed ?? randomSeed(),
    ...(options.asOf ? { asOf: options.asOf } : {}),
  });
  await insertPeople(person.records, options.database);
  const { records } = person;
  return {
    ...person,
    fullName: records.users[0]!.full_name,
    accountIds: records.accounts.map((a) => a.account_id),
    cardMasks: records.accounts.filter((a) => a.type === "credit").map((a) => a.mask),
    merchants: [...new Set(records.transactions.flatMap((t) => (t.merchant_name ? [t.merchant_name] : [])))].sort(),
  };
}

/** `n` fresh people made with the same options (one seed for all when `seed` is given: identical data). */
export async function makePeople(n: number, options: MakeUserOptions = {}): Promise<MadeUser[]> {
  const people: MadeUser[] = [];
  for (let i = 0; i < n; i++) people.push(await makeUser(options));
  return people;
}
