/**
 * The Durable Object behind src/services/person-state.ts: one per person. Postgres stays the source
 * of truth for consent; the object loads it once, the first time the person is asked about, and
 * from then on every consent change is written to both, in the order that fails closed (see
 * src/services/consent.ts). It also keeps the person's serving state (profiles, embeddings, author
 * digest, accounts summary) for the current data version only: see src/services/serving-state.ts.
 */
import { DurableObject } from "cloudflare:workers";
import { configFor, type Env } from "../config";
import { createDatabase } from "../db/client";
import { consentStatus } from "../db/consent";
import type { WindowDays } from "../domain/signals";
import { mergeServing, oneWindow, type Consent, type PersonSnapshot, type ServingSnapshot, type ServingState } from "./person-snapshot";

const KEY = "state";
/** The serving state, valid only while its version is the snapshot's. */
const SERVING = "serving";

export class PersonState extends DurableObject<Env> {
  /** The person's consent and data version, loading consent from Postgres the first time. */
  async read(userId: string): Promise<PersonSnapshot> {
    const stored = await this.ctx.storage.get<PersonSnapshot>(KEY);
    if (stored) return stored;
    let snapshot: PersonSnapshot = { consent: "unknown", version: "0" };
    // No other call to this person runs meanwhile, so a consent change cannot be overwritten by this load.
    await this.ctx.blockConcurrencyWhile(async () => {
      const again = await this.ctx.storage.get<PersonSnapshot>(KEY);
      if (again) {
        snapshot = again;
        return;
      }
      const config = configFor(this.env);
      const handle = createDatabase({ databaseUrl: config.DATABASE_URL, wsProxy: config.DATABASE_WS_PROXY });
      const consent = await consentStatus(handle.db, userId);
      // An unknown person is not remembered: they may be loaded later.
      if (!consent) return;
      snapshot = { consent, version: crypto.randomUUID() };
      await this.ctx.storage.put(KEY, snapshot);
    });
    return snapshot;
  }

  /** The snapshot and, when held for the current version and the person consents, their serving state for one window. */
  async readServing(userId: string, windowDays: WindowDays): Promise<ServingSnapshot> {
    const snapshot = await this.read(userId);
    if (snapshot.consent !== "granted") return snapshot;
    const serving = await this.ctx.storage.get<ServingState>(SERVING);
    return serving?.version === snapshot.version ? { ...snapshot, serving: oneWindow(serving, windowDays) } : snapshot;
  }

  /** Keep a serving state for the version it names; refused (false) when that version was retired meanwhile. */
  async storeServing(userId: string, state: ServingState): Promise<boolean> {
    const snapshot = await this.read(userId);
    if (snapshot.consent !== "granted") return false;
    const merged = mergeServing(snapshot.version, await this.ctx.storage.get<ServingState>(SERVING), state);
    if (!merged) return false;
    await this.ctx.storage.put(SERVING, merged);
    return true;
  }

  /** Record consent (and retire every cached answer, and the serving state: it is loaded again after a grant). */
  async setConsent(consent: Consent): Promise<PersonSnapshot> {
    const snapshot: PersonSnapshot = { consent, version: crypto.randomUUID() };
    await this.ctx.storage.put(KEY, snapshot);
    await this.ctx.storage.delete(SERVING);
    return snapshot;
  }

  /** Retire every cached answer of the person: their recommendations changed (their data did not, so the serving state carries over). */
  async retire(userId: string): Promise<PersonSnapshot> {
    const current = await this.read(userId);
    if (current.consent === "unknown") return current;
    const snapshot: PersonSnapshot = { ...current, version: crypto.randomUUID() };
    const serving = await this.ctx.storage.get<ServingState>(SERVING);
    await this.ctx.storage.put(
      serving?.version === current.version
        ? { [KEY]: snapshot, [SERVING]: { ...serving, version: snapshot.version } }
        : { [KEY]: snapshot },
    );
    return snapshot;
  }

  /** Their data changed: retire every cached answer and the serving state (a fresh one is stored for the new version). */
  async dataChanged(userId: string): Promise<PersonSnapshot> {
    const current = await this.read(userId);
    if (current.consent === "unknown") return current;
    const snapshot: PersonSnapshot = { ...current, version: crypto.randomUUID() };
    await this.ctx.storage.put(KEY, snapshot);
    await this.ctx.storage.delete(SERVING);
    return snapshot;
  }
}
