// Positional reads and writes that finish: the kernel may write or read short, and a caller
// that assumed otherwise would leave a torn file. Synchronous on purpose: the callers are
// start-up and commit steps that must finish before anything else happens.
import { readSync, writeSync, writevSync } from 'node:fs';

/** Writes every byte of `parts` at `position`, looping over short writes. */
export function writeAllAt(fd: number, parts: readonly Uint8Array[], position: number): void {
  let pending = parts.filter((p) => p.length > 0);
  let at = position;
  while (pending.length > 0) {
    let written =
      pending.length === 1 ? writeSync(fd, pending[0], 0, pending[0].length, at) : writevSync(fd, pending, at);
    if (written <= 0) throw new Error('write made no progress');
    at += written;
    const rest: Uint8Array[] = [];
    for (const part of pending) {
      if (written >= part.length) {
        written -= part.length;
        continue;
      }
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
