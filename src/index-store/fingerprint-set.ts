// A set of 128-bit fingerprints for merge and salvage to drop repeats with: open addressing on one
// Uint32Array, sized up front from the known key count. Deliberately tiny and private to this
// module (the run's own table lives in src/seen, which this storage layer does not depend on).
const WORDS = 4;
const MAX_LOAD = 0.75;
// A Uint32Array holds at most 2^32 elements: 2^30 slots of four words.
const MAX_SLOTS = 2 ** 30;

export interface FingerprintSet {
  /** Adds words[at..at+3]; true when it was not there before. */
  add(words: Uint32Array, at: number): boolean;
  readonly size: number;
}

export function createFingerprintSet(expected: number): FingerprintSet {
  let capacity = 16;
  while (capacity * MAX_LOAD < expected + 1 && capacity < MAX_SLOTS) capacity *= 2;
  let slots = new Uint32Array(capacity * WORDS);
  let mask = capacity - 1;
  let size = 0;
  // An all-zero slot means empty, so the all-zero fingerprint is remembered apart.
  let zero = false;

  const place = (table: Uint32Array, tableMask: number, a: number, b: number, c: number, d: number): boolean => {
    for (let i = (a ^ (c >>> 7)) & tableMask; ; i = (i + 1) & tableMask) {
      const o = i * WORDS;
      if ((table[o] | table[o + 1] | table[o + 2] | table[o + 3]) === 0) {
        table[o] = a;
        table[o + 1] = b;
        table[o + 2] = c;
        table[o + 3] = d;
        return true;
      }
      if (table[o] === a && table[o + 1] === b && table[o + 2] === c && table[o + 3] === d) return false;
    }
  };

  const grow = (): void => {
    if (capacity >= MAX_SLOTS)
      throw new RangeError('more fingerprints than one typed array can hold (about 800 million)');
    const next = new Uint32Array(capacity * 2 * WORDS);
    const nextMask = capacity * 2 - 1;
    for (let o = 0; o < slots.length; o += WORDS) {
      if ((slots[o] | slots[o + 1] | slots[o + 2] | slots[o + 3]) !== 0)
        place(next, nextMask, slots[o], slots[o + 1], slots[o + 2], slots[o + 3]);
    }
    slots = next;
    capacity *= 2;
    mask = nextMask;
  };

  return {
    add(words, at) {
      const a = words[at],
        b = words[at + 1],
        c = words[at + 2],
        d = words[at + 3];
      if ((a | b | c | d) === 0) {
        if (zero) return false;
        zero = true;
        size++;
        return true;
      }
      if (!place(slots, mask, a, b, c, d)) return false;
      if (++size > capacity * MAX_LOAD) grow();
      return true;
    },
    get size() {
      return size;
    },
  };
}
