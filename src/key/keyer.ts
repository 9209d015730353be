// Turns a unit's bytes (terminator already cut off) into its key bytes in a reused buffer:
// a plain copy for `exact`, else the byte fast path, falling back to the string path for the
// whole unit when the fast path bails. Never changes the unit itself.
import type { KeySpec } from './key-spec.js';
import { BAIL, FOLD_BYTES_SLACK, foldBytesView } from './fold-bytes.js';
import { buildFoldTables, type FoldTables } from './fold-tables.js';
import { createStringFold } from './fold-string.js';
import { foldInPieces, GIANT_PIECE, type KeyPieces } from './giant-key.js';
import { decodeLossless, encodeLossless, maxEncodedLength } from './utf8-lossless.js';

export interface Keyer {
  /** The key bytes of the last fold() call live in out[0, returned length). */
  readonly out: Uint8Array;
  /** The key is always the unit's own bytes (no steps): a caller may read them where they lie. */
  readonly identity: boolean;
  fold(src: Uint8Array, start: number, end: number): number;
  /**
   * The same key as fold(), handed to `each` in pieces (giant-key.ts): for units too long to fold
   * in one go. Uses `out` as its scratch. `pieceSize` is for tests.
   */
  foldInPieces(src: Uint8Array, start: number, end: number, each: KeyPieces, pieceSize?: number): void;
}

/**
 * `string` skips the fast path: for the fast = string property test and the benchmark. `auto`
 * takes the fast path from the first unit; `lazy` (the default) only after a few KiB (below).
 */
export type KeyerPath = 'lazy' | 'auto' | 'string';

const INITIAL_CAPACITY = 4096;
// Building the fast path's tables costs ~15 ms, the string path ~1 µs a byte: the first units of
// a run go through strings, so a tiny run (start-up) never builds them. The keys are the same.
const STRING_PATH_FIRST_BYTES = 4096;

/**
 * `room`: where keys go while they fit, e.g. a fingerprinter's key room, hashed where it lies
 * (hash/fingerprint.ts); a longer key moves the keyer to a buffer of its own for good.
 */
export function createKeyer(spec: KeySpec, path: KeyerPath = 'lazy', room?: Uint8Array): Keyer {
  let out = room ?? new Uint8Array(INITIAL_CAPACITY);
  let outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const ensureCapacity = (needed: number): void => {
    if (out.length >= needed) return;
    // A whole number of 32-bit words: the fingerprinter copies the key out a word at a time.
    out = new Uint8Array((Math.max(needed, out.length * 2) + 3) & ~3);
    outView = new DataView(out.buffer);
  };

  if (spec.steps.length === 0) {
    return {
      identity: true,
      get out() {
        return out;
      },
      fold(src, start, end) {
        ensureCapacity(end - start);
        // One small view per unit buys a native memcpy; a byte loop loses on any real line.
        out.set(src.subarray(start, end));
        return end - start;
      },
      foldInPieces(src, start, end, each, pieceSize = GIANT_PIECE) {
        // The key is the bytes: handed on where they lie, never copied.
        for (let at = start; at < end; at += pieceSize) each(src, at, Math.min(end, at + pieceSize));
      },
    };
  }

  const stringFold = createStringFold(spec);
  const foldThroughString = (src: Uint8Array, start: number, end: number): number => {
    const decoded = decodeLossless(src, start, end);
    const key = stringFold(decoded.text);
    ensureCapacity(maxEncodedLength(key));
    return encodeLossless(key, decoded.kind === 'escaped', out);
  };
  const collapses = spec.steps.includes('whitespace');
  const inPieces =
    (fold: (src: Uint8Array, start: number, end: number) => number) =>
    (src: Uint8Array, start: number, end: number, each: KeyPieces, pieceSize?: number): void => {
      const piece = { bytes: out, length: 0 };
      const foldPiece = (s: Uint8Array, from: number, to: number): typeof piece => {
        piece.length = fold(s, from, to);
        piece.bytes = out; // fold may have grown it
        return piece;
      };
      foldInPieces(foldPiece, collapses, src, start, end, each, pieceSize);
    };
  if (path === 'string') {
    return {
      identity: false,
      get out() {
        return out;
      },
      fold: foldThroughString,
      foldInPieces: inPieces(foldThroughString),
    };
  }

  let tables: FoldTables | undefined = path === 'auto' ? buildFoldTables(spec) : undefined;
  let viaStrings = 0;
  // The byte loop reads through a view; units come many to a buffer, so one view serves them all.
  // It keeps the last buffer alive until the next unit from another one: a read chunk at most.
  let srcBytes: Uint8Array | undefined;
  let srcView: DataView = outView;
  const fold = (src: Uint8Array, start: number, end: number): number => {
    if (tables === undefined) {
      viaStrings += end - start;
      if (viaStrings <= STRING_PATH_FIRST_BYTES) return foldThroughString(src, start, end);
      tables = buildFoldTables(spec);
    }
    ensureCapacity(end - start + FOLD_BYTES_SLACK);
    if (src !== srcBytes) {
      srcBytes = src;
      srcView = new DataView(src.buffer, src.byteOffset, src.byteLength);
    }
    const length = foldBytesView(tables, srcView, start, end, outView);
    return length === BAIL ? foldThroughString(src, start, end) : length;
  };
  return {
    identity: false,
    get out() {
      return out;
    },
    fold,
    foldInPieces: inPieces(fold),
  };
}
