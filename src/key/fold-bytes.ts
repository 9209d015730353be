// The fast path: folds a unit's UTF-8 bytes straight into the output with the tables from
// fold-tables.ts, with the whitespace step as a one-bit state machine. Allocates nothing. It
// gives up (BAIL) on the first byte sequence it has no entry for, and the caller starts over
// on the string path: a unit is folded entirely by one path or the other.
import { BAIL_TAG, BOM_INDEX, GENERAL_PUNCTUATION_BASE, TAG_MASK, TWO_BYTE_BASE, type FoldTables } from './fold-tables.js';

/** foldBytes's answer when the unit needs the string path. */
export const BAIL = -1;

/** Output room foldBytes needs beyond the input's length: it writes entries three bytes at a time. */
export const FOLD_BYTES_SLACK = 2;

/**
 * Writes the key of src[start, end) into out[0, len) and returns len, or BAIL.
 * `out` must hold end - start + FOLD_BYTES_SLACK bytes.
 */
export function foldBytes(tables: FoldTables, src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  const entries = tables.entries;
  // Returning the module constant BAIL directly from the loop measured 30% slower in V8 than
  // returning this local copy of it.
  const bail = BAIL;
  let o = 0;
  // A space is written only once something follows it: that collapses runs and trims both ends.
  let spacePending = false;
  let i = start;
  while (i < end) {
    const b0 = src[i];
    let entry: number;
    // Two-byte sequences first: in Arabic text they are four characters out of five, and
    // testing them first measured 30% faster than testing ASCII first.
    if (b0 >= 0xC2 && b0 < 0xE0) {
      if (i + 1 >= end) return bail;
      entry = entries[TWO_BYTE_BASE + ((b0 - 0xC2) << 8) + src[i + 1]];
      i += 2;
    } else if (b0 < 0x80) {
      entry = entries[b0];
      i += 1;
    } else if (b0 === 0xE2) {
      // Only U+2000-U+207F (E2 80 xx, E2 81 xx); every other E2 sequence goes the string way.
      if (i + 2 >= end) return bail;
      const b1 = src[i + 1];
      const b2 = src[i + 2];
      if ((b1 !== 0x80 && b1 !== 0x81) || (b2 & 0xC0) !== 0x80) return bail;
      entry = entries[GENERAL_PUNCTUATION_BASE + (((b1 & 0x01) << 6) | (b2 & 0x3F))];
      i += 3;
    } else if (b0 === 0xEF && i + 2 < end && src[i + 1] === 0xBB && src[i + 2] === 0xBF) {
      entry = entries[BOM_INDEX];
      i += 3;
    } else {
      return bail;
    }

    const tag = entry & TAG_MASK;
    if (tag > 3) {
      if (tag === BAIL_TAG) return bail;
      spacePending = o > 0; // SPACE_TAG
    } else if (tag !== 0) {
      if (spacePending) {
        out[o++] = 0x20;
        spacePending = false;
      }
      // Writing all three bytes unconditionally is faster than branching on the length; the
      // extra ones land in the slack and are overwritten or ignored.
      out[o] = entry >>> 8;
      out[o + 1] = entry >>> 16;
      out[o + 2] = entry >>> 24;
      o += tag;
    }
    // tag 0: the character folds to nothing (a haraka, tatweel, an invisible mark).
  }
  return o;
}
