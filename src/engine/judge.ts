// The pure heart of the run: a unit's key input goes through a key fold, a fingerprint and a
// seen-set, and comes out as a verdict under the keep policy (first, last or none copy kept).
// It knows nothing of Arabic, files or colour: the fold, the fingerprint and the seen-set are
// handed in (unit-fingerprint.ts turns a unit into what is compared; judge-seen-set.ts lays out
// what is kept per key). Where copies are and how many is tracked only when a report or policy needs it.
import type { NearMatcher } from '../near/near-matcher.js';
import {
  EARLIER_RUN_PLACE,
  NO_KEPT_COPY,
  type DuplicateDetail,
  type KeptPlace,
  type UnitDecider,
  type UnitPlace,
  type UnitPosition,
} from './decider.js';
import {
  COUNT,
  FIRST_LINE,
  FIRST_SOURCE,
  LAST_DOCUMENT,
  LAST_LINE,
  LAST_ORDINAL,
  LAST_SOURCE,
  placeOf,
  RAW,
  SPREAD,
} from './judge-seen-set.js';
import type { SeenSet } from '../seen/seen-table.js';
import { createJudgeNear } from './judge-near.js';
import { createUnitFingerprint, type Hasher, type KeyFold } from './unit-fingerprint.js';

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
   * (a worker thread), instead of folding: `compares` and the four words at words[at]; in near
   * mode also its near signature at signatures[sigAt] (none: it enters no near matching).
   */
  prepared(compares: boolean, words: Uint32Array, at: number, signatures?: Uint8Array, sigAt?: number): void;
  /**
   * True when a fingerprint worked out elsewhere saves this thread work: not for a key that is
   * the unit's own bytes, hashed where they lie for less than a hand-off to another thread costs.
   */
  readonly takesPrepared: boolean;
  /** In near mode, the signature prepared() must bring (the matcher's signing); else undefined. */
  readonly nearSigning: NearMatcher['signing'] | undefined;
  /** The key length of the last fingerprintOf() in the key fold's out, or -1 when none is at hand. */
  readonly keyLength: number;
}

export function createJudge(key: KeyFold, hash: Hasher, seen: () => SeenSet, options: JudgeOptions): Judge {
  const unit = createUnitFingerprint(key, hash, {
    minChars: options.minChars,
    minWords: options.minWords,
    keepsKey: options.near !== undefined,
    memo: options.memo,
    claimWatches: options.claimWatches,
  });
  const fp = unit.fp;
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
  // A unit exact comparison keeps may still be a near copy of an earlier kept one.
  const near = createJudgeNear(options.near, key, detail);
  const nearKeeps = (src: Uint8Array, start: number, end: number, pos: UnitPosition): boolean =>
    near.keeps(src, start, end, pos, unit.keyLength, fp[0]);

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
      near.begin();
      if (unit.prepare(src, start, end)) record(seen(), src, start, end, pos);
    },
    decide(src, start, end, pos) {
      detail.near = undefined;
      near.begin();
      if (!unit.prepare(src, start, end)) return true;
      const table = seen();
      if (!track) return unit.claim(table) && nearKeeps(src, start, end, pos);
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
    takesPrepared: !unit.readsInPlace,
    get nearSigning() {
      return options.near?.().signing;
    },
    get keyLength() {
      return unit.keyLength;
    },
    prepared(compares, words, at, signatures, sigAt = 0) {
      unit.give(compares, words, at);
      near.prepared(signatures, sigAt);
    },
    fingerprintOf(src, start, end, out) {
      if (!unit.prepare(src, start, end)) return false;
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
