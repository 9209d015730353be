// Character 5-grams of a comparison key, as 32-bit hashes: the unit of near-duplicate similarity.
// Works on the key's UTF-8 bytes (code points, spaces and line breaks kept) into reused scratch
// arrays; nothing here allocates per unit once the scratch is large enough.

export const SHINGLE_CHARS = 5;

export interface ShingleScratch {
  codePoints: Uint32Array;
  hashes: Uint32Array;
}

export function createShingleScratch(): ShingleScratch {
  return { codePoints: new Uint32Array(1024), hashes: new Uint32Array(1024) };
}

/** Bytes of the UTF-8 character whose first byte is `lead` (keys are valid UTF-8). */
export const utf8Width = (lead: number): number => (lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4);

/** The code point of the UTF-8 character starting at key[i]. */
export function codePointAt(key: Uint8Array, i: number): number {
  const b = key[i];
  if (b < 0x80) return b;
  if (b < 0xe0) return ((b & 0x1f) << 6) | (key[i + 1] & 0x3f);
  if (b < 0xf0) return ((b & 0x0f) << 12) | ((key[i + 1] & 0x3f) << 6) | (key[i + 2] & 0x3f);
  return ((b & 0x07) << 18) | ((key[i + 1] & 0x3f) << 12) | ((key[i + 2] & 0x3f) << 6) | (key[i + 3] & 0x3f);
}

/** True when a UTF-8 key has at least `min` characters (code points); stops counting there. */
export function hasChars(key: Uint8Array, length: number, min: number): boolean {
  if (length < min) return false;
  let chars = 0;
  for (let i = 0; i < length && chars < min; i++) if ((key[i] & 0xc0) !== 0x80) chars++;
  return chars >= min;
}

// A murmur3-style finaliser: the polynomial below is cheap but poorly spread in its low bits,
// and both the MinHash bins and the b-bit values read low and high bits.
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// A shingle's hash is a polynomial over its code points (mod 2^32), then mix32: the polynomial
// rolls from one 5-gram to the next with two multiplications, so the signature's pass over a key
// (signature.ts) and the verifying set below hash the same shingles the same way.
export const SHINGLE_BASE = 0x01000193;
export const SHINGLE_BASE_POW = pow32(SHINGLE_BASE, SHINGLE_CHARS);

function pow32(base: number, exponent: number): number {
  let p = 1;
  for (let i = 0; i < exponent; i++) p = Math.imul(p, base);
  return p;
}

/**
 * Fills scratch.hashes with the hashes of the key's character 5-grams, in text order (repeats
 * included), and returns how many there are. A key shorter than five characters is one shingle.
 */
export function shingleSet(key: Uint8Array, length: number, scratch: ShingleScratch): number {
  let cps = scratch.codePoints;
  if (cps.length < length) cps = scratch.codePoints = new Uint32Array(Math.max(length, cps.length * 2));
  let n = 0;
  for (let i = 0; i < length; i += utf8Width(key[i])) cps[n++] = codePointAt(key, i);
  const count = Math.max(1, n - SHINGLE_CHARS + 1);
  let hashes = scratch.hashes;
  if (hashes.length < count) hashes = scratch.hashes = new Uint32Array(Math.max(count, hashes.length * 2));
  let poly = 0;
  const first = Math.min(n, SHINGLE_CHARS);
  for (let j = 0; j < first; j++) poly = (Math.imul(poly, SHINGLE_BASE) + cps[j]) | 0;
  hashes[0] = mix32(poly);
  for (let s = 1; s < count; s++) {
    poly = (Math.imul(poly, SHINGLE_BASE) + cps[s + SHINGLE_CHARS - 1] - Math.imul(cps[s - 1], SHINGLE_BASE_POW)) | 0;
    hashes[s] = mix32(poly);
  }
  return count;
}

/**
 * Sorts the first `count` hashes in place and drops repeats, returning how many distinct remain:
 * needed only to verify a candidate, so the common path (a signature) never pays for the sort.
 */
export function distinctSorted(hashes: Uint32Array, count: number): number {
  const sorted = hashes.subarray(0, count).sort();
  let distinct = 0;
  for (let s = 0; s < count; s++) if (s === 0 || sorted[s] !== sorted[s - 1]) hashes[distinct++] = sorted[s];
  return distinct;
}

/** Jaccard similarity of two sorted sets of distinct hashes. */
export function jaccard(a: Uint32Array, aLength: number, b: Uint32Array, bLength: number): number {
  let i = 0,
    j = 0,
    shared = 0;
  while (i < aLength && j < bLength) {
    const x = a[i],
      y = b[j];
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = aLength + bLength - shared;
  return union === 0 ? 1 : shared / union;
}
