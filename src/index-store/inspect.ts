// Reads an index file without changing it: decodes and checks the header against what the caller
// expects, walks every frame, and collects the input records. Shared by open (read or write),
// stats and merge; it takes no lock, truncates nothing and words every refusal for a person.
import { closeSync, fstatSync } from 'node:fs';
import { openSync, statSync } from '../fs/lossless-fs.js';
import { describeHash, decodeHeader, sameHash, type HashSpec, type IndexHeader } from './format.js';
import { readAt } from '../fs/positional-io.js';
import { scanFrames, type FrameRecord, type NearFrameRecord, type ScanResult } from './scan-frames.js';

/** A near frame with the input record and commit time of the exact frame that committed it. */
export interface NearFrameEntry extends NearFrameRecord {
  readonly path: string;
  readonly timeMs: number;
}

/** What the run's keys are made with; an index made otherwise is refused. */
export interface Expectation {
  readonly keySpec: string;
  readonly hash: HashSpec;
}

export type ErrorReason =
  | 'missing'
  | 'not-an-index'
  | 'unsupported-version'
  | 'hash-mismatch'
  | 'key-spec-mismatch'
  | 'locked'
  | 'io'
  | 'unsupported-platform'
  | 'exists';

export type Refusal =
  | { kind: 'error'; reason: ErrorReason; message: string }
  /** Bytes that were written whole do not check out. `frame` is undefined for the header. */
  | { kind: 'corrupt'; message: string; offset: number; frame: number | undefined; validBytes: number };

export interface Inspection {
  readonly kind: 'ok';
  readonly header: IndexHeader;
  readonly scan: ScanResult;
  /** path -> digest; a path committed again later (edited input) keeps its latest digest. */
  readonly inputs: Map<string, string>;
  readonly updatedMs: number;
  readonly sizeBytes: number;
  readonly records: FrameRecord[] | undefined;
  /** Every committed near frame, in file order. */
  readonly near: NearFrameEntry[];
}

export interface InspectOptions {
  readonly expect?: Expectation;
  readonly chunkBytes?: number;
  readonly keepRecords?: boolean;
}

export function ioRefusal(path: string, what: string, error: unknown): Refusal {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return {
      kind: 'error',
      reason: 'missing',
      message: `index ${path} does not exist (it is created by the first run that writes to it)`,
    };
  }
  return { kind: 'error', reason: 'io', message: `cannot ${what} index ${path}: ${(error as Error).message}` };
}

/**
 * An index is one regular file. A FIFO or device given as one would block its open until a writer
 * came (deaf to Ctrl-C) and could never hold frames: it is refused before anything opens it.
 */
export function notAFile(path: string): Refusal | undefined {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return undefined; // missing or unreadable: the open says which
  }
  if (stats.isFile()) return undefined;
  return {
    kind: 'error',
    reason: 'not-an-index',
    message: `index ${path} is not a regular file (an index is one file on disk)`,
  };
}

/** Opens `path` read-only and inspects it; the descriptor is closed before returning. */
export function inspectPath(path: string, options: InspectOptions = {}): Inspection | Refusal {
  const special = notAFile(path);
  if (special) return special;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return ioRefusal(path, 'open', error);
  }
  try {
    return inspectFd(fd, path, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) return ioRefusal(path, 'read', error);
    throw error;
  } finally {
    closeSync(fd);
  }
}

/** Decodes and checks the header alone (salvage needs it even when frames are damaged). */
export function readHeader(fd: number, path: string, sizeBytes: number): IndexHeader | Refusal {
  let head = Buffer.alloc(Math.min(sizeBytes, 4096));
  readAt(fd, head, head.length, 0);
  let decoded = decodeHeader(head);
  if (decoded.kind === 'need-more' && decoded.bytes <= sizeBytes) {
    head = Buffer.alloc(decoded.bytes);
    readAt(fd, head, head.length, 0);
    decoded = decodeHeader(head);
  }
  if (decoded.kind === 'need-more') decoded = { kind: 'bad', reason: 'layout', detail: 'the header is cut short' };
  if (decoded.kind === 'ok') return decoded.header;
  switch (decoded.reason) {
    case 'magic':
      return { kind: 'error', reason: 'not-an-index', message: `${path} is not a dedupe index: ${decoded.detail}` };
    case 'version':
      return {
        kind: 'error',
        reason: 'unsupported-version',
        message: `index ${path} has ${decoded.detail}; use the dedupe that wrote it, or rebuild the index`,
      };
    default:
      return {
        kind: 'corrupt',
        offset: 0,
        frame: undefined,
        validBytes: 0,
        message: `index ${path} is damaged: ${decoded.detail}. Nothing in it can be trusted; restore it from a backup or rebuild it from your inputs.`,
      };
  }
}

export function inspectFd(fd: number, path: string, options: InspectOptions): Inspection | Refusal {
  const sizeBytes = fstatSync(fd).size;
  const header = readHeader(fd, path, sizeBytes);
  if ('kind' in header) return header;
  const expect = options.expect;
  if (expect && !sameHash(header.hash, expect.hash)) {
    return {
      kind: 'error',
      reason: 'hash-mismatch',
      message:
        `index ${path} holds fingerprints made with ${describeHash(header.hash)}, but this run makes ${describeHash(expect.hash)}; ` +
        'they cannot be compared. Use the dedupe version that built the index, or build a new index.',
    };
  }
  if (expect && header.keySpec !== expect.keySpec) {
    return {
      kind: 'error',
      reason: 'key-spec-mismatch',
      message:
        `index ${path} was built with key spec '${header.keySpec}', but this run uses key spec '${expect.keySpec}'. ` +
        'Keys normalized differently cannot be compared, so the index was not used. Either run with the key options ' +
        `that give '${header.keySpec}', or rebuild for '${expect.keySpec}': use a new index path, or move ${path} aside ` +
        'and run over all the inputs it covered again with the new key options.',
    };
  }
  const inputs = new Map<string, string>();
  const records: FrameRecord[] | undefined = options.keepRecords ? [] : undefined;
  let updatedMs = header.createdMs;
  const near: NearFrameEntry[] = [];
  let nearPending: NearFrameRecord | undefined;
  const scan = scanFrames({
    fd,
    start: header.bytes,
    end: sizeBytes,
    chunkBytes: options.chunkBytes,
    onNearFrame(record) {
      nearPending = record;
    },
    onFrame(record) {
      if (nearPending) near.push({ ...nearPending, path: record.path, timeMs: record.timeMs });
      nearPending = undefined;
      inputs.set(record.path, record.digest);
      // The latest commit; never before creation, whatever clocks the merged indexes' machines had.
      updatedMs = Math.max(updatedMs, record.timeMs);
      records?.push(record);
    },
  });
  if (scan.end.kind === 'corrupt') {
    const { offset, seq, detail } = scan.end;
    return {
      kind: 'corrupt',
      offset,
      frame: seq,
      validBytes: scan.validEnd,
      message:
        `index ${path} is damaged: frame #${seq} at byte ${offset} is complete but does not check out (${detail}). ` +
        `Its keys cannot be trusted, so the index was not used; the ${scan.frames} frames before it (${scan.keys} keys) are intact. ` +
        'Restore the index from a backup, rebuild it from your inputs, or salvage it with `dedupe index salvage` (keeps every intact frame and drops ' +
        'the damaged ones, so paragraphs only they held may be let through once more).',
    };
  }
  return { kind: 'ok', header, scan, inputs, updatedMs, sizeBytes, records, near };
}
