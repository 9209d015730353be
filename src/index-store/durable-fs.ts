// The few file-system moves the index needs to be crash-safe: positional writes that finish
// even when the kernel writes short, full reads, and fsync of a folder (so that a created or
// renamed file is itself durable). Synchronous on purpose: callers are start-up and commit steps.
import { closeSync, fsyncSync, openSync, readSync, writeSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';

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
