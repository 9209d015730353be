// Walks the frames of an index file in large sequential reads: checks every frame's checksums and
// numbering, hands out fingerprint runs as Uint32Array views over the read buffer, and classifies
// how the walk ended (clean, torn tail, corrupt frame). A near frame counts only with the exact frame
// that follows and commits it. It never writes or truncates: callers decide.
import { FINGERPRINT_BYTES, FRAME_HEADER_BYTES, decodeFrameHeader } from './format.js';
import { NEAR_FRAME_MAGIC, NEAR_HEADER_BYTES, decodeNearFrameHeader } from './near-frames.js';
import { crc32 } from './checksum.js';
import { readAt } from '../fs/positional-io.js';
import { pathFromBytes } from '../fs/fs-path.js';

export const DEFAULT_CHUNK_BYTES = 8 << 20;
// Large enough for a frame header plus the longest input record, so those never need stitching.
const MIN_CHUNK_BYTES = 128 << 10;

export interface FrameRecord {
  readonly seq: number;
  readonly offset: number;
  readonly length: number;
  readonly count: number;
  readonly path: string;
  readonly digest: string;
  readonly timeMs: number;
}

/** A verified near frame (handed out just before the exact frame it belongs to). */
export interface NearFrameRecord {
  readonly offset: number;
  readonly length: number;
  /** The exact frame's number as written in it (before any renumbering). */
  readonly forSeq: number;
  readonly records: number;
  readonly spec: string;
  readonly signatureBytes: number;
  /** File offset and length of the records, and of their first part (near-frames.ts). */
  readonly bodyAt: number;
  readonly bodyBytes: number;
  readonly fixedBytes: number;
}

export type ScanEnd =
  | { kind: 'clean' }
  /** The last frame is incomplete (a writer was killed mid-append, or is appending right now). */
  | { kind: 'torn'; offset: number; bytes: number; detail: string }
  /** A frame that is all there does not check out: its bytes were changed after they were written. */
  | { kind: 'corrupt'; offset: number; seq: number; detail: string };

export interface ScanResult {
  readonly end: ScanEnd;
  /** Where the last good frame ends: everything before it was verified. */
  readonly validEnd: number;
  readonly frames: number;
  readonly keys: number;
  /** Near frames and records among the frames (whole and committed), and their bytes. */
  readonly nearFrames: number;
  readonly nearRecords: number;
  readonly nearBytes: number;
}

export interface ScanOptions {
  readonly fd: number;
  readonly start: number;
  readonly end: number;
  readonly firstSeq?: number;
  /** Accept any frame number (salvage, which renumbers); normally frames must count up from firstSeq. */
  readonly anySeq?: boolean;
  /** Stop after this many good frames (salvage uses 1 to test a candidate position). */
  readonly maxFrames?: number;
  readonly chunkBytes?: number;
  readonly onFrame?: (frame: FrameRecord) => void;
  /** Called with an input's near frame, just before onFrame for the exact frame that commits it. */
  readonly onNearFrame?: (near: NearFrameRecord) => void;
  /** Views into a reused buffer, valid only during the call. Whole fingerprints, 4 words each.
   *  A frame larger than the read chunk is handed out in pieces before its checksum is known;
   *  if the scan then ends 'corrupt', what was handed out must be discarded. */
  readonly onFingerprints?: (words: Uint32Array) => void;
}

export function scanFrames(options: ScanOptions): ScanResult {
  const { fd, end, onFrame, onFingerprints, onNearFrame } = options;
  const chunk = Math.max(MIN_CHUNK_BYTES, Math.ceil((options.chunkBytes ?? DEFAULT_CHUNK_BYTES) / 16) * 16);
  // allocUnsafeSlow: a buffer of its own, at byte offset 0, so aligned file offsets stay aligned.
  const buf = Buffer.allocUnsafeSlow(Math.min(chunk, Math.max(end - options.start, FRAME_HEADER_BYTES)));
  let bufStart = 0;
  let bufLen = 0;

  const ensure = (at: number, need: number): void => {
    if (at >= bufStart && at + need <= bufStart + bufLen) return;
    const len = Math.min(buf.length, end - at);
    const got = readAt(fd, buf, len, at);
    if (got < need) throw new Error(`index file shrank while being read (offset ${at})`);
    bufStart = at;
    bufLen = got;
  };
  const deliver = (from: number, to: number): void => {
    if (!onFingerprints || to <= from) return;
    onFingerprints(new Uint32Array(buf.buffer, buf.byteOffset + (from - bufStart), (to - from) / 4));
  };

  let pos = options.start;
  let seq = options.firstSeq ?? 0;
  let keys = 0;
  let nearFrames = 0,
    nearRecords = 0,
    nearBytes = 0;
  // A near frame read but not yet committed by the exact frame after it.
  let pending: NearFrameRecord | undefined;
  const done = (scanEnd: ScanEnd): ScanResult => ({
    end: scanEnd,
    validEnd: pending ? pending.offset : pos,
    frames: seq - (options.firstSeq ?? 0),
    keys,
    nearFrames,
    nearRecords,
    nearBytes,
  });
  // The CRC of [from, to), read in chunks (a frame may be larger than the buffer).
  const crcOf = (from: number, to: number): number => {
    let crc = 0;
    for (let at = from; at < to;) {
      ensure(at, Math.min(buf.length, to - at));
      const upTo = Math.min(bufStart + bufLen, to);
      crc = crc32(buf.subarray(at - bufStart, upTo - bufStart), crc);
      at = upTo;
    }
    return crc;
  };

  const maxFrames = options.maxFrames ?? Infinity;
  while (pos < end && seq - (options.firstSeq ?? 0) < maxFrames) {
    const remaining = end - pos;
    if (remaining < FRAME_HEADER_BYTES) {
      return done({ kind: 'torn', offset: pos, bytes: remaining, detail: `only ${remaining} bytes of a frame header` });
    }
    ensure(pos, FRAME_HEADER_BYTES);
    if (buf.readUInt32LE(pos - bufStart) === NEAR_FRAME_MAGIC) {
      const near = decodeNearFrameHeader(buf, pos - bufStart);
      if (near.kind === 'bad') return done({ kind: 'corrupt', offset: pos, seq, detail: near.detail });
      if (pending) return done({ kind: 'corrupt', offset: pos, seq, detail: 'two near frames in a row' });
      const n = near.frame;
      if (n.length > remaining) {
        return done({
          kind: 'torn',
          offset: pos,
          bytes: remaining,
          detail: `${remaining} of the near frame's ${n.length} bytes`,
        });
      }
      const crc = crcOf(pos, pos + n.length - 4);
      ensure(pos + n.length - 4, 4);
      if (crc !== buf.readUInt32LE(pos + n.length - 4 - bufStart))
        return done({ kind: 'corrupt', offset: pos, seq, detail: 'near frame checksum mismatch' });
      ensure(pos + NEAR_HEADER_BYTES, n.specBytes);
      const specAt = pos + NEAR_HEADER_BYTES - bufStart;
      pending = {
        offset: pos,
        length: n.length,
        forSeq: n.forSeq,
        records: n.records,
        spec: buf.toString('utf8', specAt, specAt + n.specBytes),
        signatureBytes: n.signatureBytes,
        bodyAt: pos + NEAR_HEADER_BYTES + n.specBytes,
        bodyBytes: n.bodyBytes,
        fixedBytes: n.fixedBytes,
      };
      pos += n.length;
      continue;
    }
    const decoded = decodeFrameHeader(buf, pos - bufStart);
    if (decoded.kind === 'bad') {
      // A power cut can leave a file longer than what reached the disk, padded with zeros.
      if (allZero(fd, pos, end, buf))
        return done({ kind: 'torn', offset: pos, bytes: remaining, detail: 'a zero-filled tail' });
      return done({ kind: 'corrupt', offset: pos, seq, detail: decoded.detail });
    }
    const frame = decoded.frame;
    if (pending && pending.forSeq !== frame.seq) {
      return done({
        kind: 'corrupt',
        offset: pending.offset,
        seq,
        detail: `a near frame for frame ${pending.forSeq} is followed by frame ${frame.seq}`,
      });
    }
    if (!options.anySeq && frame.seq !== seq >>> 0) {
      return done({
        kind: 'corrupt',
        offset: pos,
        seq,
        detail: `frame numbered ${frame.seq} where ${seq} was expected`,
      });
    }
    if (frame.length > remaining) {
      return done({
        kind: 'torn',
        offset: pos,
        bytes: remaining,
        detail: `${remaining} of the frame's ${frame.length} bytes`,
      });
    }
    const fpStart = pos + FRAME_HEADER_BYTES;
    const fpEnd = fpStart + FINGERPRINT_BYTES * frame.count;
    const crcEnd = pos + frame.length - 4;
    let crc: number;
    let delivered = false;
    if (frame.length <= buf.length) {
      ensure(pos, frame.length);
      crc = crc32(buf.subarray(pos - bufStart, crcEnd - bufStart));
    } else {
      crc = 0;
      delivered = true;
      for (let at = pos; at < crcEnd;) {
        ensure(at, Math.min(buf.length, crcEnd - at));
        const to = Math.min(bufStart + bufLen, crcEnd);
        crc = crc32(buf.subarray(at - bufStart, to - bufStart), crc);
        deliver(Math.max(at, fpStart), Math.min(to, fpEnd));
        at = to;
      }
      ensure(crcEnd, 4);
    }
    if (crc !== buf.readUInt32LE(crcEnd - bufStart)) {
      return done({ kind: 'corrupt', offset: pos, seq, detail: 'frame checksum mismatch' });
    }
    ensure(fpEnd, frame.pathBytes + frame.digestBytes);
    const recordAt = fpEnd - bufStart;
    const record: FrameRecord = {
      seq,
      offset: pos,
      length: frame.length,
      count: frame.count,
      timeMs: frame.timeMs,
      path: pathFromBytes(buf.subarray(recordAt, recordAt + frame.pathBytes)),
      digest: buf.toString('utf8', recordAt + frame.pathBytes, recordAt + frame.pathBytes + frame.digestBytes),
    };
    if (!delivered) deliver(fpStart, fpEnd);
    if (pending) {
      onNearFrame?.(pending);
      nearFrames++;
      nearRecords += pending.records;
      nearBytes += pending.length;
      pending = undefined;
    }
    onFrame?.(record);
    keys += frame.count;
    seq++;
    pos += frame.length;
  }
  if (pending) {
    // Written with its exact frame in one append: without it, that append never completed.
    return done({
      kind: 'torn',
      offset: pending.offset,
      bytes: end - pending.offset,
      detail: 'a near frame without the frame that commits it',
    });
  }
  return done({ kind: 'clean' });
}

function allZero(fd: number, from: number, end: number, buf: Buffer): boolean {
  for (let at = from; at < end;) {
    const got = readAt(fd, buf, Math.min(buf.length, end - at), at);
    if (got === 0) return true;
    for (let i = 0; i < got; i++) if (buf[i] !== 0) return false;
    at += got;
  }
  return true;
}
