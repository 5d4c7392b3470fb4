/** A transaction while a user is being built: day offsets, integer cents, an account index. */
import type { Category, PaymentChannel } from "./catalog";
import type { Rng } from "./rng";

/** Transactions per user: every generated user lands in this range. */
export const MIN_TXNS_PER_USER = 150;
export const MAX_TXNS_PER_USER = 250;

export interface DraftTxn {
  /** Index into the user's account list. */
  acct: number;
  /** 0..179 inside the window. */
  day: number;
  /** Signed cents: negative = money out, positive = money in (see src/domain/dataset.ts). */
  cents: number;
  merchant: string | null;
  channel: PaymentChannel;
  category: Category;
  pending: boolean;
  /** A purchase that may be paid by card (groceries, shopping, subscriptions). */
  cardEligible: boolean;
  /** Which pass made it, for trimming and tests. */
  kind: "income" | "bill" | "subscription" | "grocery" | "discretionary" | "transfer" | "card" | "loan" | "interest";
}

export const centsToDollars = (cents: number): number => cents / 100;

/** Round cents to a multiple of `step` cents (e.g. 500 = $5). */
export const roundTo = (cents: number, step: number): number => Math.round(cents / step) * step;

/** Whole dollars between lo and hi, in cents. */
export const dollars = (rng: Rng, lo: number, hi: number): number => rng.int(lo, hi) * 100;

/** Adds one draft transaction to the user being built (nothing for 0 cents). */
export type Push = (
  acct: number,
  day: number,
  cents: number,
  merchant: string | null,
  channel: PaymentChannel,
  category: Category,
  kind: DraftTxn["kind"],
  cardEligible?: boolean,
) => void;
