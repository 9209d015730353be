// Turns one input's new fingerprints and its input record into frame bytes, and appends a frame
// durably: write at the end, fdatasync, and on failure cut the file back to where it was. It does
// not decide when to append (the caller commits outputs first) and does not take locks.
import { fdatasyncSync, ftruncateSync } from 'node:fs';
import {
  FINGERPRINT_BYTES,
  FRAME_HEADER_BYTES,
  MAX_DIGEST_BYTES,
  MAX_PATH_BYTES,
  WORDS_PER_FINGERPRINT,
  encodeFrameHeader,
  frameLength,
} from './format.js';
import { crc32 } from './checksum.js';
import { writeAllAt } from '../fs/positional-io.js';
import { pathBytes } from '../fs/fs-path.js';

/** What a frame records about the input it came from, so a rerun can skip committed inputs. */
export interface InputRecord {
  readonly path: string;
  /** Any string the caller derives from the input's content (e.g. a hex SHA-256). */
  readonly digest: string;
}

export interface FrameBytes {
  /** Header, the fingerprints (a view of the caller's array, not a copy), and record + checksum. */
  readonly parts: readonly Uint8Array[];
  readonly length: number;
}

export function encodeFrame(fingerprints: Uint32Array, input: InputRecord, timeMs: number, seq: number): FrameBytes {
  if (fingerprints.length % WORDS_PER_FINGERPRINT !== 0) {
    throw new RangeError(`fingerprints must be ${WORDS_PER_FINGERPRINT} words each; got ${fingerprints.length} words`);
  }
  const path = pathBytes(input.path);
  const digest = Buffer.from(input.digest, 'utf8');
  if (path.length > MAX_PATH_BYTES) throw new RangeError(`input path longer than ${MAX_PATH_BYTES} bytes`);
  if (digest.length > MAX_DIGEST_BYTES) throw new RangeError(`input digest longer than ${MAX_DIGEST_BYTES} bytes`);
  const count = fingerprints.length / WORDS_PER_FINGERPRINT;
  const length = frameLength(count, path.length, digest.length);
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  encodeFrameHeader(header, count, path.length, digest.length, timeMs, seq);
  const body = new Uint8Array(fingerprints.buffer, fingerprints.byteOffset, count * FINGERPRINT_BYTES);
  const tail = Buffer.alloc(length - FRAME_HEADER_BYTES - body.length);
  path.copy(tail, 0);
  digest.copy(tail, path.length);
  let crc = crc32(header);
  crc = crc32(body, crc);
  crc = crc32(tail.subarray(0, tail.length - 4), crc);
  tail.writeUInt32LE(crc, tail.length - 4);
  return { parts: [header, body, tail], length };
}

export type AppendOutcome =
  | { kind: 'ok' }
  /** Not committed. `dirty`: the file could not be cut back either and may end in a partial frame,
   *  which the next open cuts off like any torn frame. */
  | { kind: 'failed'; error: unknown; dirty: boolean };

/** Appends at `end` and makes it durable before returning 'ok'. */
export function appendDurably(fd: number, end: number, frame: FrameBytes): AppendOutcome {
  try {
    writeAllAt(fd, frame.parts, end);
    fdatasyncSync(fd);
    return { kind: 'ok' };
  } catch (error) {
    try {
      ftruncateSync(fd, end);
      fdatasyncSync(fd);
      return { kind: 'failed', error, dirty: false };
    } catch {
      return { kind: 'failed', error, dirty: true };
    }
  }
}
