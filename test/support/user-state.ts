import { env } from "cloudflare:test";
import { sql, type SQL } from "drizzle-orm";
import type { Env } from "../../src/config";
import { createDatabase } from "../../src/db/client";
import { durablePersonStates } from "../../src/services/services";

/**
 * Everything a route could write for one person, read where the product keeps it: their rows in
 * every table, their data version (their Durable Object, which keys every cached answer) and their
 * cached answers in KV. Tests compare it before and after a request that must change nothing.
 * (Worker project only: it reads the Worker's bindings.)
 *
 * It refuses to describe a person who is not there: a comparison of two empty states could not
 * fail, so a missing person or data version throws instead of comparing absent with absent.
 */
export async function stateOf(userId: string, requestIds: string[] = []) {
  const { DATABASE_URL, DATABASE_WS_PROXY, CACHE_VERSION } = env as Env;
  const handle = createDatabase({ databaseUrl: DATABASE_URL, wsProxy: DATABASE_WS_PROXY });
  const rows = async (query: SQL) => (await handle.db.execute<{ row: string }>(query)).rows.map((r) => r.row);
  try {
    const ids = requestIds.length
      ? sql.join(
          requestIds.map((id) => sql`${id}`),
          sql`, `,
        )
      : sql`null`;
    const users = await rows(sql`select t::text as row from users t where user_id = ${userId}`);
    if (users.length !== 1) throw new Error(`stateOf(${userId}): no such person in the database`);
    const { version } = await durablePersonStates(env as Env).read(userId);
    if (!version) throw new Error(`stateOf(${userId}): their Durable Object holds no data version`);
    return {
      users,
      accounts: await rows(sql`select t::text as row from accounts t where user_id = ${userId} order by 1`),
      transactions: await rows(sql`select t::text as row from transactions t where user_id = ${userId} order by 1`),
      liabilities: await rows(sql`select t::text as row from liabilities t where user_id = ${userId} order by 1`),
      user_features: await rows(sql`select t::text as row from user_features t where user_id = ${userId} order by 1`),
      personas: await rows(sql`select t::text as row from personas t where user_id = ${userId} order by 1`),
      recommendations: await rows(sql`select t::text as row from recommendations t where user_id = ${userId} order by 1`),
      recommendation_audit: await rows(
        sql`select a::text as row from recommendation_audit a join recommendations r on r.id = a.recommendation_id where r.user_id = ${userId} order by 1`,
      ),
      consent_events: await rows(sql`select t::text as row from consent_events t where user_id = ${userId} order by 1`),
      request_log: await rows(sql`select t::text as row from request_log t where user_id = ${userId} or request_id in (${ids}) order by 1`),
      data_version: version,
      kv_entries: (await (env.CACHE as KVNamespace).list({ prefix: `recs:${CACHE_VERSION}:${userId}:` })).keys.map((k) => k.name),
    };
  } finally {
    await handle.close();
  }
}
