/**
 * Plaid webhook verification, as Plaid documents it: the `Plaid-Verification` header is a JWT
 * signed ES256 with a key fetched from /webhook_verification_key/get by the JWT's `kid`; it is
 * at most 5 minutes old (`iat`), and its `request_body_sha256` claim is the SHA-256 (hex) of the
 * exact body received. Anything else is refused before the body is read for its meaning.
 */
import { decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import type { PlaidClient } from "../adapters/plaid/client";

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
export async function verifyPlaidWebhook(plaid: PlaidClient, jwt: string | undefined, body: string, nowMs: number): Promise<void> {
  if (!jwt) throw new WebhookRefused("no Plaid-Verification header");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw new WebhookRefused("Plaid-Verification is not a JWT");
  }
  if (header.alg !== "ES256") throw new WebhookRefused("Plaid-Verification must be signed ES256");
  if (typeof header.kid !== "string" || header.kid === "") throw new WebhookRefused("Plaid-Verification names no key (kid)");
  const { key } = await plaid.webhookVerificationKeyGet({ key_id: header.kid });
  if (key.expired_at !== null && key.expired_at !== undefined) throw new WebhookRefused("the signing key has expired");
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
