// A sink that writes a file atomically: the data goes to a temporary file in the target's folder,
// is flushed to disk, and is renamed over the target only when complete. A crash leaves either the
// old file or the new one, never a mix; abort() removes the temporary file.
import { closeSync, fchmodSync, fchownSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ByteSink } from './byte-sink.js';

export interface AtomicFileSink extends ByteSink {
  readonly tempPath: string;
}

/** The file-system calls this sink makes: a seam where tests inject ENOSPC or EIO. */
export interface WriteFs {
  openSync: typeof openSync;
  writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
  fsyncSync: typeof fsyncSync;
  closeSync: typeof closeSync;
  renameSync: typeof renameSync;
  unlinkSync: typeof unlinkSync;
}

export const realWriteFs: WriteFs = { openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync };

export function createAtomicFileSink(target: string, fs: WriteFs = realWriteFs): AtomicFileSink {
  const tempPath = join(dirname(target), `.${basename(target)}.dedupe-${randomBytes(6).toString('hex')}.tmp`);
  const existing = statOf(target);
  let fd: number | undefined = fs.openSync(tempPath, 'wx', 0o666);
  if (existing) {
    fchmodSync(fd, existing.mode & 0o7777);
    try { fchownSync(fd, existing.uid, existing.gid); } catch { /* only root may give a file away */ }
  }
  let done = false;

  return {
    tempPath,
    async write(chunk) {
      if (fd === undefined) throw new Error('write after commit or abort');
      let offset = 0;
      while (offset < chunk.length) offset += fs.writeSync(fd, chunk, offset, chunk.length - offset);
    },
    async commit(beforeRename) {
      if (fd === undefined) throw new Error('commit after abort');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = undefined;
      beforeRename?.();
      fs.renameSync(tempPath, target);
      done = true;
    },
    abort() {
      if (done) return;
      done = true;
      if (fd !== undefined) { try { fs.closeSync(fd); } catch { /* already closed */ } fd = undefined; }
      try { fs.unlinkSync(tempPath); } catch { /* never created or already gone */ }
    },
  };
}

// Replacing a file keeps its permission bits and owner: an atomic rename must not change access.
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
