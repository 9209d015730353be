// The --backup copy of an in-place original: made as a hard link just before the new file is
// renamed over the original, and never made over a different file. A backup left by an
// interrupted run is the original itself (same file, or same bytes), so a rerun may go on.
import { closeSync, readSync, type Stats } from 'node:fs';
import { copyFileSync, linkSync, lstatSync, openSync, unlinkSync } from '../fs/lossless-fs.js';
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
  const taken: BackupState = {
    kind: 'taken',
    reason: `backup ${backup} already exists; file left as it is (move the old backup away, or choose another --backup suffix)`,
  };
  if (!own.isFile()) return taken;
  const current = lstatSync(original);
  if (own.dev === current.dev && own.ino === current.ino) return { kind: 'made' };
  return own.size === current.size && sameBytes(original, backup) ? { kind: 'made' } : taken;
}

// The backup is a hard link to the original (instant, no copy), made by link(2), which fails
// when the name exists: two runs at once can never replace each other's backup. Without hard
// links, a copy is made under a temporary name and linked into place the same way.
export function backUp(path: string, backup: string): void {
  sweepStaleTempsOnce(dirname(backup));
  try {
    linkSync(path, backup);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return settleExisting(path, backup);
    if (!NO_HARD_LINKS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  const temp = tempPathFor(backup);
  copyFileSync(path, temp);
  try {
    linkSync(temp, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return settleExisting(path, backup);
    throw error;
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'EXDEV', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK']);

// Another run made the backup between our check and our link: fine if it holds our original.
function settleExisting(path: string, backup: string): void {
  const state = backupState(path, backup);
  if (state.kind === 'taken') throw Object.assign(new Error(state.reason), { code: 'ECHANGED' });
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
