// The seen-set: an open-addressing hash table of 128-bit fingerprints on one Uint32Array, with
// a single operation, claim(). It grows by doubling without any cap (a JS Set/Map stops at 2^24
// entries and costs 60-160 bytes a key; a slot here costs 16 bytes).
import { FINGERPRINT_WORDS } from '../hash/fingerprint.js';

export interface SeenSet {
  /** True when the fingerprint is new (and is now recorded); false when it was seen before. */
  claim(fp: Uint32Array): boolean;
  readonly size: number;
  /** Bytes held by the table's storage, for the benchmark's bytes-per-unit figure. */
  readonly bytes: number;
}

const MAX_LOAD = 0.75;

export function createSeenTable(initialCapacity = 1 << 12): SeenSet {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  let slots = new Uint32Array(capacity * FINGERPRINT_WORDS);
  let mask = capacity - 1;
  let size = 0;
  let limit = Math.floor(capacity * MAX_LOAD);
  // An all-zero slot means "empty", so the one all-zero fingerprint is tracked on its own.
  let zeroSeen = false;

  function insertFresh(table: Uint32Array, tableMask: number, a: number, b: number, c: number, d: number): void {
    let i = (a ^ (c >>> 7)) & tableMask;
    for (;;) {
      const o = i * FINGERPRINT_WORDS;
      if ((table[o] | table[o + 1] | table[o + 2] | table[o + 3]) === 0) {
        table[o] = a; table[o + 1] = b; table[o + 2] = c; table[o + 3] = d;
        return;
      }
      i = (i + 1) & tableMask;
    }
  }

  function grow(): void {
    const old = slots;
    const newCapacity = capacity * 2;
    const next = new Uint32Array(newCapacity * FINGERPRINT_WORDS);
    const nextMask = newCapacity - 1;
    for (let o = 0; o < old.length; o += FINGERPRINT_WORDS) {
      const a = old[o], b = old[o + 1], c = old[o + 2], d = old[o + 3];
      if ((a | b | c | d) !== 0) insertFresh(next, nextMask, a, b, c, d);
    }
    slots = next;
    capacity = newCapacity;
    mask = nextMask;
    limit = Math.floor(capacity * MAX_LOAD);
  }

  return {
    claim(fp) {
      const a = fp[0], b = fp[1], c = fp[2], d = fp[3];
      if ((a | b | c | d) === 0) {
        if (zeroSeen) return false;
        zeroSeen = true;
        size++;
        return true;
      }
      let i = (a ^ (c >>> 7)) & mask;
      for (;;) {
        const o = i * FINGERPRINT_WORDS;
        const sa = slots[o], sb = slots[o + 1], sc = slots[o + 2], sd = slots[o + 3];
        if ((sa | sb | sc | sd) === 0) {
          slots[o] = a; slots[o + 1] = b; slots[o + 2] = c; slots[o + 3] = d;
          size++;
          if (size > limit) grow();
          return true;
        }
        if (sa === a && sb === b && sc === c && sd === d) return false;
        i = (i + 1) & mask;
      }
    },
    get size() { return size; },
    get bytes() { return slots.byteLength; },
  };
}
