// The pure heart of the run: a unit's key input goes through a key fold, a fingerprint and a
// seen-set, and comes out as a verdict under the keep policy (first, last or none copy kept).
// It knows nothing of Arabic, files or colour: the fold, the fingerprint and the seen-set are
// handed in. Where copies are and how many is tracked only when a report or policy needs it.
import { createSeenTable, type SeenSet } from '../seen/seen-table.js';
import { GIANT_UNIT, type KeyPieces } from '../key/giant-key.js';
import { COMPARES, createKeyMemo, MISS } from './key-memo.js';
import type { NearMatcher } from '../near/near-matcher.js';
import {
  EARLIER_RUN_PLACE,
  NO_KEPT_COPY,
  sourcePlace,
  type DuplicateDetail,
  type KeptPlace,
  type UnitDecider,
  type UnitPlace,
  type UnitPosition,
} from './decider.js';

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

export type KeepPolicy = 'first' | 'last' | 'none';

export interface JudgeOptions {
  readonly policy: KeepPolicy;
  /** Record where copies are (for reports); implied by the last and none policies. */
  readonly track: boolean;
  /** Units whose key is shorter than this (in characters / words) are never removed. */
  readonly minChars: number;
  readonly minWords: number;
  /**
   * Near-duplicate matching of the units exact comparison keeps (one matcher per seen-set). Its
   * text.keyHash must be the first word of this judge's fingerprint: the judge hands that over.
   */
  readonly near?: () => NearMatcher;
  /**
   * --min-files: a key is repeated only when met in at least this many documents (sources, or
   * what a position names as its document); below it, every copy is kept. Needs a spread seen-set.
   */
  readonly minFiles?: number;
  /** Skip folding the key of a unit whose very bytes came lately (key-memo.ts); default true. */
  readonly memo?: boolean;
  /**
   * The seen-set's claim() watches rather than remembers (scale-out's map collects every
   * fingerprint): each compared unit must reach it, even one the memo knows is claimed.
   */
  readonly claimWatches?: boolean;
}

/** Whether every unit must be counted before the first is decided: keep last or none, or a spread. */
export function countsFirst(policy: KeepPolicy, minFiles = 1): boolean {
  return policy !== 'first' || minFiles > 1;
}

/** A key met more than once in the current seen-set, as the summary ranks it. */
export interface RepeatedKey {
  readonly copies: number;
  readonly first: UnitPlace;
  /** The copy that stays (keep last: the last one; otherwise the first, which keep none removes too). */
  readonly kept: UnitPlace;
}

export interface Judge extends UnitDecider {
  /** The counting pass of the last and none policies: sees every unit once before any decision. */
  count(src: Uint8Array, start: number, end: number, pos: UnitPosition): void;
  readonly detail: DuplicateDetail;
  readonly needsCountingPass: boolean;
  /** What the current seen-set knows of a key met more than once (needs tracking); else undefined. */
  repeatOf(fingerprint: Uint32Array): RepeatedKey | undefined;
  /** The fingerprint decide() compares for this key input, into out; false when it compares none. */
  fingerprintOf(src: Uint8Array, start: number, end: number, out: Uint32Array): boolean;
  /**
   * The next decide() or count() takes fingerprintOf's answer for its unit, worked out elsewhere
   * (a worker thread), instead of folding: `compares` and the four words at words[at].
   */
  prepared(compares: boolean, words: Uint32Array, at: number): void;
  /**
   * True when a fingerprint worked out elsewhere saves this thread work: not for near matching,
   * which needs the key itself, nor for a key that is the unit's own bytes, hashed where they lie
   * for less than a hand-off to another thread costs.
   */
  readonly takesPrepared: boolean;
}

/** A seen-set laid out for a judge, which a persistent index fills with what earlier runs kept. */
export interface JudgeSeenSet extends SeenSet {
  /** Records a fingerprint known before this run, so that every copy in this run is a repeat. */
  rememberEarlier(fp: Uint32Array): void;
}

// Values kept per distinct key when tracking; the source of a unit known from an earlier run is
// EARLIER_RUN. Only this file reads or writes them.
const COUNT = 0,
  FIRST_SOURCE = 1,
  FIRST_LINE = 2,
  LAST_SOURCE = 3,
  LAST_ORDINAL = 4,
  LAST_LINE = 5,
  RAW = 6;
const TRACKED_VALUE_WORDS = 8;
// With --min-files, also: in how many distinct documents the key was met, and the last of them
// (documents come in order, so a change of document is a new one).
const SPREAD = 8,
  LAST_DOCUMENT = 9;
const SPREAD_VALUE_WORDS = 10;
const EARLIER_RUN = 0xffffffff;
/** Units above this many bytes are compared by their exact bytes (see prepare). */
export const HUGE_UNIT = 256 * 1024 * 1024;

const placeOf = (source: number, line: number): UnitPlace =>
  source === EARLIER_RUN ? EARLIER_RUN_PLACE : sourcePlace(source, line);

/**
 * A seen-set for a judge that tracks copies (reports, keep last or none) or not, and (spread) in
 * how many documents. `onNew` hears every key this run adds (not those remembered from earlier
 * runs): an index appends them.
 */
export function createJudgeSeenSet(
  tracked: boolean,
  capacity = 1 << 12,
  onNew?: (fp: Uint32Array) => void,
  spread = false,
): JudgeSeenSet {
  const table = createSeenTable(capacity, spread ? SPREAD_VALUE_WORDS : tracked ? TRACKED_VALUE_WORDS : 0);
  const rememberEarlier = (fp: Uint32Array): void => {
    if (!tracked) {
      table.claim(fp);
      return;
    }
    // With tracking, an entry without a count would otherwise look new.
    const e = table.upsert(fp);
    if (!table.wasNew) return;
    const o = e * table.valueWords;
    table.values[o + COUNT] = 1;
    table.values[o + FIRST_SOURCE] = EARLIER_RUN;
    table.values[o + LAST_SOURCE] = EARLIER_RUN;
  };
  if (!onNew) return Object.assign(table, { rememberEarlier });
  return {
    claim(f) {
      const isNew = table.claim(f);
      if (isNew) onNew(f);
      return isNew;
    },
    upsert(f) {
      const e = table.upsert(f);
      if (table.wasNew) onNew(f);
      return e;
    },
    find: (f) => table.find(f),
    get wasNew() {
      return table.wasNew;
    },
    get values() {
      return table.values;
    },
    valueWords: table.valueWords,
    get size() {
      return table.size;
    },
    get bytes() {
      return table.bytes;
    },
    rememberEarlier,
  };
}

export function createJudge(key: KeyFold, hash: Hasher, seen: () => SeenSet, options: JudgeOptions): Judge {
  const fp = new Uint32Array(4);
  const raw = new Uint32Array(2);
  const minFiles = options.minFiles ?? 1;
  const spread = minFiles > 1;
  const track = options.track || countsFirst(options.policy, minFiles);
  // Keys whose first copy near mode removed, with the copy that stays instead (few: one per near
  // removal), so reports never name a removed line as the kept one.
  const keptThroughNear = new Map<string, UnitPlace>();
  const fingerprintKey = (): string => `${fp[0]}:${fp[1]}:${fp[2]}:${fp[3]}`;
  const detail: DuplicateDetail = {
    first: EARLIER_RUN_PLACE,
    kept: NO_KEPT_COPY,
    identical: false,
    fingerprint: fp,
    near: undefined,
  };

  // Folds and fingerprints; false when the unit must be kept whatever it repeats: its key is
  // empty (a line of only tatweel or harakat has nothing left to compare) or under the minimums.
  let keyLength = -1; // -1: the unit was compared by its exact bytes, not a key
  const counting = options.minChars > 0 || options.minWords > 0;
  // Near matching reads the key from key.out, so it keeps the copy.
  const readInPlace = key.identity === true && !options.near;
  const counter = createShortCounter();
  // Near matching reads the folded key, which a memo hit does not make; an exact key has nothing to skip.
  const memo = options.memo !== false && !options.near && key.identity !== true ? createKeyMemo() : undefined;
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
  const prepare = (src: Uint8Array, start: number, end: number): boolean => {
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
    // Near matching needs the whole key at hand, so it keeps the one-go fold.
    if (end - start > GIANT_UNIT && !options.near) return prepareGiant(src, start, end);
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
  };

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

  // The claim of the untracked first policy. A unit whose very bytes were claimed into this
  // table already (the memo says so) is a repeat without a look into the table: on input that
  // repeats a lot, that look is the one random memory access left per unit.
  const claimed = (table: SeenSet): boolean => {
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

  // A unit exact comparison keeps may still be a near copy of an earlier kept one.
  const nearKeeps = (src: Uint8Array, start: number, end: number, pos: UnitPosition): boolean => {
    if (!options.near || keyLength < 0) return true;
    // The matcher's key hash is the first word of the run's fingerprint, which prepare() computed.
    const match = options
      .near()
      .check(
        src,
        start,
        end,
        key.out,
        keyLength,
        { source: pos.source, line: pos.line, offset: pos.offset ?? 0, length: pos.length ?? end - start },
        fp[0],
      );
    if (!match?.remove) return true;
    detail.first = detail.kept = match.earlier
      ? { kind: 'earlier-run', earlier: match.earlier }
      : sourcePlace(match.source, match.line);
    detail.identical = false;
    detail.near = match;
    return false;
  };

  const record = (table: SeenSet, src: Uint8Array, start: number, end: number, pos: UnitPosition): number => {
    const e = table.upsert(fp);
    const v = table.values;
    const o = e * table.valueWords;
    if (table.wasNew) {
      v[o + FIRST_SOURCE] = pos.source;
      v[o + FIRST_LINE] = pos.line;
      hash.hash64(src, start, end, v, o + RAW);
    }
    if (spread) {
      const document = pos.document ?? pos.source;
      if (table.wasNew || v[o + LAST_DOCUMENT] !== document) v[o + SPREAD]++;
      v[o + LAST_DOCUMENT] = document;
    }
    v[o + COUNT]++;
    v[o + LAST_SOURCE] = pos.source;
    v[o + LAST_ORDINAL] = pos.ordinal;
    v[o + LAST_LINE] = pos.line;
    return o;
  };

  const fillDetail = (
    v: Uint32Array,
    o: number,
    src: Uint8Array,
    start: number,
    end: number,
    kept: KeptPlace,
  ): void => {
    detail.first = placeOf(v[o + FIRST_SOURCE], v[o + FIRST_LINE]);
    detail.kept = kept;
    hash.hash64(src, start, end, raw, 0);
    detail.identical = raw[0] === v[o + RAW] && raw[1] === v[o + RAW + 1];
  };

  return {
    detail,
    needsCountingPass: countsFirst(options.policy, minFiles),
    count(src, start, end, pos) {
      if (prepare(src, start, end)) record(seen(), src, start, end, pos);
    },
    decide(src, start, end, pos) {
      detail.near = undefined;
      if (!prepare(src, start, end)) return true;
      const table = seen();
      if (!track) return claimed(table) && nearKeeps(src, start, end, pos);
      if (options.policy === 'first' && !spread) {
        const o = record(table, src, start, end, pos);
        const v = table.values;
        if (v[o + COUNT] === 1) {
          if (nearKeeps(src, start, end, pos)) return true;
          // This key's first copy is gone too: its later copies are kept by the near match's copy.
          keptThroughNear.set(fingerprintKey(), detail.first);
          return false;
        }
        const via = keptThroughNear.size > 0 ? keptThroughNear.get(fingerprintKey()) : undefined;
        fillDetail(v, o, src, start, end, via ?? placeOf(v[o + FIRST_SOURCE], v[o + FIRST_LINE]));
        return false;
      }
      const e = table.find(fp);
      if (e < 0) return true; // not seen in the counting pass (cannot happen for a re-read input)
      const v = table.values;
      const o = e * table.valueWords;
      // Met in too few documents: not a repeat, every copy stays.
      if (spread && v[o + SPREAD] < minFiles) return true;
      if (options.policy === 'first') {
        if (v[o + FIRST_SOURCE] === pos.source && v[o + FIRST_LINE] === pos.line) return true;
        fillDetail(v, o, src, start, end, placeOf(v[o + FIRST_SOURCE], v[o + FIRST_LINE]));
        return false;
      }
      if (options.policy === 'last') {
        if (v[o + LAST_SOURCE] === pos.source && v[o + LAST_ORDINAL] === pos.ordinal) return true;
        fillDetail(v, o, src, start, end, placeOf(v[o + LAST_SOURCE], v[o + LAST_LINE]));
        return false;
      }
      if (v[o + COUNT] === 1) return true;
      fillDetail(v, o, src, start, end, NO_KEPT_COPY);
      return false;
    },
    takesPrepared: options.near === undefined && !readInPlace,
    prepared(compares, words, at) {
      given = compares ? 1 : 2;
      if (!compares) return;
      fp[0] = words[at];
      fp[1] = words[at + 1];
      fp[2] = words[at + 2];
      fp[3] = words[at + 3];
    },
    fingerprintOf(src, start, end, out) {
      if (!prepare(src, start, end)) return false;
      out.set(fp);
      return true;
    },
    repeatOf(fingerprint) {
      const table = seen();
      if (table.valueWords === 0) return undefined;
      const e = table.find(fingerprint);
      if (e < 0) return undefined;
      const v = table.values;
      const o = e * table.valueWords;
      if (v[o + COUNT] < 2 || (spread && v[o + SPREAD] < minFiles)) return undefined;
      const first = placeOf(v[o + FIRST_SOURCE], v[o + FIRST_LINE]);
      return {
        copies: v[o + COUNT],
        first,
        kept: options.policy === 'last' ? placeOf(v[o + LAST_SOURCE], v[o + LAST_LINE]) : first,
      };
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
