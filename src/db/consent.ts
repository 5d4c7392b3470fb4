import { asc, eq, sql } from "drizzle-orm";
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

/**
 * Set the current status and record the change, in one statement (one round trip, atomic). A call
 * that changes nothing (granting what is granted) writes no history row. Undefined for an unknown user.
 */
export async function setConsent(
  db: Database,
  userId: string,
  action: ConsentAction,
  actor: string,
): Promise<{ previous: ConsentState["consent_status"]; changed: boolean } | undefined> {
  const status = action === "grant" ? "granted" : "revoked";
  const { rows } = await db.execute<{ previous: ConsentState["consent_status"]; changed: boolean }>(sql`
    with target as (select ${users.userId} as user_id, ${users.consentStatus} as status from ${users} where ${users.userId} = ${userId} for update),
    changed as (
      update ${users} set consent_status = ${status} from target
      where ${users.userId} = target.user_id and target.status <> ${status}
      returning ${users.userId} as user_id),
    event as (insert into ${consentEvents} (user_id, action, actor) select user_id, ${action}, ${actor} from changed)
    select target.status as previous, exists (select 1 from changed) as changed from target`);
  return rows[0];
}

export async function consentStatus(db: Database, userId: string): Promise<ConsentState["consent_status"] | undefined> {
  const [user] = await db.select({ status: users.consentStatus }).from(users).where(eq(users.userId, userId)).limit(1);
  return user?.status;
}
