/**
 * The console's session: a random id in a cookie, listed server-side by the operator's
 * OperatorSessions Durable Object (src/objects/operator-sessions.ts). A session ends at sign-out,
 * at "sign out everywhere", when its operator is removed, or after SESSION_TTL_SECONDS: at that
 * moment, everywhere, for every copy of the cookie.
 *
 * Value: `v2.<base64url(operator name)>.<base64url(32 random bytes)>`. The cookie never holds a
 * token; the object keeps only the id's SHA-256.
 *
 * CSRF: each session has its own random form token, kept with it, put in a hidden field of every
 * state-changing form and compared in constant time.
 */
import type { OperatorSessions } from "../objects/operator-sessions";
import { base64url } from "../http/user-tokens";

/** `__Host-`: Secure, Path=/ and no Domain, so no other host or path can set or shadow it. */
export const SESSION_COOKIE = "__Host-spendsense_console";
/** A working day; then sign in again. */
export const SESSION_TTL_SECONDS = 8 * 3600;

const FORMAT = /^v2\.([A-Za-z0-9_-]{1,100})\.([A-Za-z0-9_-]{43})$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

export type SessionRegistry = DurableObjectNamespace<OperatorSessions>;

export interface ConsoleSession {
  /** Who signed in: the audit rows and log lines name them. */
  operator: string;
  /** Unix seconds. */
  expiresAt: number;
  /** This session's CSRF form token. */
  csrf: string;
  /** SHA-256 of the session id: its key in the registry. */
  idHash: string;
}

const random = (bytes: number) => base64url(crypto.getRandomValues(new Uint8Array(bytes)).buffer as ArrayBuffer);
const hashOf = async (id: string) => base64url(await crypto.subtle.digest("SHA-256", encoder.encode(id)));

/** The operator's registry object. */
export const registryOf = (ns: SessionRegistry, operator: string) => ns.get(ns.idFromName(operator));

function nameFrom(encoded: string): string | undefined {
  try {
    const bin = atob(encoded.replace(/-/g, "+").replace(/_/g, "/"));
    return decoder.decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** Equal strings, compared in constant time over their bytes (lengths are public here). */
function sameBytes(a: string, b: string): boolean {
  const [x, y] = [encoder.encode(a), encoder.encode(b)];
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}

/** Open a session for `operator`, valid for SESSION_TTL_SECONDS from `nowSeconds`, and its cookie value. */
export async function createSession(
  ns: SessionRegistry,
  operator: string,
  nowSeconds: number,
): Promise<{ value: string; session: ConsoleSession }> {
  const id = random(32);
  const idHash = await hashOf(id);
  const stored = { csrf: random(32), expiresAt: nowSeconds + SESSION_TTL_SECONDS, createdAt: nowSeconds };
  await registryOf(ns, operator).open(idHash, stored);
  const value = `v2.${base64url(encoder.encode(operator).buffer as ArrayBuffer)}.${id}`;
  return { value, session: { operator, expiresAt: stored.expiresAt, csrf: stored.csrf, idHash } };
}

/** The open session a cookie value stands for, or undefined (malformed, unknown, ended or expired). */
export async function readSession(ns: SessionRegistry, value: string | undefined, nowSeconds: number): Promise<ConsoleSession | undefined> {
  const match = value ? FORMAT.exec(value) : null;
  if (!match) return undefined;
  const operator = nameFrom(match[1]!);
  if (!operator) return undefined;
  const idHash = await hashOf(match[2]!);
  const stored = await registryOf(ns, operator).find(idHash, nowSeconds);
  return stored ? { operator, expiresAt: stored.expiresAt, csrf: stored.csrf, idHash } : undefined;
}

/** End this one session, everywhere. */
export async function endSession(ns: SessionRegistry, session: ConsoleSession): Promise<void> {
  await registryOf(ns, session.operator).close(session.idHash);
}

/** End every session of `operator`; how many were open. */
export async function endAllSessions(ns: SessionRegistry, operator: string): Promise<number> {
  return registryOf(ns, operator).closeAll();
}

/** Whether a form's CSRF field matches the session's token (constant time). */
export function csrfMatches(session: ConsoleSession, presented: unknown): boolean {
  return typeof presented === "string" && sameBytes(presented, session.csrf);
}
