import { asc, eq } from "drizzle-orm";
import type { Database } from "./client";
import { consentEvents, users } from "./schema";

export type ConsentAction = "grant" | "revoke";

export interface ConsentState {
  user_id: string;
  consent_status: "granted" | "revoked" | "pending";
  history: { action: ConsentAction; actor: string; at: string }[];
}

/** Current consent and its history; undefined for an unknown user. */
export async function getConsent(db: Database, userId: string): Promise<ConsentState | undefined> {
  const [user] = await db.select({ status: users.consentStatus }).from(users).where(eq(users.userId, userId)).limit(1);
  if (!user) return undefined;
  const events = await db
    .select()
    .from(consentEvents)
    .where(eq(consentEvents.userId, userId))
    .orderBy(asc(consentEvents.createdAt), asc(consentEvents.id));
  return {
    user_id: userId,
    consent_status: user.status,
    history: events.map((e) => ({ action: e.action, actor: e.actor, at: e.createdAt.toISOString() })),
  };
}

/** Record a consent change and set the current status; false for an unknown user. */
export async function setConsent(db: Database, userId: string, action: ConsentAction, actor: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ consentStatus: action === "grant" ? "granted" : "revoked" })
      .where(eq(users.userId, userId))
      .returning({ userId: users.userId });
    if (updated.length === 0) return false;
    await tx.insert(consentEvents).values({ userId, action, actor });
    return true;
  });
}

export async function consentStatus(db: Database, userId: string): Promise<ConsentState["consent_status"] | undefined> {
  const [user] = await db.select({ status: users.consentStatus }).from(users).where(eq(users.userId, userId)).limit(1);
  return user?.status;
}
