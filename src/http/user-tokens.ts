/**
 * User-bound bearer tokens: `ss_usr_<user_id>.<expires_at>.<signature>`, where expires_at is Unix
 * seconds and signature is base64url(HMAC-SHA256(USER_TOKEN_SECRET, "ss_usr.v1|<user_id>|<expires_at>")).
 * Stateless: the Worker checks the signature and the expiry, nothing is stored. Rotating
 * USER_TOKEN_SECRET revokes every token at once.
 */

export const USER_TOKEN_PREFIX = "ss_usr_";
/** Minted tokens live an hour unless the operator asks otherwise; never longer than 7 days. */
export const USER_TOKEN_TTL = { default: 3600, min: 60, max: 7 * 24 * 3600 } as const;

const FORMAT = /^ss_usr_([A-Za-z0-9_-]{1,64})\.([1-9]\d{0,11})\.([A-Za-z0-9_-]{43})$/;
const encoder = new TextEncoder();

export interface UserTokenClaims {
  userId: string;
  /** Unix seconds. */
  expiresAt: number;
}

// One HMAC key per secret, imported once per isolate.
let cached: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (cached?.secret !== secret) {
    cached = {
      secret,
      key: crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]),
    };
  }
  return cached.key;
}

export function base64url(bytes: ArrayBuffer): string {
  let binary = "";
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function signature(secret: string, userId: string, expiresAt: number): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`ss_usr.v1|${userId}|${expiresAt}`));
  return base64url(mac);
}

/** A token for one user, valid until `expiresAt` (Unix seconds). */
export async function signUserToken(secret: string, claims: UserTokenClaims): Promise<string> {
  return `${USER_TOKEN_PREFIX}${claims.userId}.${claims.expiresAt}.${await signature(secret, claims.userId, claims.expiresAt)}`;
}

/**
 * The claims of a genuine, unexpired token, or undefined. The signature is compared in constant
 * time (crypto.subtle.timingSafeEqual over equal-length encodings); the format and the expiry are
 * public, so refusing on them early reveals nothing.
 */
export async function verifyUserToken(secret: string, token: string, nowSeconds: number): Promise<UserTokenClaims | undefined> {
  const match = FORMAT.exec(token);
  if (!match) return undefined;
  const [, userId, expires, presented] = match as unknown as [string, string, string, string];
  const expiresAt = Number(expires);
  const expected = await signature(secret, userId, expiresAt);
  const genuine = crypto.subtle.timingSafeEqual(encoder.encode(presented), encoder.encode(expected));
  if (!genuine || expiresAt <= nowSeconds) return undefined;
  return { userId, expiresAt };
}
