// Every file a scale-out task publishes goes through here: written under a private temporary name
// in the target's folder, fsync'ed, renamed (or, for a first-writer-wins file, hard-linked) into
// place, and the folder fsync'ed. A killed task leaves at most a temporary file (ignored by every
// reader), never a half-written published one.
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeAllAt } from '../index-store/durable-fs.js';

export function writeFileDurably(path: string, parts: readonly Uint8Array[]): void {
  const temp = writeTemporary(path, parts);
  try {
    renameSync(temp, path);
  } catch (error) {
    try { unlinkSync(temp); } catch { /* already gone */ }
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
    if (!(code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK')) throw error;
    return createExclusively(path, parts);
  } finally {
    try { unlinkSync(temp); } catch { /* already gone */ }
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

function writeTemporary(path: string, parts: readonly Uint8Array[]): string {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeAllAt(fd, parts, 0);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    try { unlinkSync(temp); } catch { /* never created */ }
    throw error;
  }
  closeSync(fd);
  return temp;
}

export function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder (some network mounts): the rename still happened.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
