// Whole-file writes that a crash cannot tear: the bytes go to a temporary file beside the target
// (temp-name.ts), are fsync'ed, then renamed over the target (replace) or hard-linked to it
// (publish once), and the folder is fsync'ed. The target is the old file or the whole new one,
// never a mix; a killed writer leaves at most a temporary file, which the next writer sweeps.
import { closeSync, fsyncSync } from 'node:fs';
import { linkSync, openSync, renameSync, unlinkSync } from './lossless-fs.js';
import { dirname } from 'node:path';
import { tempPathFor } from './temp-name.js';
import { sweepStaleTempsOnce } from './stale-temps.js';
import { syncFolder } from './sync-folder.js';
import { writeAllAt } from './positional-io.js';

/** Appends more bytes after `end` through the open temporary file (an index's frames, say). */
export type Fill = (fd: number, end: number) => void;

/** Creates an exclusive temporary file beside `target`, after sweeping that folder's leftovers. */
export function openTempFile(
  target: string,
  mode: number,
  open: typeof openSync = openSync,
): { readonly path: string; readonly fd: number } {
  sweepStaleTempsOnce(dirname(target));
  const path = tempPathFor(target);
  try {
    return { path, fd: open(path, 'wx', mode) };
  } catch (error) {
    throw blameTarget(error, path, target);
  }
}

/** The temporary name is ours, not the user's: an error about it names the file they asked for. */
export function blameTarget(error: unknown, temp: string, target: string): unknown {
  const failed = error as NodeJS.ErrnoException;
  if (failed.path === temp) {
    failed.path = target;
    failed.message = failed.message.split(temp).join(target);
  }
  return error;
}

/** Writes `parts` (then `fill`) to `path`, replacing whatever was there, atomically. */
export function writeFileAtomically(path: string, parts: readonly Uint8Array[], fill?: Fill): void {
  const temp = writeTemporary(path, parts, fill);
  try {
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
    throw error;
  }
  syncFolder(dirname(path));
}

/**
 * Publishes the file only if nothing is at `path` yet: of several writers racing, exactly one
 * wins (link, unlike rename, fails when the name exists, on local file systems and NFS alike).
 * Returns false when another file was already there. File systems without hard links (some
 * bucket mounts) fall back to an exclusive create, which still lets exactly one writer win.
 */
export function publishFileOnce(path: string, parts: readonly Uint8Array[]): boolean {
  const temp = writeTemporary(path, parts);
  try {
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (!(code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK'))
      throw error;
    return createExclusively(path, parts);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
  }
  syncFolder(dirname(path));
  return true;
}

function createExclusively(path: string, parts: readonly Uint8Array[]): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeAllAt(fd, parts, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncFolder(dirname(path));
  return true;
}

function writeTemporary(path: string, parts: readonly Uint8Array[], fill?: Fill): string {
  const temp = openTempFile(path, 0o644);
  try {
    writeAllAt(temp.fd, parts, 0);
    fill?.(
      temp.fd,
      parts.reduce((sum, p) => sum + p.length, 0),
    );
    fsyncSync(temp.fd);
  } catch (error) {
    closeSync(temp.fd);
    try {
      unlinkSync(temp.path);
    } catch {
      /* never created */
    }
    throw error;
  }
  closeSync(temp.fd);
  return temp.path;
}
