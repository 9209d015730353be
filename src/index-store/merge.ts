// Combines indexes built separately into one: same key spec and hash required, fingerprints
// united without repeats, every input record kept (in argument order, with its commit time).
// The output appears atomically (temporary file, fsync, rename) under the output's writer lock;
// the inputs are only read, as snapshots, and are never locked or changed.
import { closeSync } from 'node:fs';
import { existsSync, openSync, statSync } from '../fs/lossless-fs.js';
import { resolve } from 'node:path';
import { encodeHeader, describeHash, sameHash, type IndexHeader } from './format.js';
import { acquireLock, takeOverWarning, type LockOwner } from './lock.js';
import { writeFileAtomically } from '../fs/atomic-write.js';
import { inspectPath, ioRefusal, type Inspection, type Refusal } from './inspect.js';
import { createFingerprintSet } from './fingerprint-set.js';
import { copyFrames, type FrameOutput } from './copy-frames.js';
import { placeOf } from '../output/write-place.js';

export interface MergeOptions extends LockOwner {
  /** Allow replacing an existing output that is not one of the inputs. */
  readonly replace?: boolean;
  readonly readChunkBytes?: number;
}

export interface MergeSummary {
  readonly inputs: number;
  readonly frames: number;
  /** Fingerprints read from the inputs, and written (the distinct ones). */
  readonly keysIn: number;
  readonly keysOut: number;
  /** Near records copied (every intact one: merge does not thin them). */
  readonly nearRecords: number;
  readonly sizeBytes: number;
  readonly keySpec: string;
}

export type MergeResult = { kind: 'ok'; summary: MergeSummary; warnings: string[] } | Refusal;

export async function mergeIndexes(
  inputs: readonly string[],
  output: string,
  options: MergeOptions,
): Promise<MergeResult> {
  if (inputs.length === 0) return { kind: 'error', reason: 'missing', message: 'merge needs at least one input index' };
  const seen: { path: string; inspection: Inspection }[] = [];
  const warnings: string[] = [];
  const files = new Map<string, string>();
  for (const path of inputs) {
    const inspection = inspectPath(path, { chunkBytes: options.readChunkBytes });
    if (inspection.kind !== 'ok') return inspection;
    // The same index twice (by two names, or a link) would copy every one of its frames twice.
    const stats = statSync(path);
    const file = `${stats.dev}:${stats.ino}`;
    const earlier = files.get(file);
    if (earlier !== undefined)
      return {
        kind: 'error',
        reason: 'not-an-index',
        message: `an input index is given twice (${earlier} and ${path} are one file); name each one once`,
      };
    files.set(file, path);
    const first = seen[0];
    if (first) {
      const refusal = incompatible(first.path, first.inspection.header, path, inspection.header);
      if (refusal) return refusal;
    }
    if (inspection.scan.end.kind === 'torn') {
      warnings.push(
        `index ${path}: left out its incomplete last frame (${inspection.scan.end.detail}); a run may be appending to it`,
      );
    }
    seen.push({ path, inspection });
  }
  // Written through a link to the file it names, as -o is; a device, FIFO or folder is never
  // replaced, --force or not: a merged index is one regular file.
  let target: string;
  try {
    const place = placeOf(output);
    if (place.kind === 'stream')
      return {
        kind: 'error',
        reason: 'not-an-index',
        message: 'is a special file (device, FIFO or socket); a merged index is one regular file',
      };
    target = place.path;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EISDIR')
      return { kind: 'error', reason: 'not-an-index', message: 'is a folder; a merged index is one regular file' };
    return ioRefusal(output, 'open', error);
  }
  const isInput = inputs.some((path) => resolve(path) === resolve(output) || resolve(path) === target);
  if (!isInput && !options.replace && existsSync(output)) {
    return {
      kind: 'error',
      reason: 'exists',
      message: 'already exists and is not one of the inputs; choose a new output path, or give --force to replace it',
    };
  }

  const locked = acquireLock(output, options);
  if (locked.kind !== 'ok') return locked;
  const tookOver = takeOverWarning(output, locked.lock, false);
  if (tookOver) warnings.push(tookOver);
  try {
    const header = seen[0].inspection.header;
    const totalKeys = seen.reduce((sum, s) => sum + s.inspection.scan.keys, 0);
    const unique = createFingerprintSet(totalKeys);
    let out: FrameOutput | undefined;
    // Created when the oldest input was: the frames keep their commit times, so a merge-time
    // creation would come after the last update.
    const createdMs = Math.min(...seen.map((s) => s.inspection.header.createdMs));
    writeFileAtomically(target, [encodeHeader(header.hash, header.keySpec, createdMs)], (fd, end) => {
      out = { fd, end, frames: 0, keys: 0 };
      for (const { path, inspection } of seen) {
        const fd2 = openSync(path, 'r');
        try {
          const copied = copyFrames(
            {
              fd: fd2,
              start: inspection.header.bytes,
              end: inspection.scan.validEnd,
              chunkBytes: options.readChunkBytes,
              unique,
            },
            out,
          );
          if (copied.end.kind !== 'clean')
            throw new Error(`index ${path} changed during the merge (${copied.end.kind} at byte ${copied.end.offset})`);
        } finally {
          closeSync(fd2);
        }
      }
    });
    const written = out;
    return {
      kind: 'ok',
      warnings,
      summary: {
        inputs: inputs.length,
        frames: written?.frames ?? 0,
        keysIn: totalKeys,
        keysOut: written?.keys ?? 0,
        nearRecords: written?.nearRecords ?? 0,
        sizeBytes: written?.end ?? 0,
        keySpec: header.keySpec,
      },
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) return ioRefusal(output, 'write', error);
    throw error;
  } finally {
    locked.lock.release();
  }
}

function incompatible(aPath: string, a: IndexHeader, bPath: string, b: IndexHeader): Refusal | undefined {
  if (a.keySpec !== b.keySpec) {
    return {
      kind: 'error',
      reason: 'key-spec-mismatch',
      message:
        `cannot merge: ${aPath} was built with key spec '${a.keySpec}' and ${bPath} with '${b.keySpec}'; ` +
        "their keys cannot be compared. Rebuild one of them with the other's key options, then merge.",
    };
  }
  if (!sameHash(a.hash, b.hash)) {
    return {
      kind: 'error',
      reason: 'hash-mismatch',
      message: `cannot merge: ${aPath} uses ${describeHash(a.hash)} and ${bPath} uses ${describeHash(b.hash)}`,
    };
  }
  return undefined;
}
