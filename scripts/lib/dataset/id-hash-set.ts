/**
 * A set of ids too many for a JS Set (V8 caps one at 2^24 entries, and 20 million strings would
 * cost over a gigabyte of heap the garbage collector keeps walking): it keeps a 64-bit hash of each
 * id, not the id, in flat typed arrays, about 14 bytes per id. `add` answers "seen before" exactly
 * when the id was seen, except that two different ids with the same 64-bit hash also answer "seen"
 * (for 20 million ids, about one chance in 50,000): a "seen" is a candidate that the caller confirms
 * against the ids themselves. A "new" is always right.
 */
import { fmix32 } from "../../../src/domain/hash";

const BUCKET_BITS = 8;
const INITIAL_SLOTS = 1024;
const MAX_LOAD = 0.75;

/** Two independent 32-bit hashes of a string (FNV-1a and a multiply-xorshift), each finalized. */
function hash64(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return [fmix32(a), fmix32(b ^ id.length)];
}

/** Open addressing with linear probing over (hi, lo) pairs; (0, 0) marks an empty slot. */
class Bucket {
  slots = new Uint32Array(INITIAL_SLOTS * 2);
  size = 0;

  add(hi: number, lo: number): boolean {
    if ((this.size + 1) / (this.slots.length / 2) > MAX_LOAD) this.grow();
    const mask = this.slots.length / 2 - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      const h = this.slots[2 * i] as number;
      const l = this.slots[2 * i + 1] as number;
      if (h === 0 && l === 0) {
        this.slots[2 * i] = hi;
        this.slots[2 * i + 1] = lo;
        this.size += 1;
        return false;
      }
      if (h === hi && l === lo) return true;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const h = old[i] as number;
      const l = old[i + 1] as number;
      if (h !== 0 || l !== 0) this.add(h, l);
    }
  }
}

export class IdHashSet {
  private readonly buckets = Array.from({ length: 1 << BUCKET_BITS }, () => new Bucket());
  private count = 0;

  /** Remember `id`; true when it (or an id with the same hash) was added before. */
  add(id: string): boolean {
    const [a, b] = hash64(id);
    // Never store (0, 0), the empty-slot mark: that one hash pair is folded onto (0, 1).
    const lo = a === 0 && b === 0 ? 1 : b;
    const seen = (this.buckets[a >>> (32 - BUCKET_BITS)] as Bucket).add(a, lo);
    if (!seen) this.count += 1;
    return seen;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the tables. */
  get bytes(): number {
    return this.buckets.reduce((sum, b) => sum + b.slots.byteLength, 0);
  }
}
