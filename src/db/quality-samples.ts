import { and, asc, gte, lte } from "drizzle-orm";
import type { Database } from "./client";
import { qualitySamples } from "./schema";

export type QualitySampleRow = typeof qualitySamples.$inferSelect;
export type NewQualitySample = typeof qualitySamples.$inferInsert;

export async function insertQualitySample(db: Database, sample: NewQualitySample): Promise<void> {
  await db.insert(qualitySamples).values(sample);
}

export async function qualitySamplesBetween(db: Database, range: { from: Date; to: Date }): Promise<QualitySampleRow[]> {
  return db
    .select()
    .from(qualitySamples)
    .where(and(gte(qualitySamples.createdAt, range.from), lte(qualitySamples.createdAt, range.to)))
    .orderBy(asc(qualitySamples.personaType), asc(qualitySamples.id));
}
