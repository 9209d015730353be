// Opens one source for the splitter: reads its head (a small regular file: all of it, into the
// caller's room, at once), looks through gzip or zstd compression
// (formats/), sniffs binary content and encoding, and hands back a reader of UTF-8 (transcoded when
// the text is UTF-16 or windows-1256) plus what the output needs to write kept units back in the
// file's own encoding and compression. Open errors are thrown, reported by the caller as that source's.
import { isUtf8 } from 'node:buffer';
import type { Stats } from 'node:fs';
import { memoryReader, openFileReader, streamReader, type ByteReader } from './byte-reader.js';
import { readWholeFile, wholeFromBytes, type WholeFile } from './whole-file.js';
import { sniff, SNIFF_BYTES, type EncodingName, type Sniffed } from './sniff.js';
import { createTranscoder, type Transcoder } from './transcode.js';
import type { Source } from './sources.js';
import { compressionOf, type Compression } from '../formats/compression.js';
import { decompressingReader } from '../formats/decode-reader.js';

export type Opened =
  | {
      kind: 'text';
      reader: ByteReader;
      encoding: EncodingName;
      transcoder?: Transcoder;
      invalidBytes: () => boolean;
      guessed?: Extract<Sniffed, { kind: 'text' }>['guessed'];
      /** The text was read through this compression, and goes back out in it to per-file outputs. */
      compression?: Compression;
      /** A small file's complete bytes, read whole (UTF-8, uncompressed): split where they lie, no read. */
      whole?: Buffer;
    }
  | Extract<Sniffed, { kind: 'binary' }>;

/**
 * Head buffers (the file's, and its decompressed text's) one run reuses: its sources are opened one
 * after another, and a head is replayed in full before the next is opened. Never shared between
 * runs: two library runs at once in one process would read each other's heads.
 */
export interface HeadRooms {
  file?: Buffer;
  text?: Buffer;
}

/** Sees a source's bytes exactly as read from disk (before any transcoding), and which file they came from. */
export interface ReadTap {
  opened(stat: Stats | undefined): void;
  bytes(chunk: Uint8Array): void;
}

export async function openSource(
  source: Exclude<Source, { kind: 'problem' }>,
  stdin: AsyncIterable<Uint8Array>,
  forced?: EncodingName,
  tap?: ReadTap,
  room?: Buffer,
  heads: HeadRooms = {},
  given?: WholeFile,
): Promise<Opened> {
  // A small regular file is read whole into the room at once (whole-file.ts); others stream.
  // given: openWhole's reading of it, which needs a decoding reader (never with a tap).
  const read =
    given ??
    (room !== undefined && source.kind === 'file' && source.spool === undefined && source.regular === true
      ? readWholeFile(source.path, room, tap !== undefined)
      : undefined);
  if (read?.kind === 'whole') {
    tap?.opened(read.stat);
    tap?.bytes(read.bytes);
    const opened = openedWhole(read.bytes, read.stat, forced);
    if (opened) return opened;
  }
  const opened =
    read?.kind === 'whole'
      ? // Read through a compression or a transcoder: a copy, since the splitter's window is the room.
        memoryReader(Buffer.from(read.bytes), read.stat)
      : source.spool !== undefined
        ? openFileReader(source.spool, true)
        : source.kind === 'stdin'
          ? streamReader(stdin)
          : openFileReader(source.path, source.regular === true);
  const raw = tap && read?.kind !== 'whole' ? tapped(opened, tap) : opened;
  let text = raw;
  try {
    heads.file ??= Buffer.allocUnsafe(SNIFF_BYTES);
    let head = await readHead(raw, heads.file, source.kind === 'stdin');
    text = replayHead(head.bytes, raw, head.ended);
    // The magic bytes decide, not the name: the decompressed text's own head is then sniffed.
    const compression = compressionOf(head.bytes);
    if (compression) {
      text = decompressingReader(text, compression);
      heads.text ??= Buffer.allocUnsafe(SNIFF_BYTES);
      head = await readHead(text, heads.text, source.kind === 'stdin');
    }
    const sniffed = sniff(head.bytes, forced);
    if (sniffed.kind === 'binary') {
      text.close();
      return compression ? { ...sniffed, reason: `${sniffed.reason}, inside ${compression}` } : sniffed;
    }
    const replayed = compression ? replayHead(head.bytes, text, head.ended) : text;
    const compressed = compression ? { compression } : {};
    if (sniffed.encoding === 'utf-8') {
      const validator = utf8Validator();
      return {
        kind: 'text',
        reader: validating(replayed, validator.feed),
        encoding: 'utf-8',
        invalidBytes: validator.invalid,
        ...compressed,
      };
    }
    const transcoder = createTranscoder(sniffed.encoding);
    return {
      kind: 'text',
      reader: transcoding(replayed, transcoder),
      encoding: sniffed.encoding,
      transcoder,
      invalidBytes: () => transcoder.invalid > 0,
      guessed: sniffed.guessed,
      ...compressed,
    };
  } catch (error) {
    text.close();
    throw error;
  }
}

/**
 * openSource's small-file case without a promise (no tap): a regular file read whole into `room`
 * and sniffed. A WholeFile back says openSource must go on: too big (stream), or compressed or
 * transcoded (whole: hand it over as `given`, so it is not read twice). Open errors are thrown.
 * ahead: the file's bytes as the reader thread read them, instead of reading it here.
 */
export function openWhole(path: string, room: Buffer, forced?: EncodingName, ahead?: Buffer): Opened | WholeFile {
  const read = ahead ? wholeFromBytes(ahead, room) : readWholeFile(path, room, false);
  if (read.kind === 'stream') return read;
  return openedWhole(read.bytes, read.stat, forced) ?? read;
}

const VALID = (): boolean => false;
const INVALID = (): boolean => true;

// A whole file as it is (no compression, UTF-8 or binary) is answered at once, its bytes split
// where they lie; undefined for one that needs a decoding reader.
function openedWhole(bytes: Buffer, stat: Stats | undefined, forced: EncodingName | undefined): Opened | undefined {
  const head = bytes.length > SNIFF_BYTES ? bytes.subarray(0, SNIFF_BYTES) : bytes;
  if (compressionOf(head)) return undefined;
  const sniffed = sniff(head, forced);
  if (sniffed.kind === 'binary') return sniffed;
  if (sniffed.encoding !== 'utf-8') return undefined;
  return {
    kind: 'text',
    reader: memoryReader(bytes, stat),
    whole: bytes,
    encoding: 'utf-8',
    invalidBytes: isUtf8(bytes) ? VALID : INVALID,
  };
}

// A file's head is read in full; stdin's first chunk is enough, so a live pipe is not held up.
async function readHead(
  reader: ByteReader,
  into: Buffer,
  stdin: boolean,
): Promise<{ bytes: Uint8Array; ended: boolean }> {
  let length = 0;
  for (;;) {
    const n = await reader.read(into, length, into.length - length);
    length += n;
    if (n === 0) return { bytes: into.subarray(0, length), ended: true };
    if (length === into.length || stdin) return { bytes: into.subarray(0, length), ended: false };
  }
}

function tapped(reader: ByteReader, tap: ReadTap): ByteReader {
  tap.opened(reader.stat?.());
  return {
    async read(into, offset, length) {
      const n = await reader.read(into, offset, length);
      tap.bytes(into.subarray(offset, offset + n));
      return n;
    },
    close: () => reader.close(),
  };
}

// A head that reached the end of input answers the end itself: a small file costs one read.
function replayHead(head: Uint8Array, rest: ByteReader, ended: boolean): ByteReader {
  let pending = head;
  return {
    async read(into, offset, length) {
      if (pending.length === 0) return ended ? 0 : rest.read(into, offset, length);
      const n = Math.min(length, pending.length);
      into.set(pending.subarray(0, n), offset);
      pending = pending.subarray(n);
      return n;
    },
    close: () => rest.close(),
  };
}

function validating(reader: ByteReader, feed: (bytes: Uint8Array, final: boolean) => void): ByteReader {
  return {
    async read(into, offset, length) {
      const n = await reader.read(into, offset, length);
      feed(into.subarray(offset, offset + n), n === 0);
      return n;
    },
    close: () => reader.close(),
  };
}

function transcoding(reader: ByteReader, transcoder: Transcoder): ByteReader {
  const chunk = Buffer.allocUnsafe(1 << 16);
  let pending: Uint8Array = new Uint8Array(0);
  let ended = false;
  return {
    async read(into, offset, length) {
      while (pending.length === 0) {
        if (ended) return 0;
        const n = await reader.read(chunk, 0, chunk.length);
        if (n === 0) ended = true;
        pending = transcoder.decode(chunk.subarray(0, n), ended);
      }
      const n = Math.min(length, pending.length);
      into.set(pending.subarray(0, n), offset);
      pending = pending.subarray(n);
      return n;
    },
    close: () => reader.close(),
  };
}

// Checks UTF-8 validity window by window; a sequence cut by a read boundary is carried over.
function utf8Validator(): { feed: (bytes: Uint8Array, final: boolean) => void; invalid: () => boolean } {
  let carry: Uint8Array = new Uint8Array(0);
  let bad = false;
  const sequenceLength = (b: number): number => (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2);
  return {
    invalid: () => bad,
    feed(bytes, final) {
      if (bad) return;
      let start = 0;
      if (carry.length > 0) {
        const need = sequenceLength(carry[0]);
        const take = Math.min(need - carry.length, bytes.length);
        const joined = Buffer.concat([carry, bytes.subarray(0, take)]);
        if (joined.length < need && !final) {
          carry = joined;
          return;
        }
        carry = new Uint8Array(0);
        if (!isUtf8(joined)) {
          bad = true;
          return;
        }
        start = take;
      }
      let end = bytes.length;
      if (!final) {
        for (let k = 1; k <= 3 && end - k >= start; k++) {
          const b = bytes[end - k];
          if (b < 0x80) break;
          if (b >= 0xc0) {
            if (sequenceLength(b) > k) {
              carry = Uint8Array.from(bytes.subarray(end - k));
              end -= k;
            }
            break;
          }
        }
      }
      if (!isUtf8(bytes.subarray(start, end))) bad = true;
    },
  };
}
