/**
 * Plaid's webhook verification keys are kept by kid: a webhook is verified without asking Plaid
 * again within the hour, a key Plaid has since expired is refused once that hour is up or as soon
 * as Plaid rotates to a new key, and kids Plaid does not know are never kept. Plaid is faked at
 * its HTTP boundary (/webhook_verification_key/get, its documented body), behind the real client.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { describe, expect, it } from "vitest";
import { createPlaidClient, PlaidApiError } from "../../src/adapters/plaid/client";
import { KEY_RECHECK_MS, verifyPlaidWebhook, WebhookKeys, WebhookRefused } from "../../src/services/plaid-webhook";

const T0 = Date.parse("2026-12-07T09:00:00Z");
const BODY = JSON.stringify({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: "item-1" });

interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: Record<string, unknown>;
}

async function newKey(): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = crypto.randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), alg: "ES256", kid, use: "sig", created_at: 1_700_000_000, expired_at: null };
  return { kid, privateKey, jwk };
}

async function sign(key: Key, nowMs: number, body = BODY): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hash = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return new SignJWT({ request_body_sha256: hash })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
    .setIssuedAt(Math.floor(nowMs / 1000))
    .sign(key.privateKey);
}

/** Plaid's key endpoint over HTTP: the keys it publishes, and the kids it was asked for. */
function plaid(published: Key[]) {
  const asked: string[] = [];
  const client = createPlaidClient({ baseUrl: "https://sandbox.plaid.test", clientId: "client", secret: "secret" }, async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    expect(url.pathname).toBe("/webhook_verification_key/get");
    const { key_id } = JSON.parse(String(init?.body)) as { key_id: string };
    asked.push(key_id);
    const key = published.find((k) => k.kid === key_id);
    return key
      ? Response.json({ key: key.jwk, request_id: "req" })
      : Response.json(
          {
            error_type: "INVALID_INPUT",
            error_code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
            error_message: "invalid key_id provided",
            display_message: null,
            request_id: "req",
          },
          { status: 400 },
        );
  });
  return { client, asked };
}

const expire = (key: Key, atSeconds: number) => {
  key.jwk = { ...key.jwk, expired_at: atSeconds };
};

describe("Plaid's webhook verification keys", () => {
  it("are asked for once per kid within the hour", async () => {
    const a = await newKey();
    const { client, asked } = plaid([a]);
    const keys = new WebhookKeys();
    for (const at of [T0, T0 + 1_000, T0 + KEY_RECHECK_MS - 1]) await verifyPlaidWebhook(client, await sign(a, at), BODY, at, keys);
    expect(asked).toEqual([a.kid]);
  });

  it("are checked again after the hour, and a key Plaid expired meanwhile is refused", async () => {
    const a = await newKey();
    const { client, asked } = plaid([a]);
    const keys = new WebhookKeys();
    await verifyPlaidWebhook(client, await sign(a, T0), BODY, T0, keys);
    expire(a, T0 / 1000 + 60);
    // Within the hour the kept key still verifies; after it, Plaid is asked and says expired.
    await verifyPlaidWebhook(client, await sign(a, T0 + 120_000), BODY, T0 + 120_000, keys);
    const later = T0 + KEY_RECHECK_MS;
    await expect(verifyPlaidWebhook(client, await sign(a, later), BODY, later, keys)).rejects.toThrow(
      new WebhookRefused("the signing key has expired"),
    );
    // Expired stays expired: refused again without asking Plaid.
    await expect(verifyPlaidWebhook(client, await sign(a, later + 1), BODY, later + 1, keys)).rejects.toThrow(WebhookRefused);
    expect(asked).toEqual([a.kid, a.kid]);
  });

  it("are all checked again when Plaid rotates to a new key, so the old one is refused at once", async () => {
    const a = await newKey();
    const b = await newKey();
    const { client, asked } = plaid([a, b]);
    const keys = new WebhookKeys();
    await verifyPlaidWebhook(client, await sign(a, T0), BODY, T0, keys);
    // Plaid rotates: b signs from now on, and a is expired.
    expire(a, T0 / 1000 + 5);
    const t = T0 + 10_000;
    await verifyPlaidWebhook(client, await sign(b, t), BODY, t, keys);
    expect(asked).toEqual([a.kid, b.kid, a.kid]);
    await expect(verifyPlaidWebhook(client, await sign(a, t + 1), BODY, t + 1, keys)).rejects.toThrow(
      new WebhookRefused("the signing key has expired"),
    );
    expect(asked).toHaveLength(3);
  });

  it("are never kept for a kid Plaid does not know, and a made-up kid does not recheck the others", async () => {
    const a = await newKey();
    const stranger = await newKey();
    const { client, asked } = plaid([a]);
    const keys = new WebhookKeys();
    await verifyPlaidWebhook(client, await sign(a, T0), BODY, T0, keys);
    for (const at of [T0 + 1, T0 + 2])
      await expect(verifyPlaidWebhook(client, await sign(stranger, at), BODY, at, keys)).rejects.toBeInstanceOf(PlaidApiError);
    expect(asked).toEqual([a.kid, stranger.kid, stranger.kid]);
  });

  it("do not verify a body other than the one signed, though the key is kept", async () => {
    const a = await newKey();
    const { client } = plaid([a]);
    const keys = new WebhookKeys();
    await verifyPlaidWebhook(client, await sign(a, T0), BODY, T0, keys);
    const other = BODY.replace("item-1", "item-2");
    await expect(verifyPlaidWebhook(client, await sign(a, T0 + 1), other, T0 + 1, keys)).rejects.toThrow(
      new WebhookRefused("the body is not the one that was signed"),
    );
  });
});
