// Opening an index: read-only (no lock, no writes, a snapshot of the frames whole at open time) or
// for writing (lock, create if missing, cut a torn tail), and the handle that loads fingerprints
// and appends one frame per committed input. It never touches `process`, stdout or stderr:
// warnings and refusals are returned as values for the CLI to print.
import { closeSync, fdatasyncSync, ftruncateSync } from 'node:fs';
import { openSync } from '../fs/lossless-fs.js';
import { endianness } from 'node:os';
import { encodeHeader, type IndexHeader } from './format.js';
import { appendDurably, encodeFrame, type InputRecord } from './append.js';
import { writeFileAtomically } from '../fs/atomic-write.js';
import { acquireLock, type HeldLock, type LockOwner } from './lock.js';
import { inspectFd, ioRefusal, notAFile, type Expectation, type NearFrameEntry, type Refusal } from './inspect.js';
import { NEAR_HEADER_BYTES, encodeNearFrame } from './near-frames.js';
import { readAt } from '../fs/positional-io.js';
import { scanFrames } from './scan-frames.js';

interface CommonOptions {
  readonly expect: Expectation;
  /** Read size while loading; the default (8 MiB) is right outside tests and benchmarks. */
  readonly readChunkBytes?: number;
}

export interface ReadonlyOpenOptions extends CommonOptions {
  readonly mode: 'readonly';
}

export interface WriteOpenOptions extends CommonOptions, LockOwner {
  readonly mode: 'write';
  /** Commit times for new frames, in ms since the epoch (default Date.now). */
  readonly clock?: () => number;
}

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

export type OpenResult<Handle> = { kind: 'ok'; index: Handle; created: boolean; warnings: string[] } | Refusal;

export function openIndex(path: string, options: ReadonlyOpenOptions): Promise<OpenResult<IndexReader>>;
export function openIndex(path: string, options: WriteOpenOptions): Promise<OpenResult<IndexWriter>>;
export async function openIndex(
  path: string,
  options: ReadonlyOpenOptions | WriteOpenOptions,
): Promise<OpenResult<IndexReader | IndexWriter>> {
  // Fingerprints go to and from disk as the caller's Uint32Array bytes; the format is little-endian.
  if (endianness() !== 'LE') {
    return {
      kind: 'error',
      reason: 'unsupported-platform',
      message: 'the index format is little-endian and this machine is not',
    };
  }
  const special = notAFile(path);
  if (special) return special;
  return options.mode === 'readonly' ? openReadonly(path, options) : openForWrite(path, options);
}

function openReadonly(path: string, options: ReadonlyOpenOptions): OpenResult<IndexReader> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return ioRefusal(path, 'open', error);
  }
  try {
    const seen = inspectFd(fd, path, { expect: options.expect, chunkBytes: options.readChunkBytes });
    if (seen.kind !== 'ok') {
      closeSync(fd);
      return seen;
    }
    const warnings: string[] = [];
    if (seen.scan.end.kind === 'torn') {
      warnings.push(
        `index ${path}: ignored an incomplete last frame (${seen.scan.end.detail}, at byte ${seen.scan.end.offset}); ` +
          'a run is appending to it now, or was interrupted (the next run that writes to it cuts it off)',
      );
    }
    const state: State = {
      fd,
      end: seen.scan.validEnd,
      keys: seen.scan.keys,
      frames: seen.scan.frames,
      inputs: seen.inputs,
      near: seen.near,
      closed: false,
    };
    return { kind: 'ok', index: readerFor(path, seen.header, state, options.readChunkBytes), created: false, warnings };
  } catch (error) {
    closeSync(fd);
    if ((error as NodeJS.ErrnoException).code) return ioRefusal(path, 'read', error);
    throw error;
  }
}

function openForWrite(path: string, options: WriteOpenOptions): OpenResult<IndexWriter> {
  const clock = options.clock ?? Date.now;
  const locked = acquireLock(path, options);
  if (locked.kind !== 'ok') return locked;
  const lock = locked.lock;
  let fd: number | undefined;
  try {
    let created = false;
    try {
      fd = openSync(path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      writeFileAtomically(path, [encodeHeader(options.expect.hash, options.expect.keySpec, clock())]);
      created = true;
      fd = openSync(path, 'r+');
    }
    const seen = inspectFd(fd, path, { expect: options.expect, chunkBytes: options.readChunkBytes });
    if (seen.kind !== 'ok') {
      closeSync(fd);
      lock.release();
      return seen;
    }
    const warnings: string[] = [];
    if (lock.tookOverFrom !== undefined) {
      warnings.push(
        options.breakLock
          ? `index ${path}: broke the lock held by pid ${lock.tookOverFrom} (--break-lock)`
          : `index ${path}: took over the lock left by pid ${lock.tookOverFrom}, which is no longer running`,
      );
    }
    if (seen.scan.end.kind === 'torn') {
      // Never acknowledged (its fdatasync did not return), so nothing depends on it: the input it
      // was for is not in committedInputs() and will be processed again.
      ftruncateSync(fd, seen.scan.validEnd);
      fdatasyncSync(fd);
      warnings.push(
        `index ${path}: cut off an incomplete last frame (${seen.scan.end.detail}, at byte ${seen.scan.end.offset}), ` +
          'left by an interrupted run; the input it was for is not marked as done',
      );
    }
    const state: State = {
      fd,
      end: seen.scan.validEnd,
      keys: seen.scan.keys,
      frames: seen.scan.frames,
      inputs: seen.inputs,
      near: seen.near,
      closed: false,
    };
    return {
      kind: 'ok',
      index: writerFor(path, seen.header, state, lock, clock, options.readChunkBytes),
      created,
      warnings,
    };
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    lock.release();
    if ((error as NodeJS.ErrnoException).code) return ioRefusal(path, 'open', error);
    throw error;
  }
}

interface State {
  fd: number;
  end: number;
  keys: number;
  frames: number;
  inputs: Map<string, string>;
  near: NearFrameEntry[];
  closed: boolean;
}

function readerFor(
  path: string,
  header: IndexHeader,
  state: State,
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

function writerFor(
  path: string,
  header: IndexHeader,
  state: State,
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
