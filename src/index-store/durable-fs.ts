// The few file-system moves the index needs to be crash-safe: positional writes that finish
// even when the kernel writes short, full reads, fsync of a folder (so that a created or renamed
// file is itself durable) and create-by-rename. Synchronous on purpose: the callers are start-up
// and commit steps that must finish before anything else happens.
import { closeSync, fdatasyncSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeSync, writevSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes every byte of `parts` at `position`, looping over short writes. */
export function writeAllAt(fd: number, parts: readonly Uint8Array[], position: number): void {
  let pending = parts.filter((p) => p.length > 0);
  let at = position;
  while (pending.length > 0) {
    let written = pending.length === 1
      ? writeSync(fd, pending[0], 0, pending[0].length, at)
      : writevSync(fd, pending as Uint8Array[] as NodeJS.ArrayBufferView[], at);
    if (written <= 0) throw new Error('write made no progress');
    at += written;
    const rest: Uint8Array[] = [];
    for (const part of pending) {
      if (written >= part.length) { written -= part.length; continue; }
      rest.push(written > 0 ? part.subarray(written) : part);
      written = 0;
    }
    pending = rest;
  }
}

/** Reads exactly `length` bytes at `position` into `buf` from 0; returns how many there were. */
export function readAt(fd: number, buf: Uint8Array, length: number, position: number): number {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

/** Makes a new or renamed entry in the folder of `path` survive a power cut. */
export function fsyncFolderOf(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), 'r');
    fsyncSync(fd);
  } catch (error) {
    // Some file systems (and Windows) refuse fsync on a folder; the rename itself still happened.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes `head` (and whatever `fill` appends after it) to a temporary file in the same folder,
 *  syncs it and renames it into place: the file at `path` is the old one or the whole new one,
 *  never a mix. Index creation, merge and salvage all go through here. */
export function createFileAtomically(path: string, head: Uint8Array, fill?: (fd: number, end: number) => void): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  let open = true;
  try {
    writeAllAt(fd, [head], 0);
    fill?.(fd, head.length);
    fdatasyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(temp, path);
  } catch (error) {
    if (open) closeSync(fd);
    try { unlinkSync(temp); } catch { /* renamed or never written */ }
    throw error;
  }
  fsyncFolderOf(path);
}
