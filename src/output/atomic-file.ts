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

export function createAtomicFileSink(target: string): AtomicFileSink {
  const tempPath = join(dirname(target), `.${basename(target)}.dedupe-${randomBytes(6).toString('hex')}.tmp`);
  const existing = statOf(target);
  let fd: number | undefined = openSync(tempPath, 'wx', 0o666);
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
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
    },
    async commit(beforeRename) {
      if (fd === undefined) throw new Error('commit after abort');
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      beforeRename?.();
      renameSync(tempPath, target);
      done = true;
    },
    abort() {
      if (done) return;
      done = true;
      if (fd !== undefined) { try { closeSync(fd); } catch { /* already closed */ } fd = undefined; }
      try { unlinkSync(tempPath); } catch { /* never created or already gone */ }
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
