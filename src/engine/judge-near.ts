// The judge's near step: a unit exact comparison keeps goes to the near matcher, with its key
// folded here or its signature handed over by a worker thread (prepared()), and a near match
// becomes the duplicate's detail. It decides nothing about exact repeats and never folds a key
// the matcher does not read.
import type { NearMatcher, NearPlace, SignedQuery } from '../near/near-matcher.js';
import { sourcePlace, type DuplicateDetail, type UnitPosition } from './decider.js';
import type { KeyFold } from './unit-fingerprint.js';

export interface JudgeNear {
  /** The next unit's signature, worked out elsewhere; undefined when it enters no near matching. */
  prepared(signatures: Uint8Array | undefined, at: number): void;
  /** A new unit is at hand: what prepared() handed over is its own (forgotten otherwise). */
  begin(): void;
  /** False when the unit is a near copy (its detail filled in); `keyLength` is the fold's, or -1. */
  keeps(src: Uint8Array, start: number, end: number, pos: UnitPosition, keyLength: number, hash: number): boolean;
}

export function createJudgeNear(
  near: (() => NearMatcher) | undefined,
  key: KeyFold,
  detail: DuplicateDetail,
): JudgeNear {
  let next = false;
  let now = false;
  let from: Uint8Array = new Uint8Array(0);
  let fromStart = 0,
    fromEnd = 0;
  const query: { -readonly [K in keyof SignedQuery]: SignedQuery[K] } = {
    signatures: new Uint8Array(0),
    at: 0,
    key: () => key.out.subarray(0, key.fold(from, fromStart, fromEnd)),
  };
  const place: NearPlace = { source: 0, line: 0, offset: 0, length: 0 };
  return {
    prepared(signatures, at) {
      next = signatures !== undefined;
      if (signatures) {
        query.signatures = signatures;
        query.at = at;
      }
    },
    begin() {
      now = next;
      next = false;
    },
    keeps(src, start, end, pos, keyLength, hash) {
      const signed = now;
      now = false;
      if (!near || (keyLength < 0 && !signed)) return true;
      from = src;
      fromStart = start;
      fromEnd = end;
      // One place object for every unit: the matcher copies what it keeps of it.
      place.source = pos.source;
      place.line = pos.line;
      place.offset = pos.offset ?? 0;
      place.length = pos.length ?? end - start;
      // The matcher's key hash is the first word of the run's fingerprint, which the judge computed.
      const match = near().check(
        src,
        start,
        end,
        key.out,
        signed ? -1 : keyLength,
        place,
        hash,
        signed ? query : undefined,
      );
      if (!match?.remove) return true;
      detail.first = detail.kept = match.earlier
        ? { kind: 'earlier-run', earlier: match.earlier }
        : sourcePlace(match.source, match.line);
      detail.identical = false;
      detail.near = match;
      return false;
    },
  };
}
