/** Plaid items (a person's bank connections): the encrypted access token and the sync cursor per item. */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "./client";
import { plaidCursors, plaidItems } from "./schema";

export interface CursorState {
  /** The next_cursor of the last page applied (null: none yet). */
  cursor: string | null;
  /** Pages with has_more: true were applied since the last recompute. */
  awaitingLastPage: boolean;
  /** The page's next_cursor was applied before (so, unless it is `cursor`, the page is older). */
  seen: boolean;
}

/** Where an item's sync stands, and whether `nextCursor` was applied before. */
export async function cursorState(db: Database, userId: string, itemId: string, nextCursor: string): Promise<CursorState> {
  const [items, seen] = await db.batch([
    db
      .select({ cursor: plaidItems.cursor, awaiting: plaidItems.awaitingLastPage })
      .from(plaidItems)
      .where(and(eq(plaidItems.userId, userId), eq(plaidItems.itemId, itemId))),
    db
      .select({ one: sql<number>`1` })
      .from(plaidCursors)
      .where(and(eq(plaidCursors.userId, userId), eq(plaidCursors.itemId, itemId), eq(plaidCursors.cursor, nextCursor))),
  ]);
  return { cursor: items[0]?.cursor ?? null, awaitingLastPage: items[0]?.awaiting ?? false, seen: seen.length > 0 };
}

/** A page was applied: its next_cursor is now the item's, and kept in the item's history. */
export async function recordPage(
  db: Database,
  userId: string,
  itemId: string,
  nextCursor: string,
  awaitingLastPage: boolean,
): Promise<void> {
  await db.batch([
    db
      .insert(plaidItems)
      .values({ userId, itemId, cursor: nextCursor, awaitingLastPage })
      .onConflictDoUpdate({
        target: [plaidItems.userId, plaidItems.itemId],
        set: { cursor: nextCursor, awaitingLastPage, updatedAt: sql`now()` },
      }),
    db.insert(plaidCursors).values({ userId, itemId, cursor: nextCursor }).onConflictDoNothing(),
  ]);
}

/** Keep an item's access token (ciphertext only). An item id already held by another person is refused by the caller. */
export async function storeItemToken(db: Database, userId: string, itemId: string, ciphertext: string): Promise<void> {
  await db
    .insert(plaidItems)
    .values({ userId, itemId, accessTokenCiphertext: ciphertext })
    .onConflictDoUpdate({
      target: [plaidItems.userId, plaidItems.itemId],
      set: { accessTokenCiphertext: ciphertext, updatedAt: sql`now()` },
    });
}

export interface StoredItem {
  userId: string;
  itemId: string;
  ciphertext: string | null;
  cursor: string | null;
}

/** Items with this id (at most one holds a token: the unique index plaid_items_item_uq). */
export async function itemsById(db: Database, itemId: string): Promise<StoredItem[]> {
  const rows = await db
    .select({
      userId: plaidItems.userId,
      itemId: plaidItems.itemId,
      ciphertext: plaidItems.accessTokenCiphertext,
      cursor: plaidItems.cursor,
    })
    .from(plaidItems)
    .where(eq(plaidItems.itemId, itemId));
  return rows;
}
