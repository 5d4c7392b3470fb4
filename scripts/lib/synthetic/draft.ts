/** A transaction while a user is being built: day offsets, integer cents, an account index. */
import type { Category, PaymentChannel } from "./catalog";

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
