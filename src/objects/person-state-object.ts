/**
 * The Durable Object behind src/services/person-state.ts: one per person. Postgres stays the source
 * of truth for consent; the object loads it once, the first time the person is asked about, and
 * from then on every consent change is written to both, in the order that fails closed (see
 * src/services/consent.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { configFor, type Env } from "../config";
import { createDatabase } from "../db/client";
import { consentStatus } from "../db/consent";

const KEY = "state";

export type Consent = "granted" | "revoked" | "pending";

export interface PersonSnapshot {
  /** "unknown": no such person in Postgres. */
  consent: Consent | "unknown";
  /** Part of every cached answer's key: a new version retires them all. */
  version: string;
}


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

  /** Record consent (and retire every cached answer). */
  async setConsent(consent: Consent): Promise<PersonSnapshot> {
    const snapshot: PersonSnapshot = { consent, version: crypto.randomUUID() };
    await this.ctx.storage.put(KEY, snapshot);
    return snapshot;
  }

  /** Retire every cached answer of the person: their data or their recommendations changed. */
  async retire(userId: string): Promise<PersonSnapshot> {
    const current = await this.read(userId);
    if (current.consent === "unknown") return current;
    const snapshot: PersonSnapshot = { ...current, version: crypto.randomUUID() };
    await this.ctx.storage.put(KEY, snapshot);
    return snapshot;
  }
}

