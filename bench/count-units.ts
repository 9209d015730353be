// Counts what a run kept, straight from the output file's bytes: lines, and paragraphs (runs of
// non-empty lines). Independent of src/ on purpose, so a wrong split cannot verify itself.
import { closeSync, openSync, readSync } from 'node:fs';

export interface UnitCounts {
  readonly lines: number;
  readonly paragraphs: number;
}

export function countUnits(path: string): UnitCounts {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  let paragraphs = 0;
  let atLineStart = true;
  let previousEmpty = true; // the file's start behaves like an empty line before it
  let pendingBytes = false;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 10) {
          lines++;
          previousEmpty = atLineStart;
          atLineStart = true;
          pendingBytes = false;
        } else if (atLineStart) {
          // Generated text has no CR and no whitespace-only lines, so "non-empty" is enough.
          if (previousEmpty) paragraphs++;
          atLineStart = false;
          pendingBytes = true;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  if (pendingBytes) lines++;
  return { lines, paragraphs };
}
