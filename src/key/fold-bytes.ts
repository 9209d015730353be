// The fast path: folds a unit's UTF-8 bytes straight into the output with the tables from
// fold-tables.ts, with the whitespace step as a one-bit state machine. Allocates nothing. It
// gives up (BAIL) on the first byte sequence it has no entry for, and the caller starts over
// on the string path: a unit is folded entirely by one path or the other.
import { PAIR_LENGTH_MASK, TRIPLE_BOM, type FoldTables } from './fold-tables.js';

/** foldBytes's answer when the unit needs the string path. */
export const BAIL = -1;

/** Output room the byte loop needs beyond the input's length: it writes entries four bytes at a time. */
export const FOLD_BYTES_SLACK = 3;

/**
 * Writes the key of src[start, end) into out[0, len) and returns len, or BAIL. Any `out` works;
 * this convenience makes two views a call, so a hot loop keeps its own and calls foldBytesView.
 */
export function foldBytes(tables: FoldTables, src: Uint8Array, start: number, end: number, out: Uint8Array): number {
  const srcView = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const needed = end - start + FOLD_BYTES_SLACK;
  if (out.length >= needed)
    return foldBytesView(tables, srcView, start, end, new DataView(out.buffer, out.byteOffset, out.byteLength));
  const scratch = new Uint8Array(needed);
  const length = foldBytesView(tables, srcView, start, end, new DataView(scratch.buffer));
  if (length !== BAIL) out.set(scratch.subarray(0, length));
  return length;
}

/**
 * The byte loop on views: reads src[start, end), writes the key into out from byte 0 and returns
 * its length, or BAIL. `out` must hold end - start + FOLD_BYTES_SLACK bytes.
 */
export function foldBytesView(tables: FoldTables, src: DataView, start: number, end: number, out: DataView): number {
  const pairs = tables.pairs;
  // Returning the module constant BAIL directly from the loop measured 30% slower in V8 than
  // returning this local copy of it.
  const bail = BAIL;
  let o = 0;
  // 1 when the last character that was not dropped is whitespace, or nothing is written yet.
  // Every character is written at o (a space as 0x20); a space then moves o only when this is
  // 0, which collapses runs and trims the start, and the end trims a trailing space. No branch
  // depends on the text: on Arabic, branching per space cost more than this arithmetic.
  let afterSpace = 1;
  let i = start;
  const last = end - 1;
  while (i < last) {
    // One big-endian load gives an ASCII byte with whatever follows, or a two-byte sequence.
    const pair = src.getUint16(i);
    let entry = pairs[pair];
    if (entry === 0) {
      entry = tripleEntry(tables, src, i, end);
      if (entry === 0) return bail;
      i += 3;
    } else {
      // The length from the first byte alone: pairs only has entries for ASCII and C2-DF leads.
      i += 1 + (pair >>> 15);
    }
    // One unaligned store of all three output bytes (and a zero) is cheaper than three byte
    // stores; the extra ones land in the slack and are overwritten or ignored.
    out.setUint32(o, entry >>> 8, true);
    const space = (entry >> 2) & 1;
    o += (entry & PAIR_LENGTH_MASK) - (space & afterSpace);
    afterSpace = space | (afterSpace & (entry >> 3));
  }
  if (i === last) {
    // A last lone byte: only ASCII is complete; anything else is truncated or stray.
    const byte = src.getUint8(i);
    const entry = byte < 0x80 ? pairs[byte << 8] : 0;
    if (entry === 0) return bail;
    out.setUint32(o, entry >>> 8, true);
    const space = (entry >> 2) & 1;
    o += (entry & PAIR_LENGTH_MASK) - (space & afterSpace);
    afterSpace = space | (afterSpace & (entry >> 3));
  }
  // afterSpace with something written means the last thing written is a space.
  return o - (afterSpace & (o > 0 ? 1 : 0));
}

// The pair entry of the three-byte character at i, or 0. Only U+2000-U+207F (E2 80 xx, E2 81 xx)
// and U+FEFF have entries; every other three-byte sequence goes the string way.
function tripleEntry(tables: FoldTables, src: DataView, i: number, end: number): number {
  if (i + 2 >= end) return 0;
  const b0 = src.getUint8(i);
  const b1 = src.getUint8(i + 1);
  const b2 = src.getUint8(i + 2);
  if (b0 === 0xe2) {
    if ((b1 !== 0x80 && b1 !== 0x81) || (b2 & 0xc0) !== 0x80) return 0;
    return tables.triples[((b1 & 0x01) << 6) | (b2 & 0x3f)];
  }
  return b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? tables.triples[TRIPLE_BOM] : 0;
}
