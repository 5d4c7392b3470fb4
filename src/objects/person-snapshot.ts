/**
 * What the person's Durable Object holds, as plain types and pure functions: their consent, the
 * version of their data, and their serving state. The object (person-state-object.ts) and the
 * Worker's side (src/services/person-state.ts) both import this module, so neither imports the other.
 */
import type { PersonaAssignment } from "../domain/personas";
import type { AccountSummary } from "../domain/profile";
import type { AuthorDigest } from "../domain/reuse-rule";
import type { Signals, WindowDays } from "../domain/signals";

export type Consent = "granted" | "revoked" | "pending";

export interface PersonSnapshot {
  /** "unknown": no such person in Postgres. */
  consent: Consent | "unknown";
  /** Part of every cached answer's key: a new version retires them all. */
  version: string;
}

/** One window of a person's serving state. */
export interface ServingWindow {
  /** The stored signals and persona for the window. */
  profile: { signals: Signals; persona: PersonaAssignment };
  /** The canonical profile's embedding, by the embedder named (float32: what the index compares anyway). */
  embedding?: { embedderId: string; vector: Float32Array } | undefined;
}

/**
 * Everything a generate needs of a person that changes only when their data does, kept in their
 * Durable Object next to consent so that a vector-tier hit reads nothing else from the region.
 * Valid only for the data version it names: a data change retires it with every cached answer.
 */
export interface ServingState {
  version: string;
  /** The reuse rule's digest of the person's record (hashes only: no name, email or merchant in clear). */
  author: AuthorDigest;
  /** The accounts the generator's context lists. */
  accounts: AccountSummary[];
  windows: Partial<Record<`${WindowDays}`, ServingWindow>>;
}

/** The person's snapshot, with their serving state for one window when the object holds it for the current version. */
export interface ServingSnapshot extends PersonSnapshot {
  serving?: ServingState | undefined;
}

/**
 * The serving state to keep after `incoming` is offered: refused (undefined) unless it is for the
 * current version; windows the offer lacks are kept, and an embedding already held is kept when
 * the offer has none. Pure: the object and the jobs' in-memory stand-in share it.
 */
export function mergeServing(currentVersion: string, held: ServingState | undefined, incoming: ServingState): ServingState | undefined {
  if (incoming.version !== currentVersion) return undefined;
  if (!held || held.version !== currentVersion) return incoming;
  const windows = { ...held.windows };
  for (const [w, win] of Object.entries(incoming.windows) as [`${WindowDays}`, ServingWindow][]) {
    windows[w] = { ...win, embedding: win.embedding ?? held.windows[w]?.embedding };
  }
  return { ...incoming, windows };
}

/** The state with only one window (what the serving path reads and offers back). */
export const oneWindow = (state: ServingState, windowDays: WindowDays): ServingState => {
  const win = state.windows[`${windowDays}`];
  return { ...state, windows: win ? { [`${windowDays}`]: win } : {} };
};
