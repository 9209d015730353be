// The seen-set: an open-addressing hash table of 128-bit fingerprints on one Uint32Array. Its core
// operation is claim(); reports and keep-policies also attach a few 32-bit values to each entry
// (where the first copy is, how many copies), allocated only when asked for. It grows by doubling
// without any cap (a JS Set/Map stops at 2^24 entries and costs 60-160 bytes a key; a slot here
// costs 16 bytes plus 4 per value word).
import { FINGERPRINT_WORDS } from '../hash/fingerprint.js';

export interface SeenSet {
  /** True when the fingerprint is new (and is now recorded); false when it was seen before. */
  claim(fp: Uint32Array): boolean;
  /**
   * Finds or inserts the fingerprint and returns its entry number, valid until the next insert;
   * `wasNew` tells whether this call inserted it (its values are then all zero).
   */
  upsert(fp: Uint32Array): number;
  /** The entry number of a fingerprint, or -1. */
  find(fp: Uint32Array): number;
  readonly wasNew: boolean;
  /** Per-entry values: entry e owns values[e * valueWords ... + valueWords). Re-read after inserts. */
  readonly values: Uint32Array;
  readonly valueWords: number;
  readonly size: number;
  /** Bytes held by the table's storage, for the benchmark's bytes-per-unit figure. */
  readonly bytes: number;
}

const MAX_LOAD = 0.75;

export function createSeenTable(initialCapacity = 1 << 12, valueWords = 0): SeenSet {
  let capacity = 1;
  while (capacity < initialCapacity) capacity *= 2;
  let slots = new Uint32Array(capacity * FINGERPRINT_WORDS);
  // One spare entry past the table: the scratch entry of the all-zero fingerprint (see claim).
  let values = new Uint32Array((capacity + 1) * valueWords);
  let mask = capacity - 1;
  let size = 0;
  let limit = Math.floor(capacity * MAX_LOAD);
  let wasNew = false;

  const bucketOf = (a: number, c: number, tableMask: number): number => (a ^ (c >>> 7)) & tableMask;

  function grow(): void {
    const oldSlots = slots;
    const oldValues = values;
    const oldCapacity = capacity;
    capacity *= 2;
    mask = capacity - 1;
    limit = Math.floor(capacity * MAX_LOAD);
    slots = new Uint32Array(capacity * FINGERPRINT_WORDS);
    values = new Uint32Array((capacity + 1) * valueWords);
    for (let s = 0; s < oldCapacity; s++) {
      const o = s * FINGERPRINT_WORDS;
      const a = oldSlots[o], b = oldSlots[o + 1], c = oldSlots[o + 2], d = oldSlots[o + 3];
      if ((a | b | c | d) === 0) continue;
      let i = bucketOf(a, c, mask);
      while ((slots[i * 4] | slots[i * 4 + 1] | slots[i * 4 + 2] | slots[i * 4 + 3]) !== 0) i = (i + 1) & mask;
      slots[i * 4] = a; slots[i * 4 + 1] = b; slots[i * 4 + 2] = c; slots[i * 4 + 3] = d;
      for (let w = 0; w < valueWords; w++) values[i * valueWords + w] = oldValues[s * valueWords + w];
    }
  }

  // Returns the slot holding fp, or -(slot + 1) for the empty slot where it would go.
  function probe(a: number, b: number, c: number, d: number): number {
    let i = bucketOf(a, c, mask);
    for (;;) {
      const o = i * FINGERPRINT_WORDS;
      const sa = slots[o], sb = slots[o + 1], sc = slots[o + 2], sd = slots[o + 3];
      if ((sa | sb | sc | sd) === 0) return -(i + 1);
      if (sa === a && sb === b && sc === c && sd === d) return i;
      i = (i + 1) & mask;
    }
  }

  function insertAt(slot: number, a: number, b: number, c: number, d: number): void {
    const o = slot * FINGERPRINT_WORDS;
    slots[o] = a; slots[o + 1] = b; slots[o + 2] = c; slots[o + 3] = d;
    size++;
  }

  const table: SeenSet = {
    claim(fp) {
      const a = fp[0], b = fp[1], c = fp[2], d = fp[3];
      // An all-zero slot means "empty", so the all-zero fingerprint is never stored: it is new
      // every time. That errs the safe way: at worst a repeat is kept, never a unique unit dropped.
      if ((a | b | c | d) === 0) return true;
      const at = probe(a, b, c, d);
      if (at >= 0) return false;
      insertAt(-at - 1, a, b, c, d);
      if (size > limit) grow();
      return true;
    },
    upsert(fp) {
      const a = fp[0], b = fp[1], c = fp[2], d = fp[3];
      if ((a | b | c | d) === 0) {
        wasNew = true;
        values.fill(0, capacity * valueWords);
        return capacity;
      }
      let at = probe(a, b, c, d);
      if (at >= 0) { wasNew = false; return at; }
      wasNew = true;
      insertAt(-at - 1, a, b, c, d);
      if (size > limit) {
        grow();
        at = probe(a, b, c, d);
        return at;
      }
      return -at - 1;
    },
    find(fp) {
      const a = fp[0], b = fp[1], c = fp[2], d = fp[3];
      if ((a | b | c | d) === 0) return -1;
      const at = probe(a, b, c, d);
      return at >= 0 ? at : -1;
    },
    get wasNew() { return wasNew; },
    get values() { return values; },
    valueWords,
    get size() { return size; },
    get bytes() { return slots.byteLength + values.byteLength; },
  };
  return table;
}
