// Apply's decider: the engine's UnitDecider answered from a drop list instead of a seen-set.
// The unit router, writer and paragraph-separator rule stay the engine's own; only the verdict
// comes from reduce: a unit is removed exactly when its ordinal is the next one on the list.
import type { UnitDecider } from '../engine/decider.js';

export interface DropJudge extends UnitDecider {
  /** Drops not reached by the end of the input (non-zero: the input is not the one mapped). */
  readonly unmatched: number;
}

/** ordinals: this input's dropped ordinals, ascending. */
export function createDropJudge(ordinals: Uint32Array): DropJudge {
  let next = 0;
  return {
    get unmatched() {
      return ordinals.length - next;
    },
    decide(_src, _start, _end, pos) {
      if (next < ordinals.length && ordinals[next] === pos.ordinal) {
        next++;
        return false;
      }
      return true;
    },
  };
}
