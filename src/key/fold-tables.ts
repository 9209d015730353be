// The fast path's lookup tables, computed by running the string path's per-character fold on
// each code point the byte loop can reach. A code point gets an entry only when that result is
// what it contributes inside any line of fast-path characters; every other one is BAIL.
import type { KeySpec } from './key-spec.js';
import { createCharacterFold } from './fold-string.js';

export const BAIL = -1;
/** The character folds to whitespace that the `whitespace` step collapses. */
export const SPACE = -2;

// Index layout: U+0000-U+07FF (one- and two-byte UTF-8) at their own value, then U+2000-U+207F
// (three bytes E2 80 xx and E2 81 xx), then U+FEFF. Two-byte letters outside Latin-1 and
// Arabic stay BAIL: other scripts bring case and composition rules this path does not model.
export const GENERAL_PUNCTUATION_INDEX = 0x800;
export const BOM_INDEX = 0x880;
const TABLE_SIZE = 0x881;

const CANDIDATE_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x00FF], // ASCII, C1 controls, NBSP, Latin-1 letters and «»
  [0x0600, 0x06FF], // Arabic
  [0x2000, 0x206F], // spaces, zero-width and bidi marks, dashes, quotes
  [0xFEFF, 0xFEFF], // BOM / ZWNBSP
];

// Madda and hamza above/below compose under NFKC with a preceding alef, waw, yeh or heh
// (ا + U+0654 = أ), so their effect depends on the neighbour: always the string path.
const COMPOSING_MARKS = new Set([0x0653, 0x0654, 0x0655]);

const MARK = /\p{M}/u;
const WHITESPACE = /\p{White_Space}/u;
const ALL_WHITESPACE = /^\p{White_Space}+$/u;

export interface FoldTables {
  readonly kind: 'fold-tables';
  /** Output byte count per index, or BAIL or SPACE. Never more than the input's byte count. */
  readonly entryLength: Int8Array;
  readonly entryOffset: Uint16Array;
  readonly pool: Uint8Array;
}

function tableIndex(codePoint: number): number {
  if (codePoint < GENERAL_PUNCTUATION_INDEX) return codePoint;
  if (codePoint >= 0x2000 && codePoint < 0x2080) return GENERAL_PUNCTUATION_INDEX + codePoint - 0x2000;
  return BOM_INDEX;
}

export function buildFoldTables(spec: KeySpec): FoldTables {
  const foldCharacter = createCharacterFold(spec);
  const collapsesWhitespace = spec.steps.includes('whitespace');
  const encoder = new TextEncoder();
  const entryLength = new Int8Array(TABLE_SIZE).fill(BAIL);
  const entryOffset = new Uint16Array(TABLE_SIZE);
  const pool: number[] = [];

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
        entryLength[index] = SPACE;
        continue;
      }
      // A result mixing spaces and text (U+00A8 is " " + U+0308) would need the collapsing
      // state machine inside an entry; too rare to be worth it.
      if (collapsesWhitespace && WHITESPACE.test(folded)) continue;
      const bytes = encoder.encode(folded);
      // Entries never grow the text (½ -> "1⁄2" does), so an output as long as the input
      // always suffices and the loop needs no bounds checks.
      if (bytes.length > encoder.encode(character).length) continue;
      entryLength[index] = bytes.length;
      entryOffset[index] = pool.length;
      pool.push(...bytes);
    }
  }
  return { kind: 'fold-tables', entryLength, entryOffset, pool: Uint8Array.from(pool) };
}
