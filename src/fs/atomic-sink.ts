// The streaming form of atomic-write.ts, for outputs whose bytes arrive a window at a time: the
// data goes to a temporary file beside the target, is flushed, and is renamed over the target only
// when complete (then the folder is synced, now or, for a batch, once at its end). A crash leaves
// either the old file or the new one, never a mix; abort() removes the temporary file. The flush
// runs on libuv's pool, so a caller may commit several files at once (output/commit-queue.ts).
import { closeSync, fchmodSync, fchownSync, fsync, writeSync, type Stats } from 'node:fs';
import { open, openSync, rename, renameSync, statSync, unlinkSync } from './lossless-fs.js';
import { dirname } from 'node:path';
import { openTempFile } from './atomic-write.js';
import { syncFolder } from './sync-folder.js';

/** Structurally a ByteSink (src/output/byte-sink.ts), which this low layer does not import. */
export interface AtomicFileSink {
  readonly tempPath: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Flushes (off the main thread), runs `beforeRename` (a backup, say), renames into place. */
  commit(beforeRename?: () => void | Promise<void>): Promise<void>;
  abort(): void;
}

/** The file-system calls this sink makes: a seam where tests inject ENOSPC or EIO. */
export interface WriteFs {
  openSync: typeof openSync;
  writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
  /** fsync(2) through libuv's thread pool. */
  fsync: (fd: number) => Promise<void>;
  closeSync: typeof closeSync;
  renameSync: typeof renameSync;
  unlinkSync: typeof unlinkSync;
  // Calls that wait on the journal or a folder's lock, through libuv's pool (pooled-sink.ts).
  open: (path: string, flags: string, mode: number) => Promise<number>;
  rename: (from: string, to: string) => Promise<void>;
}

// A libuv call as a promise (util.promisify would cost a closure per call and its import at start).
const pooled = <T>(call: (done: (error: Error | null, value?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value as T))));

export const realWriteFs: WriteFs = {
  openSync,
  writeSync,
  fsync: (fd) => pooled<void>((done) => fsync(fd, done)),
  closeSync,
  renameSync,
  unlinkSync,
  open: (path, flags, mode) => pooled<number>((done) => open(path, flags, mode, done)),
  rename: (from, to) => pooled<void>((done) => rename(from, to, done)),
};

/**
 * syncAfterRename: the folder sync after the rename; a batch may collect the folders instead.
 * known: the target's status if the caller has just looked (null: nothing there), saving a stat.
 */
export function createAtomicFileSink(
  target: string,
  fs: WriteFs = realWriteFs,
  syncAfterRename: (folder: string) => void = syncFolder,
  known?: Stats | null,
): AtomicFileSink {
  const existing = known === undefined ? statOf(target) : (known ?? undefined);
  const temp = openTempFile(target, 0o666, fs.openSync);
  const tempPath = temp.path;
  let fd: number | undefined = temp.fd;
  if (existing) {
    fchmodSync(fd, existing.mode & 0o7777);
    try {
      fchownSync(fd, existing.uid, existing.gid);
    } catch {
      /* only root may give a file away */
    }
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
      const flushing = fd;
      await fs.fsync(flushing);
      // Aborted while the flush ran (an interrupt): abort() closed it and removed the file.
      if (fd === undefined) throw new Error('commit after abort');
      fs.closeSync(flushing);
      fd = undefined;
      await beforeRename?.();
      fs.renameSync(tempPath, target);
      done = true;
      syncAfterRename(dirname(target));
    },
    abort() {
      if (done) return;
      done = true;
      if (fd !== undefined) {
        try {
          fs.closeSync(fd);
        } catch {
          /* already closed */
        }
        fd = undefined;
      }
      try {
        fs.unlinkSync(tempPath);
      } catch {
        /* never created or already gone */
      }
    },
  };
}

// Replacing a file keeps its permission bits and owner: an atomic rename must not change access.
function statOf(path: string): Stats | undefined {
  try {
    // No error object for the usual case, a new file: building one costs more than the stat.
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
