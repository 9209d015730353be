// Buffered, synchronous file output for the corpus generator: big writes, no streams, no awaits,
// so generating a gigabyte is bounded by the text model rather than by the writer.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface FileSink {
  append(bytes: Uint8Array, start: number, end: number): void;
  readonly written: number;
  close(): void;
}

const BUFFER = 4 << 20;

export function openFileSink(path: string): FileSink {
  const fd = openSync(path, 'w');
  const buf = Buffer.allocUnsafe(BUFFER);
  let used = 0;
  let written = 0;
  const flush = (): void => {
    let off = 0;
    while (off < used) off += writeSync(fd, buf, off, used - off);
    used = 0;
  };
  return {
    append(bytes, start, end) {
      written += end - start;
      if (end - start > BUFFER - used) {
        flush();
        if (end - start > BUFFER) {
          let off = start;
          while (off < end) off += writeSync(fd, bytes, off, end - off);
          return;
        }
      }
      buf.set(bytes.subarray(start, end), used);
      used += end - start;
    },
    get written() {
      return written;
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}
