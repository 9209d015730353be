// Apply's judge: the engine's Judge interface answered from a drop list instead of a seen-set.
// The unit router, writer and paragraph-separator rule stay the engine's own; only the verdict
// comes from reduce: a unit is removed exactly when its ordinal is the next one on the list.
import type { DuplicateDetail, Judge } from '../engine/judge.js';

export interface DropJudge extends Judge {
  /** Drops not reached by the end of the input (non-zero: the input is not the one mapped). */
  readonly unmatched: number;
}

/** ordinals: this input's dropped ordinals, ascending. */
export function createDropJudge(ordinals: Uint32Array): DropJudge {
  let next = 0;
  const detail: DuplicateDetail = { firstSource: 0, firstLine: 0, keptSource: 0, keptLine: 0, identical: false, fingerprint: new Uint32Array(4), near: undefined };
  return {
    detail,
    needsCountingPass: false,
    get unmatched() { return ordinals.length - next; },
    count() {},
    decide(_src, _start, _end, pos) {
      if (next < ordinals.length && ordinals[next] === pos.ordinal) {
        next++;
        return false;
      }
      return true;
    },
    mostRepeated: () => [],
  };
}
