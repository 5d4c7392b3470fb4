/**
 * Plaid access tokens at rest: AES-256-GCM (Web Crypto) with the key from the PLAID_TOKEN_KEY
 * secret, a random 96-bit IV per token, and the person and item as additional data, so a
 * ciphertext copied to another row does not decrypt. Stored as `v1.<iv>.<ciphertext>` (base64).
 */
const VERSION = "v1";

const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const base64 = (data: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(data)));
const boundTo = (userId: string, itemId: string) => new TextEncoder().encode(`${userId}\u0000${itemId}`);

const importKey = (keyBase64: string) => crypto.subtle.importKey("raw", bytes(keyBase64), "AES-GCM", false, ["encrypt", "decrypt"]);

export async function encryptAccessToken(keyBase64: string, token: string, userId: string, itemId: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: boundTo(userId, itemId) },
    await importKey(keyBase64),
    new TextEncoder().encode(token),
  );
  return `${VERSION}.${base64(iv)}.${base64(sealed)}`;
}

/** Throws when the key, the row or the ciphertext is not the one it was sealed with. */
export async function decryptAccessToken(keyBase64: string, stored: string, userId: string, itemId: string): Promise<string> {
  const [version, iv, sealed] = stored.split(".");
  if (version !== VERSION || !iv || !sealed) throw new Error("not a sealed access token");
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: bytes(iv), additionalData: boundTo(userId, itemId) },
    await importKey(keyBase64),
    bytes(sealed),
  );
  return new TextDecoder().decode(plain);
}
