import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client";
import { WINDOW_DAYS } from "../../src/domain/signals";

export type CheckStatus = "pass" | "fail" | "pending";

export interface CheckResult {
  check: string;
  status: CheckStatus;
  detail: string;
}

export interface ValidationOptions {
  /** The user count the population was generated with; unset = not checked. */
  expectedUsers?: number;
  /** Allowed absolute deviation of each persona's share, in percentage points. */
  personaTolerancePp: number;
  /** Minimum share of consenting users with recommendations, per window. */
  recommendationCoverage: number;
}

/** The persona mix the generated population must show (40/30/15/10/5 percent). */
const EXPECTED_PERSONA_SHARES: Record<string, number> = {
  high_utilization: 0.4,
  subscription_heavy: 0.3,
  savings_builder: 0.15,
  variable_income: 0.1,
  wealth_builder: 0.05,
};

/** "Within the last 6 months": 180 days of data plus a few days of slack for month lengths. */
const MAX_HISTORY_DAYS = 186;
/** A card may run a little over its limit (interest, fees); more than this is not realistic. */
const MAX_CARD_OVER_LIMIT = 1.1;
const MAX_TRANSACTION_AMOUNT = 50_000;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function one<T extends Record<string, unknown>>(db: Database, query: ReturnType<typeof sql>): Promise<T> {
  const { rows } = await db.execute<T>(query);
  return rows[0] as T;
}

/** Check the loaded population in Postgres and say what passed, failed or is not there yet. */
export async function validateScaledData(db: Database, opts: ValidationOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const add = (check: string, status: CheckStatus, detail: string) => results.push({ check, status, detail });

  const { users, consenting } = await one<{ users: number; consenting: number }>(
    db,
    sql`select count(*)::int as users, count(*) filter (where consent_status = 'granted')::int as consenting from users`,
  );
  if (opts.expectedUsers === undefined) add("user count", users > 0 ? "pass" : "fail", `${users} users`);
  else add("user count", users === opts.expectedUsers ? "pass" : "fail", `${users} users, expected ${opts.expectedUsers}`);

  for (const window of WINDOW_DAYS) {
    const { rows } = await db.execute<{ persona_type: string; n: number }>(
      sql`select persona_type, count(*)::int as n from personas where window_days = ${window} group by persona_type`,
    );
    const total = rows.reduce((s, r) => s + r.n, 0);
    if (total === 0) {
      add(`persona mix (${window}d)`, "pending", "no personas assigned yet");
      continue;
    }
    const share = (p: string) => (rows.find((r) => r.persona_type === p)?.n ?? 0) / total;
    const off = Object.entries(EXPECTED_PERSONA_SHARES).filter(([p, want]) => Math.abs(share(p) - want) * 100 > opts.personaTolerancePp);
    const mix = Object.keys(EXPECTED_PERSONA_SHARES)
      .map((p) => `${p} ${pct(share(p))}`)
      .join(", ");
    const other = rows.filter((r) => !(r.persona_type in EXPECTED_PERSONA_SHARES)).map((r) => `${r.persona_type} ${pct(r.n / total)}`);
    add(
      `persona mix (${window}d)`,
      off.length ? "fail" : "pass",
      `${mix}${other.length ? `, ${other.join(", ")}` : ""}${off.length ? ` — off by more than ${opts.personaTolerancePp} pp: ${off.map(([p]) => p).join(", ")}` : ""}`,
    );
  }

  for (const [table, label] of [
    ["user_features", "features"],
    ["personas", "personas"],
  ] as const) {
    for (const window of WINDOW_DAYS) {
      const { n } = await one<{ n: number }>(
        db,
        sql`select count(distinct user_id)::int as n from ${sql.identifier(table)} where window_days = ${window}`,
      );
      add(
        `${label} coverage (${window}d)`,
        n === 0 ? "pending" : n === users ? "pass" : "fail",
        n === 0 ? `none computed yet` : `${n}/${users} users (${pct(n / Math.max(users, 1))})`,
      );
    }
  }
  for (const window of WINDOW_DAYS) {
    const { n } = await one<{ n: number }>(
      db,
      sql`select count(distinct r.user_id)::int as n from recommendations r join users u using (user_id)
          where r.window_days = ${window} and u.consent_status = 'granted' and r.status <> 'rejected'`,
    );
    const coverage = n / Math.max(consenting, 1);
    add(
      `recommendation coverage (${window}d)`,
      n === 0 ? "pending" : coverage >= opts.recommendationCoverage ? "pass" : "fail",
      n === 0
        ? "none generated yet"
        : `${n}/${consenting} consenting users (${pct(coverage)}, target ≥ ${pct(opts.recommendationCoverage)})`,
    );
  }

  const dupes = await one<{ emails: number; masks: number }>(
    db,
    sql`select (select count(*) - count(distinct lower(email)) from users)::int as emails,
               (select count(*) from (select user_id, mask from accounts group by 1, 2 having count(*) > 1) d)::int as masks`,
  );
  add(
    "duplicate ids",
    dupes.emails === 0 ? "pass" : "fail",
    `user, account, transaction and liability ids are primary keys; ${dupes.emails} duplicate emails; ${dupes.masks} users with two accounts sharing a mask`,
  );

  const dates = await one<{ first: string | null; last: string | null; old: number; future: number; span: number | null }>(
    db,
    sql`with bounds as (select max(date) as last from transactions)
        select min(t.date)::text as first, max(t.date)::text as last,
               count(*) filter (where t.date < b.last - ${MAX_HISTORY_DAYS}::int)::int as old,
               count(*) filter (where t.date > current_date + 1)::int as future,
               (max(t.date) - min(t.date))::int as span
        from transactions t cross join bounds b`,
  );
  if (!dates.last) add("date range", "fail", "no transactions");
  else
    add(
      "date range",
      dates.old === 0 && dates.future === 0 ? "pass" : "fail",
      `${dates.first} … ${dates.last} (${dates.span} days); ${dates.old} older than ${MAX_HISTORY_DAYS} days before the last, ${dates.future} in the future`,
    );

  const amounts = await one<{
    negative_savings: number;
    over_limit: number;
    negative_owed: number;
    huge: number;
    zero: number;
    bad_apr: number;
  }>(
    db,
    sql`select
      (select count(*) from accounts where type = 'depository' and balance_current < 0 and subtype in ('savings', 'money market', 'hsa'))::int as negative_savings,
      (select count(*) from accounts where type = 'credit' and (balance_limit is null or balance_current > balance_limit * ${MAX_CARD_OVER_LIMIT}))::int as over_limit,
      (select count(*) from accounts where type in ('credit', 'loan') and balance_current < 0)::int as negative_owed,
      (select count(*) from transactions where abs(amount) > ${MAX_TRANSACTION_AMOUNT})::int as huge,
      (select count(*) from transactions where amount = 0)::int as zero,
      (select count(*) from liabilities where apr_percentage is null or apr_percentage < 0 or apr_percentage > 60)::int as bad_apr`,
  );
  const amountProblems = Object.entries(amounts).filter(([, n]) => n > 0);
  add(
    "amounts",
    amountProblems.length ? "fail" : "pass",
    amountProblems.length
      ? amountProblems.map(([k, n]) => `${n} ${k.replaceAll("_", " ")}`).join(", ")
      : `no negative savings, card balances within ${MAX_CARD_OVER_LIMIT}× limit, |amount| ≤ $${MAX_TRANSACTION_AMOUNT.toLocaleString("en-US")}, APRs 0–60%`,
  );

  const { mismatched } = await one<{ mismatched: number }>(
    db,
    sql`select count(*)::int as mismatched from transactions t join accounts a using (account_id) where t.user_id <> a.user_id`,
  );
  add("ownership", mismatched === 0 ? "pass" : "fail", `${mismatched} transactions whose user differs from their account's`);

  return results;
}
