/** The dataset as a sequence of users, each generated independently from (seed, index). */
import type { Dataset } from "../../../src/domain/dataset";
import { resolveOptions, type GeneratorOptions, type ResolvedOptions } from "./options";
import type { Persona } from "./personas";
import { planPopulation } from "./population";
import { QualityAccumulator, type QualityReport } from "./quality-checks";
import { generateUser, type GenerationContext, type UserBundle } from "./user-generator";

export function createContext(opts: ResolvedOptions): GenerationContext {
  return {
    seed: opts.seed,
    asOfDay: opts.asOfDay,
    windowStart: opts.windowStart,
    population: planPopulation(opts.seed, opts.numUsers, opts.consentRate),
    firstId: opts.firstId,
  };
}

/** Users [from, to) of the dataset; the same index always yields the same user. */
export function* generateUsers(ctx: GenerationContext, from = 0, to = ctx.population.length): Generator<UserBundle> {
  for (let i = from; i < to; i++) yield generateUser(ctx, i);
}

export interface GeneratedDataset {
  options: ResolvedOptions;
  dataset: Dataset;
  /** The persona each user (by index) was generated for. */
  personas: Persona[];
  quality: QualityReport;
}

/** The whole dataset in memory (tests, small N). For files, use writeDataset, which streams. */
export function generateDataset(input: GeneratorOptions = {}): GeneratedDataset {
  const options = resolveOptions(input);
  const ctx = createContext(options);
  const quality = new QualityAccumulator(ctx.population, options.asOfDay, options.consentRate);
  const dataset: Dataset = { users: [], accounts: [], transactions: [], liabilities: [] };
  const personas: Persona[] = [];
  for (const bundle of generateUsers(ctx)) {
    quality.add(bundle);
    personas.push(bundle.persona);
    dataset.users.push(bundle.user);
    dataset.accounts.push(...bundle.accounts);
    dataset.transactions.push(...bundle.transactions);
    dataset.liabilities.push(...bundle.liabilities);
  }
  return { options, dataset, personas, quality: quality.report() };
}
