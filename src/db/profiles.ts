import { and, eq } from "drizzle-orm";
import type { PersonaAssignment } from "../domain/personas";
import type { Signals, WindowDays } from "../domain/signals";
import type { Database } from "./client";
import { personas, userFeatures } from "./schema";

export interface StoredProfile {
  signals: Signals;
  persona: PersonaAssignment;
  computed_at: string;
}

/** The stored signals and persona of one user and window, if both exist. */
export async function getStoredProfile(db: Database, userId: string, windowDays: WindowDays): Promise<StoredProfile | undefined> {
  const [row] = await db
    .select({ signals: userFeatures.signals, reasoning: personas.reasoning, computedAt: userFeatures.computedAt })
    .from(userFeatures)
    .innerJoin(personas, and(eq(personas.userId, userFeatures.userId), eq(personas.windowDays, userFeatures.windowDays)))
    .where(and(eq(userFeatures.userId, userId), eq(userFeatures.windowDays, windowDays)))
    .limit(1);
  if (!row) return undefined;
  return { signals: row.signals as Signals, persona: row.reasoning as PersonaAssignment, computed_at: row.computedAt.toISOString() };
}

/** Store (or replace) the signals and persona of one user and window, together (one round trip, one transaction). */
export async function saveProfile(db: Database, userId: string, signals: Signals, persona: PersonaAssignment): Promise<void> {
  const now = new Date();
  await db.batch([
    db
      .insert(userFeatures)
      .values({ userId, windowDays: signals.window_days, asOf: signals.as_of, signals, computedAt: now })
      .onConflictDoUpdate({
        target: [userFeatures.userId, userFeatures.windowDays],
        set: { asOf: signals.as_of, signals, computedAt: now },
      }),
    db
      .insert(personas)
      .values({
        userId,
        windowDays: signals.window_days,
        personaType: persona.persona_type,
        reasoning: persona,
        asOf: signals.as_of,
        assignedAt: now,
      })
      .onConflictDoUpdate({
        target: [personas.userId, personas.windowDays],
        set: { personaType: persona.persona_type, reasoning: persona, asOf: signals.as_of, assignedAt: now },
      }),
  ]);
}
