// Opening an index: read-only (no lock, no writes, a snapshot of the frames whole at open time) or
// for writing (lock, create if missing, cut a torn tail); the handle it returns is index-handle.ts's.
// It never touches `process`, stdout or stderr: warnings and refusals are returned as values for
// the CLI to print.
import { closeSync, fdatasyncSync, ftruncateSync } from 'node:fs';
import { openSync } from '../fs/lossless-fs.js';
import { endianness } from 'node:os';
import { encodeHeader } from './format.js';
import { writeFileAtomically } from '../fs/atomic-write.js';
import { acquireLock, takeOverWarning, type LockOwner } from './lock.js';
import { inspectFd, ioRefusal, notAFile, type Expectation, type Refusal } from './inspect.js';
import { readerFor, writerFor, type IndexReader, type IndexWriter, type HandleState } from './index-handle.js';

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
    const state: HandleState = {
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
    const tookOver = takeOverWarning(path, lock, options.breakLock === true);
    if (tookOver) warnings.push(tookOver);
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
    const state: HandleState = {
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
