// The fast path's lookup tables, computed by running the string path's per-character fold on
// each code point the byte loop can reach. A code point gets an entry only when that result is
// what it contributes inside any unit made of such characters; every other one is BAIL_TAG.
import type { KeySpec } from './key-spec.js';
import { createCharacterFold } from './fold-string.js';

// Each entry packs a character's fold into one int32: the low 3 bits are a tag (0-3 = output
// length, SPACE_TAG, BAIL_TAG) and bits 8-31 hold up to three output bytes. The byte loop reads
// them re-packed (pairs, triples below), one table load per character.
export const SPACE_TAG = 4;
export const BAIL_TAG = 5;
export const TAG_MASK = 7;

// Index layout: ASCII at its byte value; two-byte UTF-8 at TWO_BYTE_BASE + (b0 - 0xC2) * 256
// + b1, so an invalid second byte lands on a BAIL_TAG entry and needs no check of its own;
// U+2000-U+207F (E2 80 xx, E2 81 xx) at GENERAL_PUNCTUATION_BASE + cp - 0x2000; U+FEFF at
// BOM_INDEX. Two-byte letters outside Latin-1 and Arabic stay BAIL_TAG: other scripts bring
// case and composition rules this path does not model.
export const TWO_BYTE_BASE = 0x80;
export const GENERAL_PUNCTUATION_BASE = TWO_BYTE_BASE + (0xe0 - 0xc2) * 256;
export const BOM_INDEX = GENERAL_PUNCTUATION_BASE + 0x80;
const TABLE_SIZE = BOM_INDEX + 1;

const CANDIDATE_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x00ff], // ASCII, C1 controls, NBSP, Latin-1 letters and «»
  [0x0600, 0x06ff], // Arabic
  [0x2000, 0x206f], // spaces, zero-width and bidi marks, dashes, quotes
  [0xfeff, 0xfeff], // BOM / ZWNBSP
];

// Madda and hamza above/below compose under NFKC with a preceding alef, waw, yeh or heh
// (ا + U+0654 = أ), so their effect depends on the neighbour: always the string path.
const COMPOSING_MARKS = new Set([0x0653, 0x0654, 0x0655]);

const MARK = /\p{M}/u;
const WHITESPACE = /\p{White_Space}/u;
const ALL_WHITESPACE = /^\p{White_Space}+$/u;

export interface FoldTables {
  readonly kind: 'fold-tables';
  /** Packed entries (see the layout above). An output is never longer than its input bytes. */
  readonly entries: Int32Array;
  /** The same entries re-packed for the byte loop, indexed by two bytes (see PAIR_* below). */
  readonly pairs: Int32Array;
  /** Three-byte characters in the pair packing: U+2000-U+207F at cp - 0x2000, U+FEFF at 0x80. */
  readonly triples: Int32Array;
}

// The byte loop reads two bytes as one big-endian 16-bit index, so an ASCII character or a
// two-byte sequence costs one load, and the character's length comes from its first byte alone,
// keeping the table load off the loop's critical path. A pair entry packs: bits 0-1 the output
// length, PAIR_SPACE (collapsible whitespace, written as one 0x20), PAIR_DROP (a character that
// folds to nothing, so a pending space stays pending), bits 8-31 the output bytes. 0 means
// "not here": three-byte sequences, invalid bytes and every BAIL_TAG character.
export const PAIR_SPACE = 4;
export const PAIR_DROP = 8;
export const PAIR_LENGTH_MASK = 3;
const PAIR_TABLE_SIZE = 1 << 16;

function pairEntry(entry: number): number {
  const tag = entry & TAG_MASK;
  if (tag === BAIL_TAG) return 0;
  if (tag === SPACE_TAG) return (0x20 << 8) | PAIR_SPACE | 1;
  if (tag === 0) return PAIR_DROP;
  return (entry & ~0xff) | tag;
}

export const TRIPLE_BOM = 0x80;

function buildPairs(entries: Int32Array): Int32Array {
  const pairs = new Int32Array(PAIR_TABLE_SIZE);
  for (let b0 = 0; b0 < 0x80; b0++) pairs.fill(pairEntry(entries[b0]), b0 << 8, (b0 + 1) << 8);
  for (let b0 = 0xc2; b0 < 0xe0; b0++) {
    for (let b1 = 0; b1 < 0x100; b1++)
      pairs[(b0 << 8) | b1] = pairEntry(entries[TWO_BYTE_BASE + ((b0 - 0xc2) << 8) + b1]);
  }
  return pairs;
}

function tableIndex(codePoint: number): number {
  if (codePoint < 0x80) return codePoint;
  if (codePoint < 0x800) return TWO_BYTE_BASE + (((0xc0 | (codePoint >> 6)) - 0xc2) << 8) + (0x80 | (codePoint & 0x3f));
  if (codePoint >= 0x2000 && codePoint < 0x2080) return GENERAL_PUNCTUATION_BASE + codePoint - 0x2000;
  return BOM_INDEX;
}

export function buildFoldTables(spec: KeySpec): FoldTables {
  const foldCharacter = createCharacterFold(spec);
  const collapsesWhitespace = spec.steps.includes('whitespace');
  const encoder = new TextEncoder();
  const entries = new Int32Array(TABLE_SIZE).fill(BAIL_TAG);

  for (const [first, last] of CANDIDATE_RANGES) {
    for (let codePoint = first; codePoint <= last; codePoint++) {
      if (COMPOSING_MARKS.has(codePoint)) continue;
      const character = String.fromCodePoint(codePoint);
      const folded = foldCharacter(character);
      // A mark that survives could be reordered by NFKC against its neighbours, and a result
      // holding a mark could combine with what precedes it: leave both to the string path.
      if (MARK.test(folded)) continue;
      const index = tableIndex(codePoint);
      if (collapsesWhitespace && ALL_WHITESPACE.test(folded)) {
        entries[index] = SPACE_TAG;
        continue;
      }
      // A result mixing spaces and text (U+00A8 is " " + U+0308) would need the collapsing
      // state machine inside an entry; too rare to be worth it.
      if (collapsesWhitespace && WHITESPACE.test(folded)) continue;
      const bytes = encoder.encode(folded);
      // Entries never grow the text (½ -> "1⁄2" would), so an output buffer as long as the
      // input always suffices, and three bytes always hold an entry.
      if (bytes.length > encoder.encode(character).length) continue;
      entries[index] = bytes.reduce((packed, byte, k) => packed | (byte << (8 * (k + 1))), bytes.length);
    }
  }
  const triples = Int32Array.from(entries.subarray(GENERAL_PUNCTUATION_BASE, BOM_INDEX + 1), pairEntry);
  return { kind: 'fold-tables', entries, pairs: buildPairs(entries), triples };
}
