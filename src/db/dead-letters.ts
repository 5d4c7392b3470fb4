import { and, gte, sql } from "drizzle-orm";
import type { Database } from "./client";
import { deadLetters, jobItems } from "./schema";

export async function recordDeadLetter(
  db: Database,
  letter: { queue: string; reason: string; messageId: string; attempts: number; body: unknown },
): Promise<void> {
  await db.insert(deadLetters).values({ ...letter, body: letter.body as object });
}

/** Dead letters per queue since `from`, and the job items still queued (the jobs queue's backlog). */
export async function queueHealth(
  db: Database,
  from: Date,
): Promise<{ deadLetters: { queue: string; count: number }[]; jobBacklog: number }> {
  const [letters, backlog] = await db.batch([
    db
      .select({ queue: deadLetters.queue, count: sql<number>`count(*)::int` })
      .from(deadLetters)
      .where(and(gte(deadLetters.createdAt, from)))
      .groupBy(deadLetters.queue),
    db.select({ n: sql<number>`count(*)::int` }).from(jobItems).where(sql`${jobItems.status} = 'queued'`),
  ]);
  return { deadLetters: letters, jobBacklog: backlog[0]?.n ?? 0 };
}
