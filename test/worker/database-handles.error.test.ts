import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, inject, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "../../src/db/client";

// Two handles to two databases in one isolate (the races point requests at the real PostgreSQL
// while other requests use the embedded one): each handle's queries must reach its own database,
// whatever order the handles were made in and however their queries interleave.
const EMBEDDED = { databaseUrl: (env as Env).DATABASE_URL, wsProxy: (env as Env).DATABASE_WS_PROXY };
const REAL = { databaseUrl: inject("realDatabaseUrl"), wsProxy: inject("realDatabaseWsProxy") };

const probe = `handle_probe_${crypto.randomUUID().replaceAll("-", "")}`;

async function labelled(handle: DatabaseHandle, label: string) {
  await handle.db.execute(sql.raw(`create table ${probe} (label text not null)`));
  await handle.db.execute(sql.raw(`insert into ${probe} values ('${label}')`));
}

const labelOf = async (handle: DatabaseHandle) =>
  (await handle.db.execute<{ label: string }>(sql.raw(`select label from ${probe}`))).rows[0]?.label;

describe("database handles", () => {
  it("two handles to two databases, used at once, each reach only their own", async () => {
    const embedded = createDatabase(EMBEDDED);
    const real = createDatabase(REAL);
    try {
      await labelled(embedded, "embedded");
      await labelled(real, "real");
      // Interleaved, and a third handle made in the middle, as a request of the other kind would.
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          if (i === 6) createDatabase(EMBEDDED);
          return i % 2 === 0 ? labelOf(embedded).then((l) => ["embedded", l]) : labelOf(real).then((l) => ["real", l]);
        }),
      );
      for (const [expected, got] of answers) expect(got).toBe(expected);
      // Sessions (the Pool) too: a session query on each handle at once.
      const [e, r] = await Promise.all([
        embedded.sessionDb.execute<{ label: string }>(sql.raw(`select label from ${probe}`)),
        real.sessionDb.execute<{ label: string }>(sql.raw(`select label from ${probe}`)),
      ]);
      expect([e.rows[0]?.label, r.rows[0]?.label]).toEqual(["embedded", "real"]);
    } finally {
      // The embedded database serves one session at a time: end the sessions before the HTTP drops.
      await Promise.allSettled([embedded.close(), real.close()]);
      await Promise.allSettled([
        embedded.db.execute(sql.raw(`drop table if exists ${probe}`)),
        real.db.execute(sql.raw(`drop table if exists ${probe}`)),
      ]);
    }
  });
});
