/**
 * What the Worker knows of each person at every location at once: their consent, the version of
 * their data, and their serving state, held by one Durable Object per person
 * (src/objects/person-state-object.ts). Workers KV is eventually consistent (a write can take a
 * minute to reach other locations, and each location caches reads), so neither consent nor the
 * cache's data version can live there: revoking must stop serving at once, everywhere, and a data
 * change must retire every cached answer at once. The cached answers stay in KV, keyed by the
 * version the object holds.
 */
import type { Env } from "../config";
import type { PersonState } from "../objects/person-state-object";

export type { Consent, PersonSnapshot, ServingSnapshot, ServingState, ServingWindow } from "../objects/person-snapshot";
export { mergeServing, oneWindow } from "../objects/person-snapshot";

/** The person's object, by user id (one per person, wherever the request arrives). */
export function personState(env: Pick<Env, "PERSON_STATE">, userId: string): DurableObjectStub<PersonState> {
  return env.PERSON_STATE.get(env.PERSON_STATE.idFromName(userId));
}
