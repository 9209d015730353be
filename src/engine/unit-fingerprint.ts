// From a unit's bytes to the 128-bit fingerprint a judge compares: the key fold (whole, in pieces
// for a giant unit, or none when the key is the bytes themselves), the key memo that skips a fold
// for bytes met lately, and the minimum length under which a unit compares nothing. It decides no
// verdict; it also owns the memo's shortcut for claiming a key into a seen-set.
import type { SeenSet } from '../seen/seen-table.js';
import { GIANT_UNIT, type KeyPieces } from '../key/giant-key.js';
import { COMPARES, createKeyMemo, MISS } from './key-memo.js';

/** The key stage as the engine sees it: writes key bytes into `out`, returns their length. */
export interface KeyFold {
  readonly out: Uint8Array;
  /** The key is the key input's own bytes (`exact`): the fingerprint reads them where they lie. */
  readonly identity?: boolean;
  fold(src: Uint8Array, start: number, end: number): number;
  /** The same key in pieces, for a giant unit (key/giant-key.ts). */
  foldInPieces(src: Uint8Array, start: number, end: number, each: KeyPieces): void;
}

export interface Hasher {
  fingerprint(bytes: Uint8Array, length: number, out: Uint32Array): void;
  hash64(bytes: Uint8Array, start: number, end: number, out: Uint32Array, at: number): void;
  fingerprintRange(bytes: Uint8Array, start: number, end: number, out: Uint32Array): void;
  /** The same fingerprint over bytes fed in pieces. */
  begin(): void;
  update(bytes: Uint8Array, start: number, end: number): void;
  digest(out: Uint32Array): void;
}

/** Units above this many bytes are compared by their exact bytes (see prepare). */
export const HUGE_UNIT = 256 * 1024 * 1024;

export interface UnitFingerprintOptions {
  readonly minChars: number;
  readonly minWords: number;
  /** Near matching reads the whole folded key from key.out: no memo, no reading in place, no pieces. */
  readonly keepsKey: boolean;
  /** Skip folding the key of a unit whose very bytes came lately (key-memo.ts); default true. */
  readonly memo?: boolean;
  /** The seen-set's claim() watches rather than remembers: every unit must reach it. */
  readonly claimWatches?: boolean;
}

export interface UnitFingerprint {
  /** The last prepared unit's fingerprint. */
  readonly fp: Uint32Array;
  /** The length of its key in key.out, or -1 when none is at hand (exact bytes, a memo hit, pieces). */
  readonly keyLength: number;
  /** Fingerprints a unit into fp; false when it compares nothing (empty key, under the minimums). */
  prepare(src: Uint8Array, start: number, end: number): boolean;
  /** The next prepare() takes this answer, worked out elsewhere (a worker thread), without folding. */
  give(compares: boolean, words: Uint32Array, at: number): void;
  /** Claims fp into `table` (seen-set semantics: true when new), skipping the look when the memo knows. */
  claim(table: SeenSet): boolean;
  /** True when the key is read where the unit's bytes lie, so a worker's answer saves nothing. */
  readonly readsInPlace: boolean;
}

export function createUnitFingerprint(key: KeyFold, hash: Hasher, options: UnitFingerprintOptions): UnitFingerprint {
  const fp = new Uint32Array(4);
  let keyLength = -1;
  const counting = options.minChars > 0 || options.minWords > 0;
  const readInPlace = key.identity === true && !options.keepsKey;
  const counter = createShortCounter();
  // A memo hit makes no key, which near matching reads; an exact key has no fold to skip.
  const memo = options.memo !== false && !options.keepsKey && key.identity !== true ? createKeyMemo() : undefined;
  const bytesFp = new Uint32Array(4);
  // Which seen-set a claim goes to, as a number the memo can keep (a new table: a new number), and
  // what the memo answered for the unit at hand (asked: it was asked, and now holds an entry for it).
  let lastTable: SeenSet | undefined;
  let generation = 0;
  let memoAnswer: number = MISS;
  let memoAsked = false;
  const isShort = (): boolean => counter.chars < options.minChars || counter.words < options.minWords;
  // 0: fold the next unit here; 1 or 2: fp already holds its fingerprint, or it compares none.
  let given = 0;

  const prepareFolded = (src: Uint8Array, start: number, end: number): boolean => {
    const length = key.fold(src, start, end);
    if (length === 0) return false;
    if (counting) {
      counter.reset();
      counter.add(key.out, 0, length);
      if (isShort()) return false;
    }
    hash.fingerprint(key.out, length, fp);
    keyLength = length;
    return true;
  };

  // A giant unit's key is folded and fingerprinted a piece at a time, never held whole; keyLength
  // stays -1 (no key at hand), which only near matching would read.
  let giantLength = 0;
  const onPiece: KeyPieces = (bytes, start, end) => {
    giantLength += end - start;
    hash.update(bytes, start, end);
    if (counting) counter.add(bytes, start, end);
  };
  const prepareGiant = (src: Uint8Array, start: number, end: number): boolean => {
    giantLength = 0;
    counter.reset();
    hash.begin();
    key.foldInPieces(src, start, end, onPiece);
    if (giantLength === 0) return false;
    if (counting && isShort()) return false;
    hash.digest(fp);
    return true;
  };

  return {
    fp,
    get keyLength() {
      return keyLength;
    },
    readsInPlace: readInPlace,
    prepare(src, start, end) {
      keyLength = -1;
      memoAnswer = MISS;
      memoAsked = false;
      if (given !== 0) {
        const compares = given === 1;
        given = 0;
        return compares;
      }
      if (end - start > HUGE_UNIT) {
        // Folding goes through a JS string for rare characters, and V8 strings stop near 512M
        // characters: a unit this large is compared by its exact bytes.
        hash.fingerprint(src.subarray(start, end), end - start, fp);
        return true;
      }
      if (end - start > GIANT_UNIT && !options.keepsKey) return prepareGiant(src, start, end);
      if (readInPlace) {
        // One copy fewer: the key would be a copy of these very bytes.
        if (end === start) return false;
        if (counting) {
          counter.reset();
          counter.add(src, start, end);
          if (isShort()) return false;
        }
        hash.fingerprintRange(src, start, end, fp);
        return true;
      }
      if (memo === undefined || !memo.wanted()) return prepareFolded(src, start, end);
      hash.fingerprintRange(src, start, end, bytesFp);
      memoAsked = true;
      memoAnswer = memo.lookup(bytesFp, fp);
      if (memoAnswer !== MISS) return memoAnswer === COMPARES;
      const compares = prepareFolded(src, start, end);
      memo.store(bytesFp, compares, fp);
      return compares;
    },
    give(compares, words, at) {
      given = compares ? 1 : 2;
      if (!compares) return;
      fp[0] = words[at];
      fp[1] = words[at + 1];
      fp[2] = words[at + 2];
      fp[3] = words[at + 3];
    },
    // A unit whose very bytes were claimed into this table already (the memo says so) is a repeat
    // without a look into the table: on input that repeats a lot, that look is the one random
    // memory access left per unit.
    claim(table) {
      if (table !== lastTable) {
        lastTable = table;
        generation++;
      }
      if (memo === undefined || !memoAsked || options.claimWatches === true) return table.claim(fp);
      if (memoAnswer === COMPARES && memo.claimedIn(generation)) return false;
      const isNew = table.claim(fp);
      // The all-zero fingerprint is never stored (seen-table.ts): it stays new every time.
      if (fp[0] !== 0 || fp[1] !== 0 || fp[2] !== 0 || fp[3] !== 0) memo.markClaimed(generation);
      return isNew;
    },
  };
}

// Key length in characters (UTF-8 lead bytes) and in words (runs of non-space bytes), over a key
// fed in pieces: a word may run on from one piece into the next.
function createShortCounter(): {
  chars: number;
  words: number;
  reset(): void;
  add(key: Uint8Array, start: number, end: number): void;
} {
  let inWord = false;
  return {
    chars: 0,
    words: 0,
    reset() {
      this.chars = 0;
      this.words = 0;
      inWord = false;
    },
    add(key, start, end) {
      let chars = 0;
      let words = 0;
      for (let i = start; i < end; i++) {
        const b = key[i];
        if ((b & 0xc0) !== 0x80) chars++;
        const space = b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
        if (!space && !inWord) words++;
        inWord = !space;
      }
      this.chars += chars;
      this.words += words;
    },
  };
}
