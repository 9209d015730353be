// An open index as its users hold it: the reader (load fingerprints, committed inputs, near frames,
// positional reads below the verified end) and the writer that appends frames, each input's near
// frame just before its exact frame, under one fdatasync per call. Opening, locking and repairing
// a file is open-index.ts's.
import { closeSync } from 'node:fs';
import type { IndexHeader } from './format.js';
import { appendDurably, encodeFrame, type InputRecord } from './append.js';
import type { HeldLock } from './lock.js';
import type { NearFrameEntry } from './inspect.js';
import { NEAR_HEADER_BYTES, encodeNearFrame } from './near-frames.js';
import { readAt } from '../fs/positional-io.js';
import { scanFrames } from './scan-frames.js';

export interface IndexReader {
  readonly path: string;
  readonly header: IndexHeader;
  /** Fingerprints stored (the CLI appends only claimed-new ones, so these are distinct keys). */
  readonly keys: number;
  readonly frames: number;
  /** Calls back with runs of whole fingerprints (4 words each) as views into a reused read buffer:
   *  insert them before returning, do not keep the view. Synchronous, big sequential reads. */
  forEachFingerprintBatch(callback: (words: Uint32Array) => void): void;
  /** path -> content digest of every committed input (latest commit wins). A fresh copy. */
  committedInputs(): Map<string, string>;
  /** The near frames committed (at open time, then by this handle), in file order. */
  nearFrames(): readonly NearFrameEntry[];
  /** Reads `length` bytes at a file offset below the verified end into `into`; returns how many. */
  readBytes(into: Uint8Array, length: number, offset: number): number;
  close(): Promise<void>;
}

/** One input's near records, appended as a near frame just before its exact frame. */
export interface NearAppend {
  readonly spec: string;
  readonly records: number;
  readonly signatureBytes: number;
  readonly body: Uint8Array;
  readonly fixedBytes: number;
}

/** One input's frame for appendFrames: its new fingerprints, its record and its near records, if any. */
export interface FrameAppend {
  readonly fingerprints: Uint32Array;
  readonly input: InputRecord;
  readonly near?: NearAppend;
}

export interface IndexWriter extends IndexReader {
  /** One input's new fingerprints and its record, as one frame; durable (fdatasync) when it
   *  resolves. Rejects when the frame is not committed; the handle then refuses further appends. */
  appendFrame(fingerprints: Uint32Array, input: InputRecord, near?: NearAppend): Promise<void>;
  /** Several inputs' frames (each with its near frame, if any), in order, made durable by one fdatasync: all committed or none. */
  appendFrames(frames: readonly FrameAppend[]): Promise<void>;
}

/** What a handle knows of its file: the verified end, its counts and the committed inputs. */
export interface HandleState {
  fd: number;
  end: number;
  keys: number;
  frames: number;
  inputs: Map<string, string>;
  near: NearFrameEntry[];
  closed: boolean;
}

export function readerFor(
  path: string,
  header: IndexHeader,
  state: HandleState,
  chunkBytes: number | undefined,
  onClose?: () => void,
): IndexReader {
  return {
    path,
    header,
    get keys() {
      return state.keys;
    },
    get frames() {
      return state.frames;
    },
    forEachFingerprintBatch(callback) {
      if (state.closed) throw new Error(`index ${path} is closed`);
      const scan = scanFrames({
        fd: state.fd,
        start: header.bytes,
        end: state.end,
        chunkBytes,
        onFingerprints: callback,
      });
      // Every byte below `end` was verified at open (or written by us): a change means someone
      // outside the protocol rewrote the file, and what was loaded must not be trusted.
      if (scan.end.kind !== 'clean')
        throw new Error(`index ${path} changed while it was open (${scan.end.kind} at byte ${scan.end.offset})`);
    },
    committedInputs() {
      return new Map(state.inputs);
    },
    nearFrames: () => state.near,
    readBytes(into, length, offset) {
      if (state.closed) throw new Error(`index ${path} is closed`);
      return readAt(state.fd, into, Math.max(0, Math.min(length, state.end - offset)), offset);
    },
    async close() {
      if (state.closed) return;
      state.closed = true;
      closeSync(state.fd);
      onClose?.();
    },
  };
}

export function writerFor(
  path: string,
  header: IndexHeader,
  state: HandleState,
  lock: HeldLock,
  clock: () => number,
  chunkBytes: number | undefined,
): IndexWriter {
  let broken: string | undefined;
  const reader = readerFor(path, header, state, chunkBytes, () => lock.release());
  return {
    ...reader,
    get keys() {
      return state.keys;
    },
    get frames() {
      return state.frames;
    },
    appendFrames,
    appendFrame: (fingerprints, input, near) => appendFrames([{ fingerprints, input, near }]),
  };

  async function appendFrames(list: readonly FrameAppend[]): Promise<void> {
    if (state.closed) throw new Error(`index ${path} is closed`);
    if (broken) throw new Error(`index ${path} refuses appends: ${broken}`);
    if (list.length === 0) return;
    const timeMs = clock();
    // Each input's near frame goes just before its exact frame, in the same write and the same
    // fdatasync: a reader accepts it only when the exact frame after it is whole, so the pair
    // commits or is cut off together. Each frame carries its own checksum, so frames written
    // together are cut back together.
    const encoded = list.map(({ fingerprints, input, near }, i) => {
      const exact = encodeFrame(fingerprints, input, timeMs, state.frames + i);
      const nearFrame =
        near && near.records > 0
          ? encodeNearFrame(state.frames + i, near.spec, near.records, near.signatureBytes, near.body, near.fixedBytes)
          : undefined;
      return { exact, nearFrame };
    });
    const parts = encoded.flatMap(({ exact, nearFrame }) => (nearFrame ? [nearFrame, ...exact.parts] : exact.parts));
    const length = encoded.reduce((sum, f) => sum + f.exact.length + (f.nearFrame?.length ?? 0), 0);
    if (!lock.stillHeld()) {
      broken = `its lock file ${lock.path} was removed or taken by another run`;
      throw new Error(`index ${path} refuses appends: ${broken}`);
    }
    const outcome = appendDurably(state.fd, state.end, { parts, length });
    if (outcome.kind === 'failed') {
      broken = outcome.dirty ? 'an append failed half-way (the next open repairs the file)' : 'an append failed';
      const what = list.length === 1 ? `the frame for ${list[0].input.path} was` : `${list.length} frames were`;
      throw new Error(`index ${path}: ${what} not committed: ${(outcome.error as Error).message}`, {
        cause: outcome.error,
      });
    }
    list.forEach(({ fingerprints, input, near }, i) => {
      const { exact, nearFrame } = encoded[i];
      if (nearFrame && near) {
        const spec = Buffer.byteLength(near.spec);
        state.near.push({
          offset: state.end,
          length: nearFrame.length,
          forSeq: state.frames,
          records: near.records,
          spec: near.spec,
          signatureBytes: near.signatureBytes,
          bodyAt: state.end + NEAR_HEADER_BYTES + spec,
          bodyBytes: near.body.length,
          fixedBytes: near.fixedBytes,
          path: input.path,
          timeMs,
        });
        state.end += nearFrame.length;
      }
      state.end += exact.length;
      state.keys += fingerprints.length / 4;
      state.frames++;
      state.inputs.set(input.path, input.digest);
    });
  }
}
