// One-permutation MinHash: a shingle set becomes a fixed-length signature of one-byte values
// whose positions agree with probability about the sets' Jaccard similarity. One hash per
// shingle (not one per value) keeps this cheap enough for every long paragraph of a corpus.

import { codePointAt, mix32, SHINGLE_BASE, SHINGLE_BASE_POW, SHINGLE_CHARS, utf8Width } from './shingles.js';

// Minimums are kept as 31-bit integers (the hash shifted right by one, which keeps its order): V8
// handles them as small integers, and the difference of two fits in 32 bits, so the minimum is
// taken without a branch (lowerOf). A branch there is mispredicted about every other shingle.
const EMPTY = 0x7fffffff;
const lowerOf = (value: number, min: number): number => {
  const d = value - min;
  return min + (d & (d >> 31));
};
const TWO_32 = 4294967296;
const binOf = (h: number, k: number): number => ((h >>> 16) * k) >>> 16;

/**
 * Writes the signature of a set of shingle hashes into `out` (length values, one byte each).
 * `mins` is scratch of the same length. The hash range is cut into `length` bins; each bin keeps
 * its smallest hash, and the signature keeps one byte of that minimum. Empty bins borrow a value
 * from a bin chosen by a fixed probe sequence ("optimal densification", Shrivastava 2017), so
 * short keys stay comparable.
 */
export function writeSignature(shingles: Uint32Array, count: number, out: Uint8Array, mins: Int32Array): void {
  const k = out.length;
  mins.fill(EMPTY, 0, k);
  for (let s = 0; s < count; s++) {
    const h = shingles[s];
    const bin = binOf(h, k);
    mins[bin] = lowerOf(h >>> 1, mins[bin]);
  }
  densify(out, mins);
}

/**
 * The signature of a key's 5-grams straight from its UTF-8 bytes, the same as writeSignature over
 * shingleSet's hashes but in one pass that stores no hash: this runs for every long paragraph,
 * the set itself only when a candidate is verified.
 */
export function writeKeySignature(key: Uint8Array, length: number, out: Uint8Array, mins: Int32Array): void {
  const k = out.length;
  mins.fill(EMPTY, 0, k);
  // The last five code points, for the rolling polynomial (see shingles.ts).
  let c0 = 0,
    c1 = 0,
    c2 = 0,
    c3 = 0,
    c4 = 0;
  let n = 0;
  let poly = 0;
  for (let i = 0; i < length;) {
    // Decoded here, one branch per character: Arabic keys are two-byte letters and ASCII spaces.
    const b = key[i];
    let cp: number;
    if (b < 0x80) {
      cp = b;
      i++;
    } else if (b < 0xe0) {
      cp = ((b & 0x1f) << 6) | (key[i + 1] & 0x3f);
      i += 2;
    } else {
      cp = codePointAt(key, i);
      i += utf8Width(b);
    }
    // c0 is the code point leaving the window (0 until it holds five, which subtracts nothing).
    poly = (Math.imul(poly, SHINGLE_BASE) + cp - Math.imul(c0, SHINGLE_BASE_POW)) | 0;
    if (n >= SHINGLE_CHARS - 1) {
      // mix32, inline and kept a signed integer: this loop runs once per character of the corpus.
      let h = poly ^ (poly >>> 16);
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      const bin = binOf(h, k);
      mins[bin] = lowerOf(h >>> 1, mins[bin]);
    }
    n++;
    c0 = c1;
    c1 = c2;
    c2 = c3;
    c3 = c4;
    c4 = cp;
  }
  // A key under five characters is one shingle of all of it.
  if (n < SHINGLE_CHARS) {
    const h = mix32(poly);
    mins[binOf(h, k)] = h >>> 1;
  }
  densify(out, mins);
}

const emptyBins = new Uint16Array(1 << 16);

function densify(out: Uint8Array, mins: Int32Array): void {
  const k = out.length;
  // Branch-free: about a quarter of the bins are empty, at random, and a branch per bin would be
  // mispredicted that often.
  let empty = 0;
  for (let bin = 0; bin < k; bin++) {
    const value = mins[bin];
    out[bin] = value & 0xff;
    emptyBins[empty] = bin;
    empty += value === EMPTY ? 1 : 0;
  }
  if (empty === 0) return;
  const probes = probeTable(k);
  for (let e = 0; e < empty; e++) {
    const bin = emptyBins[e];
    let value = EMPTY;
    for (let attempt = 1; value === EMPTY; attempt++) {
      // Probe bins in an order fixed by (bin, attempt): both sets borrow from the same bins.
      const probe = attempt <= PROBES ? probes[bin * PROBES + attempt - 1] : probeBin(bin, attempt, k);
      if (mins[probe] !== EMPTY) value = secondMix(mins[probe] ^ Math.imul(attempt, 0x27d4eb2f));
      if (attempt > 64 * k) value = 0; // unreachable for a non-empty set; a guard for count 0
    }
    out[bin] = value & 0xff;
  }
}

const probeBin = (bin: number, attempt: number, k: number): number =>
  Math.floor((secondMix(Math.imul(bin + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) / TWO_32) * k);

// The first probes of every bin, computed once per signature length: a quarter of a paragraph's
// bins are typically empty, and each would otherwise hash its probe sequence again.
const PROBES = 8;
const probeTables = new Map<number, Uint8Array | Uint16Array>();
function probeTable(k: number): Uint8Array | Uint16Array {
  let table = probeTables.get(k);
  if (!table) {
    table = k <= 256 ? new Uint8Array(k * PROBES) : new Uint16Array(k * PROBES);
    for (let bin = 0; bin < k; bin++)
      for (let a = 1; a <= PROBES; a++) table[bin * PROBES + a - 1] = probeBin(bin, a, k);
    probeTables.set(k, table);
  }
  return table;
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
  // Branch-free: (x - 1) >>> 31 is 1 for x = 0 only (x is a byte xor); related pairs agree on
  // about a third of their values, at random, which a branch would mispredict.
  for (let i = 0; i < length; i++) same += ((a[aAt + i] ^ b[bAt + i]) - 1) >>> 31;
  return corrected(same / length);
}

/**
 * estimateSimilarity over signatures read four values at a time (`words` 32-bit words from word
 * offsets aAt and bAt): the same result in a quarter of the steps. Every candidate the LSH finds
 * is estimated, and on a large input most are unrelated paragraphs that share one band by chance.
 */
export function estimateSimilarityWords(
  a: Uint32Array,
  aAt: number,
  b: Uint32Array,
  bAt: number,
  words: number,
): number {
  let same = 0;
  for (let i = 0; i < words; i++) {
    const x = a[aAt + i] ^ b[bAt + i];
    // The top bit of each byte of y is set exactly when that byte of x is 0 (no carries cross
    // bytes: each byte's sum stays under 0x100); the multiply adds those four bits into the top byte.
    const y = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | 0 | x | 0x7f7f7f7f);
    same += Math.imul((y >>> 7) & 0x01010101, 0x01010101) >>> 24;
  }
  return corrected(same / (4 * words));
}

const corrected = (raw: number): number => Math.max(0, (raw - 1 / 256) / (1 - 1 / 256));
