/**
 * A recommendation's fields, declared once. The table (src/db/schema.ts) declares each column and
 * its type; this module says who writes each one. Every other shape of a recommendation derives from
 * the two: the row and insert types, the served type and its contract schema, the queue message that
 * carries a served set, the rows a set becomes, and the SQL column list that stores them. A column
 * added to the table but not placed here fails the type check, so it cannot be dropped silently on
 * one of those paths.
 */
import { getTableColumns } from "drizzle-orm";
import { recommendations } from "./schema";

export type RecommendationRow = typeof recommendations.$inferSelect;
type Insert = typeof recommendations.$inferInsert;
type Field = keyof RecommendationRow;

/**
 * Who writes each column when a set is stored:
 * - `item`: each recommendation's own (the tier that made it);
 * - `set`: shared by the set's recommendations;
 * - `place`: the recommendation's index in its set (the priority order);
 * - `review`: written later, by reviews and withdrawals (null when stored);
 * - `database`: stamped by Postgres as the row is stored.
 */
export const FIELD_WRITER = {
  id: "item",
  setId: "set",
  userId: "set",
  windowDays: "set",
  personaType: "set",
  topic: "item",
  title: "item",
  content: "item",
  rationale: "item",
  disclosure: "item",
  shareableTitle: "item",
  shareableContent: "item",
  status: "item",
  source: "item",
  similarityScore: "item",
  reusedFromId: "item",
  model: "item",
  promptTokens: "item",
  completionTokens: "item",
  createdAt: "database",
  updatedAt: "database",
  reviewedAt: "review",
  reviewNote: "review",
  withdrawnAt: "review",
  position: "place",
  requestStartedAt: "set",
} as const satisfies Record<Field, "item" | "set" | "place" | "review" | "database">;

type Writer = (typeof FIELD_WRITER)[Field];
type FieldsBy<W extends Writer> = { [K in Field]: (typeof FIELD_WRITER)[K] extends W ? K : never }[Field];
export type ItemField = FieldsBy<"item">;
export type SetField = FieldsBy<"set">;
type DatabaseField = FieldsBy<"database">;

const FIELDS = Object.keys(FIELD_WRITER) as Field[];
const fieldsBy = <W extends Writer>(writer: W) => FIELDS.filter((f) => FIELD_WRITER[f] === writer) as FieldsBy<W>[];

/** A zod `pick` mask of some fields. */
export type FieldMask<F extends Field> = { [K in F]: true };
const maskOf = <F extends Field>(fields: readonly F[]) => Object.fromEntries(fields.map((f) => [f, true])) as FieldMask<F>;

export const ITEM_FIELDS = fieldsBy("item");
export const ITEM_MASK = maskOf(ITEM_FIELDS);
const REVIEW_FIELDS = fieldsBy("review");

/** The statuses a recommendation is stored with; reviews move it on from there. */
export const NEW_STATUSES = ["pending", "approved", "flagged"] as const;

/** One recommendation of a set to store: its own fields (an id may be minted by the caller, so what was served is stored with the same ids). */
export type NewRecommendation = Omit<Pick<Insert, ItemField>, "status"> & { status: (typeof NEW_STATUSES)[number] };

/** What a person is shown of a recommendation; the API lists a withdrawn one's status as "withdrawn". */
export const SERVED_MASK = maskOf(["id", "topic", "title", "content", "rationale", "disclosure", "status"] as const);
type ServedField = keyof typeof SERVED_MASK;
export type ServedStatus = RecommendationRow["status"] | "withdrawn";
export type ServedRecommendation = Omit<Pick<RecommendationRow, ServedField>, "status"> & { status: ServedStatus };

export function toServed(row: RecommendationRow): ServedRecommendation {
  const served: Partial<Record<ServedField, unknown>> = {};
  for (const field of Object.keys(SERVED_MASK) as ServedField[]) served[field] = row[field];
  return served as ServedRecommendation;
}

/** A set's shared fields, as given to rowsOfSet (the set id is minted by then). */
export type SetFields = Pick<RecommendationRow, SetField>;

/**
 * The rows a set's items become: each item's own fields (absent optional ones null), the set's,
 * its place, the review fields null, and `now` for what the database stamps (its own clock wins
 * when stored: those columns are not written).
 */
export function rowsOf(set: SetFields, items: readonly NewRecommendation[], now: Date): RecommendationRow[] {
  const stamped: Pick<RecommendationRow, DatabaseField> = { createdAt: now, updatedAt: now };
  return items.map((item, position) => {
    const row: Partial<Record<Field, unknown>> = { ...set, ...stamped, position };
    for (const field of REVIEW_FIELDS) row[field] = null;
    for (const field of ITEM_FIELDS) row[field] = item[field] ?? null;
    row.id = item.id ?? crypto.randomUUID();
    return row as RecommendationRow;
  });
}

const columns = getTableColumns(recommendations);

/** The columns an insert writes: all but those the database stamps. */
export const WRITTEN_FIELDS = FIELDS.filter((f) => FIELD_WRITER[f] !== "database");

/** A row as Postgres reads it from JSON (json_populate_recordset): column names, driver values. */
export function writtenRecord(row: RecommendationRow): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of WRITTEN_FIELDS) {
    const value = row[field];
    record[columns[field].name] = value === null ? null : columns[field].mapToDriverValue(value);
  }
  return record;
}

export const columnName = (field: Field) => columns[field].name;
