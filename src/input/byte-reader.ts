// Byte sources the splitter pulls from: a file read with readSync into the caller's buffer, bytes
// already in memory, or any async stream of chunks (stdin). Reading never decodes; a reader only
// moves bytes. A FIFO or device is opened and read off the main thread: its open waits for a
// writer and its reads for data, and a blocked main thread would not even see Ctrl-C.
import { closeSync, constants, fstatSync, readSync, type Stats } from 'node:fs';
import { openSync, promises, statSync } from '../fs/lossless-fs.js';
import type { FileHandle } from 'node:fs/promises';

export interface ByteReader {
  /** Reads up to `length` bytes into into[offset...]; resolves 0 at the end of input. */
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  close(): void;
  /** A regular file's status as opened (its descriptor's, not its path's): which file was read. */
  stat?(): Stats;
}

/**
 * regular: the file was listed as a regular file (a folder walk's entry), so the look before the
 * open is skipped, one system call per file of a large folder. Opened without waiting all the
 * same: a file turned into a FIFO since then fails its reads instead of blocking the run.
 */
export function openFileReader(path: string, regular = false): ByteReader {
  if (!regular && !statSync(path).isFile() && !statSync(path).isDirectory()) return waitingReader(path);
  // A directory opens fine and fails on its first read with EISDIR, reported like any read error.
  const fd = openSync(path, regular ? constants.O_RDONLY | constants.O_NONBLOCK : constants.O_RDONLY);
  let closed = false;
  return {
    read(into, offset, length) {
      return Promise.resolve(readSync(fd, into, offset, length, null));
    },
    close() {
      if (!closed) {
        closed = true;
        closeSync(fd);
      }
    },
    stat: () => fstatSync(fd),
  };
}

// FIFOs whose open is waiting for a writer, in a thread of the pool.
const waitingOpens = new Set<string>();

/**
 * Lets every open still waiting for a writer complete (as an empty input): a process cannot exit
 * while a pool thread is stuck in open(2), so an interrupted run calls this before it exits.
 */
export function releaseWaitingOpens(): void {
  for (const path of waitingOpens) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      /* no longer a FIFO, or already opened */
    }
  }
}

function waitingReader(path: string): ByteReader {
  let closed = false;
  waitingOpens.add(path);
  const opening = promises.open(path, 'r');
  void opening
    .finally(() => waitingOpens.delete(path))
    .catch(() => {
      /* reported by the first read */
    });
  // An open still waiting when the reader is closed is closed as soon as it completes.
  opening.catch(() => {
    /* reported by the first read */
  });
  let handle: FileHandle | undefined;
  return {
    async read(into, offset, length) {
      handle ??= await opening;
      const { bytesRead } = await handle.read(into, offset, length, null);
      return bytesRead;
    },
    close() {
      if (closed) return;
      closed = true;
      opening
        .then(
          (h) => h.close(),
          () => {
            /* never opened */
          },
        )
        .catch(() => {
          /* already closed */
        });
    },
  };
}

/** Bytes already in memory; `stat` is the file's they were read from, if any. */
export function memoryReader(bytes: Uint8Array, stat?: Stats): ByteReader {
  let at = 0;
  return {
    read(into, offset, length) {
      const n = Math.min(length, bytes.length - at);
      into.set(bytes.subarray(at, at + n), offset);
      at += n;
      return Promise.resolve(n);
    },
    close() {},
    ...(stat ? { stat: () => stat } : {}),
  };
}

/** Adapts an async iterable of chunks (e.g. process.stdin) to pull-style reads. */
export function streamReader(chunks: AsyncIterable<Uint8Array>): ByteReader {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Uint8Array | undefined;
  let done = false;
  return {
    async read(into, offset, length) {
      while (!pending || pending.length === 0) {
        if (done) return 0;
        const next = await iterator.next();
        if (next.done) {
          done = true;
          return 0;
        }
        pending = next.value;
      }
      const n = Math.min(length, pending.length);
      into.set(pending.subarray(0, n), offset);
      pending = pending.subarray(n);
      return n;
    },
    close() {
      if (!done) {
        done = true;
        void iterator.return?.();
      }
    },
  };
}
