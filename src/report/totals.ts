// The run's running totals, summed from each source's tally: what the summary line, the exit
// code and the progress bar read. Plain numbers, no formatting here.
import type { SourceTally } from '../engine/unit-router.js';

export interface RunTotals extends SourceTally {
  /** Sources read to the end. */
  read: number;
  /** Sources with at least one unit removed. */
  changed: number;
  /** Sources passed over with a warning (binary, not a regular file). */
  skipped: number;
  /** Sources or outputs that failed with an error. */
  failed: number;
  /** Files and records not written: nothing but blank lines was left (--drop-empty, --unit document). */
  dropped: number;
  add(tally: SourceTally): void;
}

export function emptyTotals(): RunTotals {
  return {
    read: 0,
    changed: 0,
    skipped: 0,
    failed: 0,
    dropped: 0,
    units: 0,
    duplicates: 0,
    bytesIn: 0,
    bytesOut: 0,
    add(tally) {
      this.units += tally.units;
      this.duplicates += tally.duplicates;
      this.bytesIn += tally.bytesIn;
      this.bytesOut += tally.bytesOut;
      this.dropped += tally.dropped ?? 0;
      if (tally.duplicates > 0) this.changed++;
    },
  };
}
