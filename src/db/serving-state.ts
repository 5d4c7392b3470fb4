import { sql } from "drizzle-orm";
import type { AccountRecord } from "../domain/dataset";
import type { PersonaAssignment } from "../domain/personas";
import type { AuthorRecord } from "../domain/reuse-rule";
import type { Signals, WindowDays } from "../domain/signals";
import type { Database } from "./client";

/** How long a withdrawn recommendation is refused by the vector tier: far longer than any index's lag. */
const WITHDRAWN_WINDOW_MINUTES = 60;

/** What a person's serving state is built from, as Postgres holds it. */
export interface ServingData {
  consent: "granted" | "revoked" | "pending";
  /** The stored signals and persona per window (a window is absent until computed). */
  profiles: Partial<Record<`${WindowDays}`, { signals: Signals; persona: PersonaAssignment }>>;
  /** The person's own record, for the reuse rule at generation. */
  author: AuthorRecord;
  /** Their accounts (the generator's context). */
  accounts: AccountRecord[];
}

type Row = {
  consent_status: ServingData["consent"];
  full_name: string;
  email: string;
  profiles: Record<string, { signals: Signals; persona: PersonaAssignment }>;
  accounts: AccountRecord[];
  merchants: string[];
};

/**
 * Consent, the stored profile of every window, the person's record and accounts, in one statement:
 * what their Durable Object's serving state is made of (read once when it is missing, and when
 * their data changes). Undefined for an unknown user.
 */
export async function loadServingData(db: Database, userId: string): Promise<ServingData | undefined> {
  const { rows } = await db.execute<Row>(sql`
    select u.consent_status, u.full_name, u.email,
      coalesce((select json_object_agg(f.window_days::text, json_build_object('signals', f.signals, 'persona', p.reasoning))
        from user_features f join personas p on p.user_id = f.user_id and p.window_days = f.window_days
        where f.user_id = u.user_id), '{}'::json) as profiles,
      coalesce((select json_agg(json_build_object(
          'account_id', a.account_id, 'user_id', a.user_id, 'type', a.type, 'subtype', a.subtype,
          'balance_available', a.balance_available, 'balance_current', a.balance_current, 'balance_limit', a.balance_limit,
          'iso_currency_code', a.iso_currency_code, 'mask', a.mask) order by a.account_id)
        from accounts a where a.user_id = u.user_id), '[]'::json) as accounts,
      array(select distinct t.merchant_name from transactions t where t.user_id = u.user_id and t.merchant_name is not null) as merchants
    from users u
    where u.user_id = ${userId}`);
  const row = rows[0];
  if (!row) return undefined;
  const accounts = row.accounts.map((a) => ({
    ...a,
    balance_available: num(a.balance_available),
    balance_current: num(a.balance_current),
    balance_limit: num(a.balance_limit),
  }));
  return {
    consent: row.consent_status,
    profiles: row.profiles,
    author: {
      userId,
      fullName: row.full_name,
      email: row.email,
      accountIds: accounts.map((a) => a.account_id),
      masks: accounts.flatMap((a) => (a.mask === null ? [] : [a.mask])),
      merchants: row.merchants,
    },
    accounts,
  };
}

/**
 * Recommendations that stopped being reusable lately (rejected after approval, made stale): the
 * vector tier refuses them whatever the index, which lags, still says. One statement; the serving
 * path runs it alongside the index query.
 */
export async function recentlyWithdrawn(db: Database): Promise<Set<string>> {
  const { rows } = await db.execute<{ id: string }>(sql`
    select r.id::text as id from recommendations r where r.withdrawn_at > now() - make_interval(mins => ${WITHDRAWN_WINDOW_MINUTES})`);
  return new Set(rows.map((r) => r.id));
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
