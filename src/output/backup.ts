// The --backup copy of an in-place original: made as a hard link just before the new file is
// renamed over the original, and never made over a different file. A backup left by an
// interrupted run is the original itself (same file, or same bytes), so a rerun may go on.
import { closeSync, copyFileSync, linkSync, lstatSync, openSync, readSync, renameSync, unlinkSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { tempPathFor } from '../fs/temp-name.js';
import { sweepStaleTempsOnce } from '../fs/stale-temps.js';

export type BackupState =
  /** No backup yet: make one. */
  | { readonly kind: 'none' }
  /** The backup already holds the original (an interrupted run made it): nothing to make. */
  | { readonly kind: 'made' }
  /** Something else is there: the original must not be replaced. */
  | { readonly kind: 'taken'; readonly reason: string };

export function backupState(original: string, backup: string): BackupState {
  let own: Stats;
  try {
    own = lstatSync(backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  const taken: BackupState = { kind: 'taken', reason: `backup ${backup} already exists; file left as it is (move the old backup away, or choose another --backup suffix)` };
  if (!own.isFile()) return taken;
  const current = lstatSync(original);
  if (own.dev === current.dev && own.ino === current.ino) return { kind: 'made' };
  return own.size === current.size && sameBytes(original, backup) ? { kind: 'made' } : taken;
}

// The backup is a hard link to the original (instant, no copy), made under a hidden temporary
// name (a killed run leaves no extra input behind) and renamed into place.
export function backUp(path: string, backup: string): void {
  sweepStaleTempsOnce(dirname(backup));
  const temp = tempPathFor(backup);
  try {
    linkSync(path, temp);
  } catch {
    copyFileSync(path, temp); // file systems without hard links
  }
  try {
    renameSync(temp, backup);
  } catch (error) {
    try { unlinkSync(temp); } catch { /* already gone */ }
    throw error;
  }
}

function sameBytes(a: string, b: string): boolean {
  const fa = openSync(a, 'r');
  try {
    const fb = openSync(b, 'r');
    try {
      const ba = Buffer.allocUnsafe(1 << 16);
      const bb = Buffer.allocUnsafe(1 << 16);
      for (;;) {
        const na = readSync(fa, ba, 0, ba.length, null);
        const nb = readSync(fb, bb, 0, bb.length, null);
        if (na !== nb || ba.compare(bb, 0, nb, 0, na) !== 0) return false;
        if (na === 0) return true;
      }
    } finally {
      closeSync(fb);
    }
  } finally {
    closeSync(fa);
  }
}
