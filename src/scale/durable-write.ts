// Every file a scale-out task publishes goes through here: written under a private temporary name
// in the target's folder, fsync'ed, renamed into place, and the folder fsync'ed. A killed task
// leaves at most a temporary file (ignored by every reader), never a half-written published one.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writevSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export function writeFileDurably(path: string, parts: readonly Uint8Array[]): void {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o644);
  let open = true;
  try {
    let pending = parts.filter((p) => p.length > 0);
    while (pending.length > 0) {
      // writev may write short; carry the rest over.
      let written = writevSync(fd, pending.slice(0, 1024) as NodeJS.ArrayBufferView[]);
      const rest: Uint8Array[] = [];
      for (const part of pending) {
        if (written >= part.length) { written -= part.length; continue; }
        rest.push(written > 0 ? part.subarray(written) : part);
        written = 0;
      }
      pending = rest;
    }
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(temp, path);
  } catch (error) {
    if (open) closeSync(fd);
    try { unlinkSync(temp); } catch { /* renamed or never created */ }
    throw error;
  }
  syncFolder(dirname(path));
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
