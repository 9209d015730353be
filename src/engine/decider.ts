// What the unit router needs from whoever decides a unit's fate: keep or remove, and (for the
// reports watching) why it was removed, with the places of the first and the kept copy as typed
// values built once where the verdict is made, so that no layer after it reads sentinel numbers.
import type { NearMatch } from '../near/near-matcher.js';
import type { EarlierPlace } from '../near/archive-candidates.js';

/**
 * Where a unit is: its source's number in the run, its ordinal in that source, its first line,
 * and its bytes' offset and length in the source (for near matching, which may read it again).
 */
export interface UnitPosition {
  source: number;
  ordinal: number;
  line: number;
  offset?: number;
  length?: number;
  /**
   * The document it is in, for --min-files' count of documents: its source when absent; a JSON
   * Lines record can name itself. Numbers must not decrease within a pass.
   */
  document?: number;
}

/**
 * A copy of a unit: in one of this run's sources, or known only from an earlier run (an index);
 * `earlier` says where that run kept it, when the index knows (a near record).
 */
export type UnitPlace =
  | { readonly kind: 'source'; readonly source: number; readonly line: number }
  | { readonly kind: 'earlier-run'; readonly earlier?: EarlierPlace };

/** The copy that stays; `none` under keep none, which removes every copy. */
export type KeptPlace = UnitPlace | { readonly kind: 'none' };

/** Filled by decide() when it returns false; reused, so copy what you keep (the places never change). */
export interface DuplicateDetail {
  first: UnitPlace;
  kept: KeptPlace;
  /** Same bytes as the first copy (not only the same key). */
  identical: boolean;
  readonly fingerprint: Uint32Array;
  /** Set when the unit matched an earlier kept one by similarity, not by key. */
  near: NearMatch | undefined;
}

export interface UnitDecider {
  /** True: keep the unit. False: it is removed, and `detail` (when there is one) says why. */
  decide(src: Uint8Array, start: number, end: number, pos: UnitPosition): boolean;
  /** Absent for a decider that knows only which units go (apply's drop list): nothing to report. */
  readonly detail?: DuplicateDetail;
}

/** A place in this run's sources. */
export function sourcePlace(source: number, line: number): UnitPlace {
  return { kind: 'source', source, line };
}

export const EARLIER_RUN_PLACE: UnitPlace = Object.freeze({ kind: 'earlier-run' });
export const NO_KEPT_COPY: KeptPlace = Object.freeze({ kind: 'none' });
