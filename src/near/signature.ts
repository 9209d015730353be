// One-permutation MinHash: a shingle set becomes a fixed-length signature of one-byte values
// whose positions agree with probability about the sets' Jaccard similarity. One hash per
// shingle (not one per value) keeps this cheap enough for every long paragraph of a corpus.

export interface SignatureShape {
  /** Values per signature: bands x rows. */
  readonly length: number;
}

const EMPTY = 0xffffffff;

/**
 * Writes the signature of a sorted shingle set into `out` (length values, one byte each).
 * `mins` is scratch of the same length. Each shingle hash picks a bin by its high bits and
 * competes there with a second mix; empty bins borrow a value from a bin chosen by a fixed
 * probe sequence ("optimal densification", Shrivastava 2017), so short keys stay comparable.
 */
export function writeSignature(shingles: Uint32Array, count: number, out: Uint8Array, mins: Uint32Array): void {
  const k = out.length;
  mins.fill(EMPTY, 0, k);
  for (let s = 0; s < count; s++) {
    const h = shingles[s];
    const bin = Math.floor(((h >>> 16) * k) / 65536);
    const value = secondMix(h);
    if (value < mins[bin]) mins[bin] = value;
  }
  for (let bin = 0; bin < k; bin++) {
    let value = mins[bin];
    for (let attempt = 1; value === EMPTY; attempt++) {
      // Probe bins in an order fixed by (bin, attempt): both sets borrow from the same bins.
      const probe = Math.floor((secondMix(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) / 4294967296) * k);
      if (mins[probe] !== EMPTY) value = secondMix(mins[probe] ^ Math.imul(attempt, 0x27d4eb2f));
      if (attempt > 64 * k) value = 0; // unreachable for a non-empty set; a guard for count 0
    }
    out[bin] = value & 0xff;
  }
}

function secondMix(h: number): number {
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Estimated Jaccard of two signatures: the share of agreeing values, corrected for the 1-in-256
 * chance that two one-byte values agree by accident.
 */
export function estimateSimilarity(a: Uint8Array, aAt: number, b: Uint8Array, bAt: number, length: number): number {
  let same = 0;
  for (let i = 0; i < length; i++) if (a[aAt + i] === b[bAt + i]) same++;
  const raw = same / length;
  return Math.max(0, (raw - 1 / 256) / (1 - 1 / 256));
}
