/**
 * Plaid webhook verification, as Plaid documents it: the `Plaid-Verification` header is a JWT
 * signed ES256 with a key fetched from /webhook_verification_key/get by the JWT's `kid`; it is
 * at most 5 minutes old (`iat`), and its `request_body_sha256` claim is the SHA-256 (hex) of the
 * exact body received. Anything else is refused before the body is read for its meaning.
 *
 * Keys are kept per isolate by kid, as Plaid advises (see WebhookKeys), so a webhook is verified
 * without a call to Plaid when its key was checked within the hour.
 */
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import type { WebhookVerificationKeyGetResponse } from "plaid";
import type { PlaidClient } from "../adapters/plaid/client";

type VerificationKey = WebhookVerificationKeyGetResponse["key"];

/** How long a kept key is trusted before Plaid is asked again whether it has expired. */
export const KEY_RECHECK_MS = 60 * 60 * 1000;

const isExpired = (key: VerificationKey) => key.expired_at !== null && key.expired_at !== undefined;

/**
 * Plaid's verification keys by kid, with when each was last checked with Plaid.
 * - A key is fetched when its kid is unknown, or when it was last checked over KEY_RECHECK_MS ago.
 * - A new kid that Plaid confirms means Plaid rotated its keys, and rotation is when an old key
 *   expires: every other kept key not yet expired is checked again then (Plaid's own example does
 *   the same).
 * - An expired key stays expired: it is refused without asking Plaid again.
 * Only keys Plaid returned are kept, so made-up kids cost a call each (as without a cache) but
 * never grow it.
 */
export class WebhookKeys {
  private readonly kept = new Map<string, { key: VerificationKey; checkedAt: number }>();

  async key(plaid: PlaidClient, kid: string, nowMs: number): Promise<VerificationKey> {
    const known = this.kept.get(kid);
    if (known && (isExpired(known.key) || nowMs - known.checkedAt < KEY_RECHECK_MS)) return known.key;
    const key = await this.check(plaid, kid, nowMs);
    if (!known) {
      const others = [...this.kept].filter(([other, k]) => other !== kid && !isExpired(k.key)).map(([other]) => other);
      // A failed recheck keeps the key as it was; its own hour still runs.
      await Promise.allSettled(others.map((other) => this.check(plaid, other, nowMs)));
    }
    return key;
  }

  private async check(plaid: PlaidClient, kid: string, nowMs: number): Promise<VerificationKey> {
    const { key } = await plaid.webhookVerificationKeyGet({ key_id: kid });
    this.kept.set(kid, { key, checkedAt: nowMs });
    return key;
  }
}

/** This isolate's keys. */
const isolateKeys = new WebhookKeys();

/** Plaid: reject a webhook whose JWT was issued more than 5 minutes ago. */
export const MAX_WEBHOOK_AGE_SECONDS = 5 * 60;

export class WebhookRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebhookRefused";
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Same length and same bytes, in time that does not depend on where they differ. */
function equalInConstantTime(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Verify a webhook (see the module comment); throws WebhookRefused saying why. `nowMs`: the clock. */
export async function verifyPlaidWebhook(
  plaid: PlaidClient,
  jwt: string | undefined,
  body: string,
  nowMs: number,
  keys: WebhookKeys = isolateKeys,
): Promise<void> {
  if (!jwt) throw new WebhookRefused("no Plaid-Verification header");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new WebhookRefused("Plaid-Verification is not a JWT");
  }
  if (header.alg !== "ES256") throw new WebhookRefused("Plaid-Verification must be signed ES256");
  if (typeof header.kid !== "string" || header.kid === "") throw new WebhookRefused("Plaid-Verification names no key (kid)");
  const key = await keys.key(plaid, header.kid, nowMs);
  if (isExpired(key)) throw new WebhookRefused("the signing key has expired");
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(jwt, await importJWK(key as unknown as JWK, "ES256"), {
      algorithms: ["ES256"],
      maxTokenAge: MAX_WEBHOOK_AGE_SECONDS,
      currentDate: new Date(nowMs),
    });
    claims = verified.payload;
  } catch (err) {
    throw new WebhookRefused(`Plaid-Verification does not verify (${err instanceof Error ? err.name : "error"})`);
  }
  const claimed = claims.request_body_sha256;
  if (typeof claimed !== "string" || !equalInConstantTime(claimed, await sha256Hex(body)))
    throw new WebhookRefused("the body is not the one that was signed");
}
