// Byte sources the splitter pulls from: a file read with readSync into the caller's buffer, or
// any async stream of chunks (stdin). Reading never decodes; a reader only moves bytes.
import { closeSync, openSync, readSync } from 'node:fs';

export interface ByteReader {
  /** Reads up to `length` bytes into into[offset...]; resolves 0 at the end of input. */
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  close(): void;
}

export function openFileReader(path: string): ByteReader {
  // A directory opens fine and fails on its first read with EISDIR, reported like any read error.
  const fd = openSync(path, 'r');
  let closed = false;
  return {
    read(into, offset, length) {
      return Promise.resolve(readSync(fd, into, offset, length, null));
    },
    close() {
      if (!closed) { closed = true; closeSync(fd); }
    },
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
        if (next.done) { done = true; return 0; }
        pending = next.value;
      }
      const n = Math.min(length, pending.length);
      into.set(pending.subarray(0, n), offset);
      pending = pending.subarray(n);
      return n;
    },
    close() {
      if (!done) { done = true; void iterator.return?.(); }
    },
  };
}
