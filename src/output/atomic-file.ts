// A sink that writes a file atomically: the data goes to a temporary file in the target's folder,
// is flushed to disk, and is renamed over the target only when complete. A crash leaves either the
// old file or the new one, never a mix; abort() removes the temporary file.
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync, fchmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ByteSink } from './byte-sink.js';

export interface AtomicFileSink extends ByteSink {
  readonly tempPath: string;
}

export function createAtomicFileSink(target: string): AtomicFileSink {
  const tempPath = join(dirname(target), `.${basename(target)}.dedupe-${randomBytes(6).toString('hex')}.tmp`);
  const existingMode = modeOf(target);
  let fd: number | undefined = openSync(tempPath, 'wx', 0o666);
  if (existingMode !== undefined) fchmodSync(fd, existingMode);
  let done = false;

  return {
    tempPath,
    async write(chunk) {
      if (fd === undefined) throw new Error('write after commit or abort');
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(fd, chunk, offset, chunk.length - offset);
    },
    async commit() {
      if (fd === undefined) throw new Error('commit after abort');
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
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

// Replacing a file keeps its permission bits: an atomic rename must not widen or narrow access.
function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o7777;
  } catch {
    return undefined;
  }
}
