import { sql } from "drizzle-orm";
import type { AccountRecord } from "../domain/dataset";
import type { PersonaAssignment } from "../domain/personas";
import type { AuthorRecord } from "../domain/reuse-rule";
import type { Signals, WindowDays } from "../domain/signals";
import type { Database } from "./client";

/** How long a withdrawn recommendation is refused by the vector tier: far longer than any index's lag. */
const WITHDRAWN_WINDOW_MINUTES = 60;

/** Everything a generate needs from Postgres before it can answer, read in one round trip. */
export interface ServingState {
  consent: "granted" | "revoked" | "pending";
  /** The stored signals and persona for the window; undefined until computed. */
  profile: { signals: Signals; persona: PersonaAssignment } | undefined;
  /** The person's own record, for the reuse rule at generation. */
  author: AuthorRecord;
  /** Their accounts (the generator's context). */
  accounts: AccountRecord[];
  /** Recommendations that stopped being reusable lately (rejected after approval, made stale). */
  withdrawn: Set<string>;
}

type Row = {
  consent_status: ServingState["consent"];
  full_name: string;
  email: string;
  signals: Signals | null;
  reasoning: PersonaAssignment | null;
  accounts: AccountRecord[];
  merchants: string[];
  withdrawn: string[];
};

/**
 * Consent, the stored profile, the person's record and accounts, and the recently withdrawn
 * recommendations, in one statement: the serving path's first (and, for a vector-tier hit, only
 * other than the index) round trip to Postgres. Undefined for an unknown user.
 */
export async function loadServingState(db: Database, userId: string, windowDays: WindowDays): Promise<ServingState | undefined> {
  const { rows } = await db.execute<Row>(sql`
    select u.consent_status, u.full_name, u.email, f.signals, p.reasoning,
      coalesce((select json_agg(json_build_object(
          'account_id', a.account_id, 'user_id', a.user_id, 'type', a.type, 'subtype', a.subtype,
          'balance_available', a.balance_available, 'balance_current', a.balance_current, 'balance_limit', a.balance_limit,
          'iso_currency_code', a.iso_currency_code, 'mask', a.mask) order by a.account_id)
        from accounts a where a.user_id = u.user_id), '[]'::json) as accounts,
      array(select distinct t.merchant_name from transactions t where t.user_id = u.user_id and t.merchant_name is not null) as merchants,
      array(select r.id::text from recommendations r
        where r.withdrawn_at > now() - make_interval(mins => ${WITHDRAWN_WINDOW_MINUTES})) as withdrawn
    from users u
    left join user_features f on f.user_id = u.user_id and f.window_days = ${windowDays}
    left join personas p on p.user_id = u.user_id and p.window_days = ${windowDays}
    where u.user_id = ${userId}`);
  const row = rows[0];
  if (!row) return undefined;
  const accounts = row.accounts.map((a) => ({ ...a, balance_available: num(a.balance_available), balance_current: num(a.balance_current), balance_limit: num(a.balance_limit) }));
  return {
    consent: row.consent_status,
    profile: row.signals && row.reasoning ? { signals: row.signals, persona: row.reasoning } : undefined,
    author: { userId, fullName: row.full_name, email: row.email, accountIds: accounts.map((a) => a.account_id), masks: accounts.flatMap((a) => (a.mask === null ? [] : [a.mask])), merchants: row.merchants },
    accounts,
    withdrawn: new Set(row.withdrawn),
  };
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
