// Recovery for a damaged index: keeps every frame that still checks out, drops the damaged byte
// ranges (finding the next good frame by its marker and checksums), and renumbers what is kept.
// Runs under the writer lock and replaces the file atomically; it never invents or repairs keys.
import { closeSync, fstatSync } from 'node:fs';
import { openSync } from '../fs/lossless-fs.js';
import { ALIGN, FRAME_HEADER_BYTES, FRAME_MAGIC, align, encodeHeader } from './format.js';
import { NEAR_FRAME_MAGIC } from './near-frames.js';
import { acquireLock, takeOverWarning, type LockOwner } from './lock.js';
import { inspectFd, ioRefusal, notAFile, readHeader, type Refusal } from './inspect.js';
import { scanFrames } from './scan-frames.js';
import { copyFrames, type FrameOutput } from './copy-frames.js';
import { writeFileAtomically } from '../fs/atomic-write.js';
import { readAt } from '../fs/positional-io.js';

export interface SalvageOptions extends LockOwner {
  readonly readChunkBytes?: number;
}

export interface DroppedRange {
  readonly offset: number;
  readonly bytes: number;
  readonly why: 'damaged' | 'incomplete tail';
}

export interface SalvageSummary {
  readonly framesKept: number;
  readonly keysKept: number;
  readonly nearRecordsKept: number;
  readonly dropped: readonly DroppedRange[];
  readonly sizeBytes: number;
  /** A stale lock taken over, said as a run says it. */
  readonly warnings: readonly string[];
}

export type SalvageResult = { kind: 'ok'; summary: SalvageSummary } | Refusal;

export async function salvageIndex(path: string, options: SalvageOptions): Promise<SalvageResult> {
  const special = notAFile(path);
  if (special) return special;
  const locked = acquireLock(path, options);
  if (locked.kind !== 'ok') return locked;
  const tookOver = takeOverWarning(path, locked.lock, false);
  const warnings = tookOver ? [tookOver] : [];
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const header = readHeader(fd, path, size);
    if ('kind' in header) return header;
    const whole = inspectFd(fd, path, { chunkBytes: options.readChunkBytes });
    if (whole.kind === 'ok' && whole.scan.end.kind === 'clean') {
      return {
        kind: 'ok',
        summary: {
          framesKept: whole.scan.frames,
          keysKept: whole.scan.keys,
          nearRecordsKept: whole.scan.nearRecords,
          dropped: [],
          sizeBytes: size,
          warnings,
        },
      };
    }
    const source = fd;
    const dropped: DroppedRange[] = [];
    let out: FrameOutput | undefined;
    writeFileAtomically(path, [encodeHeader(header.hash, header.keySpec, header.createdMs)], (outFd, end) => {
      out = { fd: outFd, end, frames: 0, keys: 0 };
      for (let pos = header.bytes; pos < size;) {
        const copied = copyFrames(
          { fd: source, start: pos, end: size, anySeq: true, chunkBytes: options.readChunkBytes },
          out,
        );
        if (copied.end.kind === 'clean') break;
        if (copied.end.kind === 'torn') {
          dropped.push({ offset: copied.end.offset, bytes: size - copied.end.offset, why: 'incomplete tail' });
          break;
        }
        const next = nextGoodFrame(source, copied.end.offset + ALIGN, size);
        dropped.push({ offset: copied.end.offset, bytes: next - copied.end.offset, why: 'damaged' });
        pos = next;
      }
    });
    const written = out;
    return {
      kind: 'ok',
      summary: {
        framesKept: written?.frames ?? 0,
        keysKept: written?.keys ?? 0,
        nearRecordsKept: written?.nearRecords ?? 0,
        dropped,
        sizeBytes: written?.end ?? 0,
        warnings,
      },
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) return ioRefusal(path, 'salvage', error);
    throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
    locked.lock.release();
  }
}

// Frames start on 16-byte boundaries with a marker; a candidate counts only when its header and
// whole-frame checksums both hold, so a stray marker inside fingerprint bytes is not taken. A near
// frame counts with the exact frame after it (the probe reads both).
function nextGoodFrame(fd: number, from: number, size: number): number {
  const buf = Buffer.allocUnsafeSlow(1 << 20);
  for (let at = align(from); at + FRAME_HEADER_BYTES <= size;) {
    const got = readAt(fd, buf, Math.min(buf.length, size - at), at);
    let i = 0;
    for (; i + FRAME_HEADER_BYTES <= got; i += ALIGN) {
      const magic = buf.readUInt32LE(i);
      if (magic !== FRAME_MAGIC && magic !== NEAR_FRAME_MAGIC) continue;
      const probe = scanFrames({ fd, start: at + i, end: size, anySeq: true, maxFrames: 1 });
      if (probe.frames === 1) return at + i;
    }
    if (i === 0) break;
    at += i;
  }
  return size;
}
