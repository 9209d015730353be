// The one binary format of scale-out intermediates: a checksummed header, a table with one
// checksummed entry per slice (a shard in map output, an apply group in reduce output), then the
// slices' fixed-size entries. A reader reads only the header, its slice's table entry and that
// slice, and refuses (never skips) anything truncated, damaged or belonging to another plan.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { openSync } from '../fs/lossless-fs.js';
import { crc32 } from '../index-store/index.js';
import { writeFileAtomically } from '../fs/atomic-write.js';
import { describeIoError } from '../input/io-error.js';

const MAGIC = 'DDSLICE1';
const HEADER_BYTES = 64;
const ENTRY_BYTES = 24;

export type SliceKind = 'map-records' | 'drop-list' | 'keep-list';
const KIND_CODE: Record<SliceKind, number> = { 'map-records': 1, 'drop-list': 2, 'keep-list': 3 };

export interface SliceFileInfo {
  readonly kind: SliceKind;
  /** Bytes of one entry of a slice (24 for map records, 8 for drops, 24 for keeps). */
  readonly entryBytes: number;
  /** 16 hex digits. */
  readonly planId: string;
  readonly slices: number;
  /** Which task wrote it (map task, or shard) and which part of its output. */
  readonly owner: number;
  readonly part: number;
}

export function writeSliceFile(path: string, info: SliceFileInfo, slices: readonly Uint8Array[]): void {
  const tableBytes = info.slices * ENTRY_BYTES;
  const head = Buffer.alloc(HEADER_BYTES + tableBytes);
  let offset = head.length;
  for (let s = 0; s < info.slices; s++) {
    const data = slices[s];
    const at = HEADER_BYTES + s * ENTRY_BYTES;
    head.writeBigUInt64LE(BigInt(offset), at);
    head.writeUInt32LE(data.length / info.entryBytes, at + 8);
    head.writeUInt32LE(crc32(data), at + 12);
    head.writeUInt32LE(entryCrc(head, at, s), at + 16);
    offset += data.length;
  }
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(KIND_CODE[info.kind], 8);
  head.writeUInt32LE(info.entryBytes, 12);
  Buffer.from(info.planId, 'hex').copy(head, 16);
  head.writeUInt32LE(info.slices, 24);
  head.writeUInt32LE(info.owner, 28);
  head.writeBigUInt64LE(BigInt(offset), 32);
  head.writeUInt32LE(info.part, 40);
  head.writeUInt32LE(crc32(head.subarray(0, 60)), 60);
  writeFileAtomically(path, [head, ...slices]);
}

// The entry's own checksum covers its slice number too, so entries swapped or zeroed are caught.
function entryCrc(buf: Buffer, at: number, slice: number): number {
  const n = Buffer.alloc(4);
  n.writeUInt32LE(slice, 0);
  return crc32(buf.subarray(at, at + 16), crc32(n));
}

/**
 * damaged: the file is missing, truncated, corrupt or another plan's; rerunning the task that wrote
 * it writes it anew. Otherwise (permission denied, an I/O error) the reader could not read it.
 */
export type SliceRead =
  { kind: 'ok'; data: Buffer; count: number } | { kind: 'error'; message: string; damaged: boolean };

/** Reads slice `slice` of the file, checking everything on the way; `into` lets callers reuse memory. */
export function readSlice(path: string, expect: Omit<SliceFileInfo, 'part'>, slice: number): SliceRead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return { kind: 'error', message: `${path}: ${missing ? 'missing' : describeIoError(error)}`, damaged: missing };
  }
  try {
    const bad = (what: string): SliceRead => ({
      kind: 'error',
      message: `${path}: ${what}; the file is damaged or truncated`,
      damaged: true,
    });
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(HEADER_BYTES);
    if (readFull(fd, head, 0) < HEADER_BYTES) return bad('shorter than its header');
    if (head.toString('latin1', 0, 8) !== MAGIC) return bad('not a dedupe scale-out file');
    if (head.readUInt32LE(60) !== crc32(head.subarray(0, 60))) return bad('header checksum mismatch');
    if (head.readUInt32LE(8) !== KIND_CODE[expect.kind] || head.readUInt32LE(12) !== expect.entryBytes)
      return bad(`not a ${expect.kind} file`);
    const planId = head.subarray(16, 24).toString('hex');
    if (planId !== expect.planId)
      return {
        kind: 'error',
        message: `${path}: belongs to plan ${planId}, not to this plan ${expect.planId}; refusing to mix plans (use a fresh work folder per plan)`,
        damaged: true,
      };
    if (head.readUInt32LE(24) !== expect.slices || head.readUInt32LE(28) !== expect.owner)
      return bad('header does not match the plan (slices or owner)');
    const total = Number(head.readBigUInt64LE(32));
    if (size !== total) return bad(`${size} bytes where its header says ${total}`);
    const entry = Buffer.alloc(ENTRY_BYTES);
    const at = HEADER_BYTES + slice * ENTRY_BYTES;
    if (readFull(fd, entry, at) < ENTRY_BYTES) return bad('table cut short');
    const copy = Buffer.alloc(HEADER_BYTES + (slice + 1) * ENTRY_BYTES);
    entry.copy(copy, at);
    if (entry.readUInt32LE(16) !== entryCrc(copy, at, slice)) return bad(`table entry ${slice} checksum mismatch`);
    const offset = Number(entry.readBigUInt64LE(0));
    const count = entry.readUInt32LE(8);
    const length = count * expect.entryBytes;
    if (offset < HEADER_BYTES + expect.slices * ENTRY_BYTES || offset + length > size)
      return bad(`slice ${slice} lies outside the file`);
    const data = Buffer.allocUnsafe(length);
    if (readFull(fd, data, offset) < length) return bad(`slice ${slice} cut short`);
    if (crc32(data) !== entry.readUInt32LE(12)) return bad(`slice ${slice} checksum mismatch`);
    return { kind: 'ok', data, count };
  } finally {
    closeSync(fd);
  }
}

function readFull(fd: number, buf: Buffer, position: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}
