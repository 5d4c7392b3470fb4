/**
 * New bank data for one person, in Plaid's shapes: checked whole, written all or nothing, and then,
 * when anything changed, carried through everything derived from it:
 *   - signals and persona are recomputed for both windows;
 *   - every recommendation made from the old data is withdrawn (the vector tier stops reusing it at
 *     once, and the person's next generate makes a new set);
 *   - their cached answers are retired everywhere (a new data version in their Durable Object), and
 *     their serving state there is replaced (refreshServingState, src/services/serving-state.ts);
 *   - their context vectors are rebuilt through the queue (removed while nothing is reusable).
 * A replay of the same data changes nothing and triggers none of it.
 */
import {
  applyFinancialChange,
  ownersOf,
  withdrawRecommendationsOf,
  type FinancialChange,
  type FinancialChangeResult,
} from "../db/financial-writes";
import { loadFinancialData } from "../db/financial-data";
import { getStoredProfile } from "../db/profiles";
import type { AccountRecord, LiabilityRecord, TransactionRecord } from "../domain/dataset";
import { computeProfile } from "./profile-service";
import { WINDOW_DAYS, type WindowDays } from "../domain/signals";
import { InvalidRequestError, NotFoundError } from "./errors";
import { describeError } from "../logger";
import type { RefreshContextMessage } from "../queue/messages";
import { refreshServingState } from "./serving-state";
import type { Services } from "./services";

export interface SyncInput {
  accounts?: AccountRecord[];
  transactions?: TransactionRecord[];
  removed?: { transaction_id: string; account_id?: string | undefined }[];
  liabilities?: LiabilityRecord[];
}

export interface SyncOutcome extends FinancialChangeResult {
  user_id: string;
  /** Persona per window before and after (null: none computed). */
  personas: Record<`${WindowDays}`, { before: string | null; after: string | null }>;
  withdrawn_recommendations: number;
}

const refused = (message: string) => new InvalidRequestError(message);

/** Every id the change names must be this person's, or new (accounts and transactions only). */
async function checkOwnership(services: Services, userId: string, change: FinancialChange, removed: SyncInput["removed"]): Promise<void> {
  const accountIds = [
    ...new Set([
      ...change.accounts.map((a) => a.account_id),
      ...change.transactions.map((t) => t.account_id),
      ...(removed ?? []).flatMap((r) => (r.account_id ? [r.account_id] : [])),
      ...change.liabilities.map((l) => l.account_id),
    ]),
  ];
  const transactionIds = [...new Set([...change.transactions.map((t) => t.transaction_id), ...change.removed])];
  const owners = await ownersOf(services.db(), accountIds, transactionIds);
  const incoming = new Map(change.accounts.map((a) => [a.account_id, a.type]));
  for (const accountId of accountIds) {
    const owner = owners.accounts.get(accountId);
    if (owner && owner.userId !== userId) throw refused(`account ${accountId} belongs to another person`);
    if (!owner && !incoming.has(accountId))
      throw refused(`account ${accountId} is not one of ${userId}'s accounts (send it in accounts first)`);
  }
  for (const l of change.liabilities) {
    if ((incoming.get(l.account_id) ?? owners.accounts.get(l.account_id)?.type) !== "credit")
      throw refused(`liability for ${l.account_id}: only credit-card liabilities are kept, and it is not a credit account`);
  }
  for (const transactionId of transactionIds) {
    const owner = owners.transactions.get(transactionId);
    if (owner && owner !== userId) throw refused(`transaction ${transactionId} belongs to another person`);
  }
}

/**
 * Apply a person's new data (see the module comment). NotFoundError for an unknown person, InvalidRequestError naming any bad
 * record. `carry: false` writes only: a sync page with more to come leaves the recompute to the last page.
 */
export async function syncFinancialData(
  services: Services,
  userId: string,
  input: SyncInput,
  opts: { carry?: boolean } = {},
): Promise<SyncOutcome> {
  const db = services.db();
  const change: FinancialChange = {
    accounts: input.accounts ?? [],
    transactions: input.transactions ?? [],
    removed: (input.removed ?? []).map((r) => r.transaction_id),
    liabilities: input.liabilities ?? [],
  };
  const ids = [...change.transactions.map((t) => t.transaction_id), ...change.removed];
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw refused(`transaction ${repeated} appears more than once`);
  const person = await services.people.read(userId);
  if (person.consent === "unknown") throw new NotFoundError(`No user ${userId}`);
  await checkOwnership(services, userId, change, input.removed);

  const before = await Promise.all(WINDOW_DAYS.map((w) => getStoredProfile(db, userId, w)));
  const result = await applyFinancialChange(db, change);
  const personas = Object.fromEntries(
    WINDOW_DAYS.map((w, i) => [
      `${w}`,
      { before: before[i]?.persona.persona_type ?? null, after: before[i]?.persona.persona_type ?? null },
    ]),
  ) as SyncOutcome["personas"];
  if (!result.changed || opts.carry === false) return { user_id: userId, ...result, personas, withdrawn_recommendations: 0 };

  return carryOutcome(services, { user_id: userId, ...result, personas, withdrawn_recommendations: 0 });
}

/** Run the data-change hook for a write that changed something, and say what it did in the outcome. */
export async function carryOutcome(services: Services, outcome: SyncOutcome): Promise<SyncOutcome> {
  const carried = await carryDataChange(services, outcome.user_id);
  const personas = structuredClone(outcome.personas);
  for (const w of WINDOW_DAYS) personas[`${w}`].after = carried.personas[`${w}`] ?? null;
  const done = { ...outcome, personas, withdrawn_recommendations: carried.withdrawn };
  services.logger.info("financial_data_synced", { ...done, user_id: outcome.user_id });
  return done;
}

/** What a write that changed nothing answers (a person's personas as stored). NotFoundError for an unknown person. */
export async function unchangedOutcome(services: Services, userId: string): Promise<SyncOutcome> {
  if ((await services.people.read(userId)).consent === "unknown") throw new NotFoundError(`No user ${userId}`);
  const stored = await Promise.all(WINDOW_DAYS.map((w) => getStoredProfile(services.db(), userId, w)));
  const zero = { inserted: 0, updated: 0, unchanged: 0 };
  const personas = Object.fromEntries(
    WINDOW_DAYS.map((w, i) => [
      `${w}`,
      { before: stored[i]?.persona.persona_type ?? null, after: stored[i]?.persona.persona_type ?? null },
    ]),
  ) as SyncOutcome["personas"];
  return {
    user_id: userId,
    accounts: zero,
    transactions: { ...zero, removed: 0 },
    liabilities: zero,
    changed: false,
    personas,
    withdrawn_recommendations: 0,
  };
}

/**
 * THE DATA-CHANGE HOOK: carry a person's changed data through everything derived from it (see the
 * module comment). Every path that changes bank data ends here, once per change: the push routes
 * (a sync page with has_more: false), the Plaid pull (src/services/plaid-pull.ts) and
 * `POST /users/:user_id/refresh` (after `npm run data:load -- --upsert`).
 */
export async function carryDataChange(
  services: Services,
  userId: string,
): Promise<{ personas: Partial<Record<`${WindowDays}`, string>>; withdrawn: number }> {
  const db = services.db();
  const data = await loadFinancialData(db, userId);
  const personas: Partial<Record<`${WindowDays}`, string>> = {};
  if (data.transactions.length > 0) {
    for (const w of WINDOW_DAYS) {
      const { persona } = await computeProfile(db, userId, w, data, services.clock.now());
      personas[`${w}`] = persona.persona_type;
    }
  }
  const withdrawn = await withdrawRecommendationsOf(db, userId);
  await refreshServingState(services, userId);
  for (const window_days of WINDOW_DAYS) {
    const message: RefreshContextMessage = { kind: "refresh_context", user_id: userId, window_days };
    services.defer(
      services.queue
        .send(message)
        .catch((err: unknown) => services.logger.warn("enqueue_failed", { user_id: userId, ...describeError(err) })),
    );
  }
  return { personas, withdrawn };
}
