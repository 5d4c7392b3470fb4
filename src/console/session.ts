/**
 * The console's session: a signed, expiring cookie, given in exchange for OPERATOR_TOKEN.
 *
 * Value: `v1.<expires_at>.<nonce>.<sig>`, sig = base64url(HMAC-SHA256(K, "console.v1|<expires_at>|<nonce>")),
 * where K is derived with HKDF from OPERATOR_TOKEN. Stateless: nothing is stored, a session ends
 * at its expiry or when the operator token is rotated (which changes K). The cookie never holds
 * the token itself.
 *
 * CSRF: each session has its own form token, base64url(HMAC-SHA256(K, "console.csrf.v1|<nonce>")),
 * put in a hidden field of every state-changing form and compared in constant time.
 */
import { base64url } from "../http/user-tokens";

/** `__Host-`: Secure, Path=/ and no Domain, so no other host or path can set or shadow it. */
export const SESSION_COOKIE = "__Host-spendsense_console";
/** A working day; then sign in again. */
export const SESSION_TTL_SECONDS = 8 * 3600;

const FORMAT = /^v1\.([1-9]\d{0,11})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;
const encoder = new TextEncoder();

export interface ConsoleSession {
  /** Unix seconds. */
  expiresAt: number;
  nonce: string;
  /** This session's CSRF form token. */
  csrf: string;
}

// One derived key per operator token, per isolate.
let cached: { token: string; key: Promise<CryptoKey> } | undefined;

function sessionKey(operatorToken: string): Promise<CryptoKey> {
  if (cached?.token !== operatorToken) {
    const key = (async () => {
      const ikm = await crypto.subtle.importKey("raw", encoder.encode(operatorToken), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: encoder.encode("spendsense-console"), info: encoder.encode("session-v1") },
        ikm,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign"],
      );
    })();
    cached = { token: operatorToken, key };
  }
  return cached.key;
}

async function mac(operatorToken: string, message: string): Promise<string> {
  return base64url(await crypto.subtle.sign("HMAC", await sessionKey(operatorToken), encoder.encode(message)));
}

/** Equal strings, compared in constant time over their bytes (lengths are public here). */
function sameBytes(a: string, b: string): boolean {
  const [x, y] = [encoder.encode(a), encoder.encode(b)];
  return x.byteLength === y.byteLength && crypto.subtle.timingSafeEqual(x, y);
}

const csrfFor = (operatorToken: string, nonce: string) => mac(operatorToken, `console.csrf.v1|${nonce}`);

/** A new session valid for SESSION_TTL_SECONDS from `nowSeconds`, and its cookie value. */
export async function createSession(operatorToken: string, nowSeconds: number): Promise<{ value: string; session: ConsoleSession }> {
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)).buffer as ArrayBuffer);
  const expiresAt = nowSeconds + SESSION_TTL_SECONDS;
  const sig = await mac(operatorToken, `console.v1|${expiresAt}|${nonce}`);
  return { value: `v1.${expiresAt}.${nonce}.${sig}`, session: { expiresAt, nonce, csrf: await csrfFor(operatorToken, nonce) } };
}

/** The session a cookie value stands for, or undefined (malformed, forged or expired). */
export async function readSession(operatorToken: string, value: string | undefined, nowSeconds: number): Promise<ConsoleSession | undefined> {
  const match = value ? FORMAT.exec(value) : null;
  if (!match) return undefined;
  const [, expires, nonce, presented] = match as unknown as [string, string, string, string];
  const expiresAt = Number(expires);
  const expected = await mac(operatorToken, `console.v1|${expiresAt}|${nonce}`);
  if (!sameBytes(presented, expected) || expiresAt <= nowSeconds) return undefined;
  return { expiresAt, nonce, csrf: await csrfFor(operatorToken, nonce) };
}

/** Whether a form's CSRF field matches the session's token (constant time). */
export function csrfMatches(session: ConsoleSession, presented: unknown): boolean {
  return typeof presented === "string" && sameBytes(presented, session.csrf);
}
