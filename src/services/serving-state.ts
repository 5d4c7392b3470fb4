/**
 * A person's serving state: what a generate needs of them that changes only when their data does
 * (the stored profile per window, the canonical profile's embedding, the author digest, the
 * accounts summary). It lives with their consent in their Durable Object, keyed by the data
 * version, so a vector-tier hit reads nothing of the person from the region.
 *
 * Life cycle:
 *   - written by refreshServingState when their data changes (syncs, refresh, recomputed features);
 *   - loaded from Postgres by the serving path when the object does not hold it (first request,
 *     or after a write failed), and offered back after the response;
 *   - retired with the version: a data change, a consent change (revoked: the copy is dropped).
 *     A review only re-stamps it (the data did not change).
 */
import { loadServingData, type ServingData } from "../db/serving-state";
import { REUSE_RULE_VERSION } from "../domain/reuse-rule";
import { summarizeAccounts } from "../domain/profile";
import { authorDigest } from "../domain/reuse-rule";
import { WINDOW_DAYS, type WindowDays } from "../domain/signals";
import { NotFoundError } from "./errors";
import { describeError } from "../logger";
import { embedUserContext } from "./embedding";
import type { PersonSnapshot, ServingState, ServingWindow } from "./person-state";
import { computeProfile } from "./profile-service";
import type { Services } from "./services";

/** The serving state of `version` made from what Postgres holds. */
export function servingStateOf(version: string, data: ServingData): ServingState {
  const windows: ServingState["windows"] = {};
  for (const w of WINDOW_DAYS) {
    const profile = data.profiles[`${w}`];
    if (profile) windows[`${w}`] = { profile };
  }
  return { version, author: authorDigest(data.author), accounts: summarizeAccounts(data.accounts), windows };
}

export interface ServingRead {
  person: PersonSnapshot;
  /** The person's state for the window; undefined when they are unknown or do not consent. */
  state: ServingState | undefined;
  window: ServingWindow | undefined;
  /** True when it was (partly) loaded from Postgres: offer it back to the object after the response. */
  loaded: boolean;
}

/**
 * The person's snapshot and serving state for one window: one call to their object; Postgres only
 * when the object lacks it (one round trip, two more when the window's profile was never computed).
 */
export async function readServingState(services: Services, userId: string, windowDays: WindowDays): Promise<ServingRead> {
  const person = await services.people.readServing(userId, windowDays);
  if (person.consent !== "granted") return { person, state: undefined, window: undefined, loaded: false };
  // A state whose author digest a former reuse rule made is built again (the rule refuses old digests whole).
  let state = person.serving?.author.v === REUSE_RULE_VERSION ? person.serving : undefined;
  let loaded = false;
  if (!state) {
    const data = await loadServingData(services.db(), userId);
    if (!data) throw new NotFoundError(`No user ${userId}`);
    state = servingStateOf(person.version, data);
    loaded = true;
  }
  let window = state.windows[`${windowDays}`];
  if (!window) {
    const profile = await computeProfile(services.db(), userId, windowDays);
    window = { profile: { signals: profile.signals, persona: profile.persona } };
    state = { ...state, windows: { ...state.windows, [`${windowDays}`]: window } };
    loaded = true;
  }
  return { person: { consent: person.consent, version: person.version }, state, window, loaded };
}

/** Offer a serving state to the person's object after the response (refused there if its version was retired meanwhile). */
export function offerServingState(services: Services, userId: string, state: ServingState): void {
  services.defer(
    services.people
      .storeServing(userId, state)
      .catch((err: unknown) => services.logger.warn("serving_state_store_failed", { user_id: userId, ...describeError(err) })),
  );
}

/**
 * THE hook for "this person's data changed" (a sync, a refresh after `data:load --upsert`,
 * recomputed features, a pull from Plaid): retires their cached answers and serving state at once
 * (a new data version in their object), then stores a fresh serving state, embeddings included, for
 * the new version. Call it after the new data and profiles are written to Postgres. If the fresh
 * state cannot be built, the serving path loads it on the next request: nothing stale is served either way.
 */
export async function refreshServingState(services: Services, userId: string): Promise<PersonSnapshot> {
  const person = await services.people.dataChanged(userId);
  if (person.consent !== "granted") return person;
  try {
    const data = await loadServingData(services.db(), userId);
    if (!data) return person;
    const state = servingStateOf(person.version, data);
    if (services.config.VECTOR_DB_ENABLED) {
      const embedder = services.embedder();
      for (const window of Object.values(state.windows)) {
        const { vector } = await embedUserContext(embedder, window.profile.signals, window.profile.persona);
        window.embedding = { embedderId: embedder.id, vector: Float32Array.from(vector) };
      }
    }
    await services.people.storeServing(userId, state);
  } catch (err) {
    services.logger.warn("serving_state_refresh_failed", { user_id: userId, ...describeError(err) });
  }
  return person;
}
