// Reads a small regular file whole into a buffer the caller reuses from file to file: open, read
// to the end, close, and no promise, so a folder of thousands of small files costs little beyond
// its bytes. A file too big for the buffer is left to the streaming reader (byte-reader.ts). Open
// and read errors are thrown, as the streaming reader's are.
import { closeSync, constants, fstatSync, readSync, type Stats } from 'node:fs';
import { openSync } from '../fs/lossless-fs.js';

export type WholeFile =
  /** bytes: the file's complete bytes, in the caller's buffer (valid until it is reused). */
  { readonly kind: 'whole'; readonly bytes: Buffer; readonly stat: Stats | undefined } | { readonly kind: 'stream' };

const STREAM: WholeFile = { kind: 'stream' };

/** withStat: also the file's status as opened (a Stats object costs more than its system call). */
export function readWholeFile(path: string, room: Buffer, withStat: boolean): WholeFile {
  // Never waits: a file turned into a FIFO since it was listed reads as empty or fails, as in
  // byte-reader.ts, instead of holding the run until a writer comes.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = withStat ? fstatSync(fd) : undefined;
    let length = 0;
    for (;;) {
      if (length === room.length) return STREAM;
      const n = readSync(fd, room, length, room.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { kind: 'whole', bytes: room.subarray(0, length), stat };
  } finally {
    closeSync(fd);
  }
}

/**
 * A file another thread read (threads/read-ahead.ts), put in the room as if read here: the
 * splitter's window is the room, and a file as big as the room is streamed either way.
 */
export function wholeFromBytes(bytes: Uint8Array, room: Buffer): WholeFile {
  if (bytes.length >= room.length) return STREAM;
  room.set(bytes);
  return { kind: 'whole', bytes: room.subarray(0, bytes.length), stat: undefined };
}
