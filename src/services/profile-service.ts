import { loadAccounts, loadFinancialData, type FinancialData } from "../db/financial-data";
import type { Database } from "../db/client";
import { getStoredProfile, saveProfile } from "../db/profiles";
import { assignPersona, type PersonaAssignment } from "../domain/personas";
import { buildUserContext, type UserContext } from "../domain/profile";
import { asOfOn, computeSignals } from "../domain/compute-signals";
import type { Signals, WindowDays } from "../domain/signals";
import { NoTransactionsError } from "./errors";

export interface Profile {
  signals: Signals;
  persona: PersonaAssignment;
  /** True when this call computed (and stored) the signals and persona. */
  computed: boolean;
}

/** Today's date (UTC), the bound on as-of (see asOfOn). */
export const todayOf = (nowMs: number) => new Date(nowMs).toISOString().slice(0, 10);

/** Compute signals and persona from the user's data and store them. */
export async function computeProfile(
  db: Database,
  userId: string,
  windowDays: WindowDays,
  data?: FinancialData,
  nowMs: number = Date.now(),
): Promise<Profile> {
  const financial = data ?? (await loadFinancialData(db, userId));
  if (financial.transactions.length === 0) {
    throw new NoTransactionsError(userId);
  }
  const today = todayOf(nowMs);
  const signals = computeSignals(financial, windowDays, asOfOn(financial.transactions, today), today);
  const persona = assignPersona(signals);
  await saveProfile(db, userId, signals, persona);
  return { signals, persona, computed: true };
}

/** The stored profile, or a freshly computed and stored one when missing. */
export async function ensureProfile(db: Database, userId: string, windowDays: WindowDays): Promise<Profile> {
  const stored = await getStoredProfile(db, userId, windowDays);
  if (stored) return { signals: stored.signals, persona: stored.persona, computed: false };
  return computeProfile(db, userId, windowDays);
}

/** The generator's context: the profile plus the user's accounts, masked to their last 4. */
export async function contextFor(db: Database, userId: string, profile: Profile): Promise<UserContext> {
  const accounts = await loadAccounts(db, userId);
  return buildUserContext(profile.signals, profile.persona, accounts, userId);
}
