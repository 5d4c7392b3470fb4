/** The project's one non-cryptographic hash: pure and synchronous, the same in a Worker and in Node. */

const encoder = new TextEncoder();

/** murmur3's 32-bit finalizer: every output bit depends on every input bit. The one copy of it. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a 32-bit over UTF-8, then fmix32. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** hash32 as 8 hex digits. */
export const hash32Hex = (text: string): string => hash32(text).toString(16).padStart(8, "0");
