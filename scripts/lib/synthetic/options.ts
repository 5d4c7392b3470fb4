/** Generator options: defaults, limits, and strict parsing shared by the CLI and the library. */
import { parseIsoDate, todayUtc, WINDOW_DAYS } from "./dates";

export const MIN_USERS = 1;
export const MAX_USERS = 100_000;
export const DEFAULT_NUM_USERS = 75;
export const DEFAULT_SEED = 42;
export const DEFAULT_CONSENT_RATE = 1;
/** Users generated and flushed per chunk. */
export const CHUNK_SIZE = 100;

export interface GeneratorOptions {
  numUsers?: number;
  seed?: number;
  consentRate?: number;
  /** YYYY-MM-DD, the last day of the data; default today (UTC). */
  asOf?: string;
  /** Number of the first user (user_00001 by default): a second population with other ids. */
  firstId?: number;
}

export interface ResolvedOptions {
  numUsers: number;
  seed: number;
  consentRate: number;
  asOf: string;
  asOfDay: number;
  windowStart: number;
  firstId: number;
}

/** A bad option value; the CLI turns it into exit code 2. */
export class OptionError extends Error {
  override name = "OptionError";
}

/** An argument as an error message shows it: at most 40 characters. */
const shown = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}… (${text.length} characters)` : text);

export function parseNumUsers(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < MIN_USERS || n > MAX_USERS) {
    throw new OptionError(`--num-users must be a whole number from ${MIN_USERS} to ${MAX_USERS} (got "${shown(text)}")`);
  }
  return n;
}

export function parseSeed(text: string): number {
  const n = /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new OptionError(`--seed must be an integer (got "${shown(text)}")`);
  return n;
}

export function parseConsentRate(text: string): number {
  const n = /^(\d+(\.\d*)?|\.\d+)$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(n >= 0 && n <= 1)) throw new OptionError(`--consent-rate must be a number from 0 to 1 (got "${shown(text)}")`);
  return n;
}

/**
 * User numbers are zero-padded to 5 digits (user_00042) and take a 6th past 99,999 (user_100000);
 * the last user's number must stay <= 999,999.
 */
export const MAX_USER_NUMBER = 999_999;

export function parseFirstId(text: string): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_USER_NUMBER) {
    throw new OptionError(`--first-id must be a whole number from 1 to ${MAX_USER_NUMBER} (got "${shown(text)}")`);
  }
  return n;
}

/** The last user's number (first id + users - 1) must not pass MAX_USER_NUMBER. */
export function checkIdRange(firstId: number, numUsers: number): void {
  const last = firstId + numUsers - 1;
  if (last > MAX_USER_NUMBER) {
    throw new OptionError(
      `--first-id ${firstId} with --num-users ${numUsers} would number the last user ${last}; the last user must be at most ${MAX_USER_NUMBER} (so --first-id at most ${MAX_USER_NUMBER - numUsers + 1})`,
    );
  }
}

export function parseAsOf(text: string): string {
  if (parseIsoDate(text) === null) throw new OptionError(`--as-of must be a real date as YYYY-MM-DD (got "${shown(text)}")`);
  return text;
}

/** Fill defaults and check every value, also for callers that skip the CLI. */
export function resolveOptions(opts: GeneratorOptions = {}): ResolvedOptions {
  const numUsers = parseNumUsers(String(opts.numUsers ?? DEFAULT_NUM_USERS));
  const seed = parseSeed(String(opts.seed ?? DEFAULT_SEED));
  const consentRate = opts.consentRate ?? DEFAULT_CONSENT_RATE;
  if (!(consentRate >= 0 && consentRate <= 1)) throw new OptionError(`consentRate must be from 0 to 1 (got ${consentRate})`);
  const asOf = parseAsOf(opts.asOf ?? todayUtc());
  const asOfDay = parseIsoDate(asOf) as number;
  const firstId = parseFirstId(String(opts.firstId ?? 1));
  checkIdRange(firstId, numUsers);
  return { numUsers, seed, consentRate, asOf, asOfDay, windowStart: asOfDay - (WINDOW_DAYS - 1), firstId };
}
