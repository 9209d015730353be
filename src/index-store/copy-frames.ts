// Streams the frames of one source range into an output file being built (merge, salvage): each
// frame keeps its input record and commit time, is renumbered, and may be thinned to fingerprints
// a FingerprintSet has not seen; an input's near frame goes with it, renumbered, its records kept
// as they are (merge does not thin them: two copies of a record only match the same paragraphs). No fsync here: the builder syncs once, then renames.
import { encodeFrame } from './append.js';
import { writeAllAt } from '../fs/positional-io.js';
import { readAt } from '../fs/positional-io.js';
import { renumberNearFrame } from './near-frames.js';
import { scanFrames, type NearFrameRecord, type ScanResult } from './scan-frames.js';
import type { FingerprintSet } from './fingerprint-set.js';

export interface FrameOutput {
  readonly fd: number;
  end: number;
  frames: number;
  keys: number;
  nearRecords?: number;
}

export interface CopyOptions {
  readonly fd: number;
  readonly start: number;
  readonly end: number;
  readonly chunkBytes?: number;
  readonly anySeq?: boolean;
  readonly maxFrames?: number;
  /** When given, only fingerprints new to this set are copied. */
  readonly unique?: FingerprintSet;
}

export function copyFrames(source: CopyOptions, out: FrameOutput): ScanResult {
  let pending = new Uint32Array(4096);
  let used = 0;
  let near: NearFrameRecord | undefined;
  return scanFrames({
    fd: source.fd,
    start: source.start,
    end: source.end,
    chunkBytes: source.chunkBytes,
    anySeq: source.anySeq,
    maxFrames: source.maxFrames,
    onFingerprints(words) {
      if (used + words.length > pending.length) {
        let size = pending.length * 2;
        while (size < used + words.length) size *= 2;
        const bigger = new Uint32Array(size);
        bigger.set(pending.subarray(0, used));
        pending = bigger;
      }
      const unique = source.unique;
      if (!unique) {
        pending.set(words, used);
        used += words.length;
        return;
      }
      for (let i = 0; i < words.length; i += 4) {
        if (unique.add(words, i)) {
          pending[used] = words[i];
          pending[used + 1] = words[i + 1];
          pending[used + 2] = words[i + 2];
          pending[used + 3] = words[i + 3];
          used += 4;
        }
      }
    },
    onNearFrame(record) {
      near = record;
    },
    onFrame(record) {
      if (near) {
        const bytes = Buffer.allocUnsafe(near.length);
        if (readAt(source.fd, bytes, near.length, near.offset) !== near.length)
          throw new Error('index shrank while copied');
        renumberNearFrame(bytes, out.frames);
        writeAllAt(out.fd, [bytes], out.end);
        out.end += bytes.length;
        out.nearRecords = (out.nearRecords ?? 0) + near.records;
        near = undefined;
      }
      const frame = encodeFrame(pending.subarray(0, used), record, record.timeMs, out.frames);
      writeAllAt(out.fd, frame.parts, out.end);
      out.end += frame.length;
      out.frames++;
      out.keys += used / 4;
      used = 0;
    },
  });
}
