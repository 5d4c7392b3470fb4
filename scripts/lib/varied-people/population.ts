/**
 * The eval's second population: people whose lives the product's own generator never makes (see
 * ./lives.ts), an equal share of each life, in the dataset file format.
 */
import type { Dataset } from "../../../src/domain/dataset";
import { LIVES, type LifeName } from "./lives";
import { PersonBuilder, randomSource } from "./person-builder";

const FIRST = ["Ana", "Bo", "Cyd", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida", "Jo", "Kai", "Lin"];
const LAST = ["Moreno", "Okafor", "Petrov", "Quinn", "Reyes", "Sato", "Tran", "Usman", "Varga", "Wolfe"];

export interface VariedPopulation {
  dataset: Dataset;
  /** Which life each user was given. */
  lifeOf: Map<string, LifeName>;
}

export function variedPopulation(options: { people: number; seed: number; asOf: string; firstId: number }): VariedPopulation {
  const rnd = randomSource(options.seed);
  const names = Object.keys(LIVES) as LifeName[];
  const dataset: Dataset = { users: [], accounts: [], transactions: [], liabilities: [] };
  const lifeOf = new Map<string, LifeName>();
  for (let i = 0; i < options.people; i++) {
    const user_id = `user_${String(options.firstId + i).padStart(5, "0")}`;
    const first = rnd.pick(FIRST);
    const last = rnd.pick(LAST);
    const user = {
      user_id,
      full_name: `${first} ${last}`,
      email: `${first}.${last}.${i}@example.org`.toLowerCase(),
      consent_status: "granted" as const,
      created_at: `${options.asOf}T00:00:00.000Z`,
    };
    const life = names[i % names.length]!;
    const builder = new PersonBuilder(user, options.asOf, randomSource(options.seed * 100_003 + i));
    LIVES[life](builder);
    lifeOf.set(user_id, life);
    dataset.users.push(user);
    dataset.accounts.push(...builder.accounts);
    dataset.transactions.push(...builder.transactions);
    dataset.liabilities.push(...builder.liabilities);
  }
  return { dataset, lifeOf };
}
