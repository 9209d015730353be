// Temporary files an interrupt aborted while their create was still on libuv's pool: the file may
// appear after the abort, when no callback will run any more, so the interrupt handler looks for
// them once more just before the process exits. Kept apart from pooled-sink.ts so that the
// handler, set up at every start, loads nothing else.
import { unlinkSync } from './lossless-fs.js';

const lateTemps = new Set<string>();

// Cumulative waits before each look: a create already running on a pool thread ends within
// microseconds; a pool thread the busy machine has not yet run gets a tenth of a second.
const LATE_LOOKS_MS = [2, 10, 30, 100];

/** An aborted output whose temporary file is being created right now: removed at the exit. */
export function removeIfMadeLate(tempPath: string): void {
  lateTemps.add(tempPath);
}

/**
 * On an interrupt, after every sink's abort() and before the process exits. The exit cannot wait
 * for the pool's callbacks (they would run the rest of the run too), so this thread sleeps and
 * looks again, removing each file as it appears.
 */
export function removeLateTemps(): void {
  if (lateTemps.size === 0) return;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let slept = 0;
  for (const until of LATE_LOOKS_MS) {
    Atomics.wait(sleeper, 0, 0, until - slept);
    slept = until;
    for (const path of lateTemps) {
      try {
        unlinkSync(path);
        lateTemps.delete(path);
      } catch {
        // Not there yet (or never made): looked at again.
      }
    }
  }
}
