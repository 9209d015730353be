// The fast path: folds a unit's UTF-8 bytes straight into the output with the tables from
// fold-tables.ts, with the whitespace step as a one-bit state machine. Allocates nothing. It
// gives up (BAIL) on the first byte sequence it has no entry for, and the caller starts over
// on the string path: a unit is folded entirely by one path or the other.
import { BAIL, BOM_INDEX, GENERAL_PUNCTUATION_INDEX, SPACE, type FoldTables } from './fold-tables.js';

export { BAIL };

/**
 * Writes the key of src[start, end) into out[0, len) and returns len, or BAIL. `out` must hold
 * at least end - start bytes: table entries are never longer than the bytes they replace.
 */
export function foldBytes(tables: FoldTables, src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  const { entryLength, entryOffset, pool } = tables;
  let o = 0;
  // A space is written only once something follows it: that collapses runs and trims both ends.
  let spacePending = false;
  let i = start;
  while (i < end) {
    const b0 = src[i];
    let index: number;
    if (b0 < 0x80) {
      index = b0;
      i += 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
      if (i + 1 >= end) return BAIL;
      const b1 = src[i + 1];
      if ((b1 & 0xC0) !== 0x80) return BAIL;
      index = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
      i += 2;
    } else if (b0 === 0xE2) {
      // Only U+2000-U+207F (E2 80 xx, E2 81 xx); every other E2 sequence goes the string way.
      if (i + 2 >= end) return BAIL;
      const b1 = src[i + 1];
      const b2 = src[i + 2];
      if ((b1 !== 0x80 && b1 !== 0x81) || (b2 & 0xC0) !== 0x80) return BAIL;
      index = GENERAL_PUNCTUATION_INDEX + (((b1 & 0x01) << 6) | (b2 & 0x3F));
      i += 3;
    } else if (b0 === 0xEF && i + 2 < end && src[i + 1] === 0xBB && src[i + 2] === 0xBF) {
      index = BOM_INDEX;
      i += 3;
    } else {
      return BAIL;
    }

    const length = entryLength[index];
    if (length > 0) {
      if (spacePending) {
        out[o++] = 0x20;
        spacePending = false;
      }
      const offset = entryOffset[index];
      out[o++] = pool[offset];
      if (length > 1) {
        out[o++] = pool[offset + 1];
        if (length > 2) out[o++] = pool[offset + 2];
      }
    } else if (length === SPACE) {
      spacePending = o > 0;
    } else if (length === BAIL) {
      return BAIL;
    }
    // length 0: the character folds to nothing (a haraka, tatweel, an invisible mark).
  }
  return o;
}
