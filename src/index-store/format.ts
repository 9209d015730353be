// The on-disk layout of an index file: the header (identity of the keys) and the frame (one
// committed input). Encoding and decoding only: no file handles, no policy about what a bad
// header or a bad frame means (open-index.ts and scan-frames.ts decide that).
// All integers are little-endian; docs/index-format.md is the prose version of this file.
import { crc32 } from './checksum.js';

/** "DEDUPIDX": the first eight bytes of every index file. */
export const MAGIC = Buffer.from('DEDUPIDX', 'latin1');
export const FORMAT_VERSION = 1;
/** "DFR1" read as a little-endian u32: opens every frame, so a salvage pass can find frames again. */
export const FRAME_MAGIC = 0x31524644;
export const FRAME_HEADER_BYTES = 32;
export const FINGERPRINT_BYTES = 16;
export const WORDS_PER_FINGERPRINT = 4;
/** Header and frames are padded to this, so every fingerprint run is a valid Uint32Array view. */
export const ALIGN = 16;
const HEADER_FIXED_BYTES = 32;
// Bounds that keep a damaged-but-plausible length from making us allocate gigabytes.
export const MAX_PATH_BYTES = 65_535;
export const MAX_DIGEST_BYTES = 1_024;
const MAX_NAME_BYTES = 255;
const MAX_SPEC_BYTES = 65_535;
const MAX_SEEDS = 16;

export interface HashSpec {
  /** A name for the fingerprint function, e.g. `xxh64x2`. */
  readonly algorithm: string;
  /** Fingerprint width; this format stores exactly 128-bit fingerprints. */
  readonly bits: number;
  readonly seeds: readonly bigint[];
}

export interface IndexHeader {
  readonly formatVersion: number;
  readonly hash: HashSpec;
  /** The key spec version string the fingerprints were made with, e.g. `standard/1`. */
  readonly keySpec: string;
  readonly createdMs: number;
  /** Bytes taken by the header, padding included: the first frame starts here. */
  readonly bytes: number;
}

export type HeaderDecode =
  | { kind: 'ok'; header: IndexHeader }
  | { kind: 'need-more'; bytes: number }
  | { kind: 'bad'; reason: 'magic' | 'version' | 'checksum' | 'layout'; detail: string };

export function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

export function encodeHeader(hash: HashSpec, keySpec: string, createdMs: number): Buffer {
  const name = Buffer.from(hash.algorithm, 'utf8');
  const spec = Buffer.from(keySpec, 'utf8');
  if (name.length === 0 || name.length > MAX_NAME_BYTES)
    throw new RangeError(`hash algorithm name must be 1-${MAX_NAME_BYTES} bytes`);
  if (spec.length === 0 || spec.length > MAX_SPEC_BYTES)
    throw new RangeError(`key spec must be 1-${MAX_SPEC_BYTES} bytes`);
  if (hash.seeds.length > MAX_SEEDS) throw new RangeError(`at most ${MAX_SEEDS} seeds`);
  if (hash.bits !== FINGERPRINT_BYTES * 8)
    throw new RangeError(`this format stores ${FINGERPRINT_BYTES * 8}-bit fingerprints, not ${hash.bits}`);
  const bytes = align(HEADER_FIXED_BYTES + 8 * hash.seeds.length + name.length + spec.length + 4);
  const out = Buffer.alloc(bytes);
  MAGIC.copy(out, 0);
  out.writeUInt32LE(FORMAT_VERSION, 8);
  out.writeUInt32LE(bytes, 12);
  out.writeUInt16LE(hash.bits, 16);
  out.writeUInt16LE(hash.seeds.length, 18);
  out.writeUInt8(name.length, 20);
  out.writeUInt16LE(spec.length, 22);
  out.writeBigUInt64LE(BigInt(Math.max(0, Math.trunc(createdMs))), 24);
  let at = HEADER_FIXED_BYTES;
  for (const seed of hash.seeds) {
    out.writeBigUInt64LE(BigInt.asUintN(64, seed), at);
    at += 8;
  }
  at += name.copy(out, at);
  spec.copy(out, at);
  out.writeUInt32LE(crc32(out.subarray(0, bytes - 4)), bytes - 4);
  return out;
}

/** Decodes from the file's first bytes; asks for more when the header is longer than given. */
export function decodeHeader(buf: Buffer): HeaderDecode {
  if (buf.length < HEADER_FIXED_BYTES) {
    if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
      return { kind: 'bad', reason: 'magic', detail: 'the file is too short to be an index' };
    }
    return { kind: 'bad', reason: 'layout', detail: `the header is cut short (${buf.length} bytes)` };
  }
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC))
    return { kind: 'bad', reason: 'magic', detail: 'it does not start with DEDUPIDX' };
  const version = buf.readUInt32LE(8);
  if (version !== FORMAT_VERSION) {
    return {
      kind: 'bad',
      reason: 'version',
      detail: `format version ${version}; this dedupe reads version ${FORMAT_VERSION}`,
    };
  }
  const bytes = buf.readUInt32LE(12);
  const seedCount = buf.readUInt16LE(18);
  const nameLen = buf.readUInt8(20);
  const specLen = buf.readUInt16LE(22);
  const expected = align(HEADER_FIXED_BYTES + 8 * seedCount + nameLen + specLen + 4);
  if (bytes !== expected || seedCount > MAX_SEEDS) {
    return { kind: 'bad', reason: 'layout', detail: `the header length ${bytes} does not match its fields` };
  }
  if (buf.length < bytes) return { kind: 'need-more', bytes };
  if (crc32(buf.subarray(0, bytes - 4)) !== buf.readUInt32LE(bytes - 4)) {
    return { kind: 'bad', reason: 'checksum', detail: 'the header checksum does not match' };
  }
  const seeds: bigint[] = [];
  let at = HEADER_FIXED_BYTES;
  for (let i = 0; i < seedCount; i++) {
    seeds.push(buf.readBigUInt64LE(at));
    at += 8;
  }
  const algorithm = buf.toString('utf8', at, at + nameLen);
  at += nameLen;
  const keySpec = buf.toString('utf8', at, at + specLen);
  return {
    kind: 'ok',
    header: {
      formatVersion: version,
      hash: { algorithm, bits: buf.readUInt16LE(16), seeds },
      keySpec,
      createdMs: Number(buf.readBigUInt64LE(24)),
      bytes,
    },
  };
}

export interface FrameHeader {
  readonly count: number;
  readonly pathBytes: number;
  readonly digestBytes: number;
  readonly timeMs: number;
  readonly seq: number;
  /** Total frame length, padding and trailing checksum included. */
  readonly length: number;
}

export type FrameHeaderDecode = { kind: 'ok'; frame: FrameHeader } | { kind: 'bad'; detail: string };

export function frameLength(count: number, pathBytes: number, digestBytes: number): number {
  return align(FRAME_HEADER_BYTES + FINGERPRINT_BYTES * count + pathBytes + digestBytes + 4);
}

export function encodeFrameHeader(
  out: Buffer,
  count: number,
  pathBytes: number,
  digestBytes: number,
  timeMs: number,
  seq: number,
): void {
  out.writeUInt32LE(FRAME_MAGIC, 0);
  out.writeUInt32LE(count, 4);
  out.writeUInt32LE(pathBytes, 8);
  out.writeUInt32LE(digestBytes, 12);
  out.writeBigUInt64LE(BigInt(Math.max(0, Math.trunc(timeMs))), 16);
  out.writeUInt32LE(seq >>> 0, 24);
  out.writeUInt32LE(crc32(out.subarray(0, 28)), 28);
}

/** `buf` holds at least FRAME_HEADER_BYTES from `at`. The header has its own checksum so that a
 *  damaged count is never mistaken for a frame that runs past the end of the file (a torn frame). */
export function decodeFrameHeader(buf: Buffer, at: number): FrameHeaderDecode {
  if (buf.readUInt32LE(at) !== FRAME_MAGIC) return { kind: 'bad', detail: 'no frame marker' };
  if (crc32(buf.subarray(at, at + 28)) !== buf.readUInt32LE(at + 28))
    return { kind: 'bad', detail: 'frame header checksum mismatch' };
  const count = buf.readUInt32LE(at + 4);
  const pathBytes = buf.readUInt32LE(at + 8);
  const digestBytes = buf.readUInt32LE(at + 12);
  if (pathBytes > MAX_PATH_BYTES || digestBytes > MAX_DIGEST_BYTES)
    return { kind: 'bad', detail: 'input record longer than allowed' };
  return {
    kind: 'ok',
    frame: {
      count,
      pathBytes,
      digestBytes,
      timeMs: Number(buf.readBigUInt64LE(at + 16)),
      seq: buf.readUInt32LE(at + 24),
      length: frameLength(count, pathBytes, digestBytes),
    },
  };
}

export function sameHash(a: HashSpec, b: HashSpec): boolean {
  return (
    a.algorithm === b.algorithm &&
    a.bits === b.bits &&
    a.seeds.length === b.seeds.length &&
    a.seeds.every((s, i) => BigInt.asUintN(64, s) === BigInt.asUintN(64, b.seeds[i]))
  );
}

export function describeHash(hash: HashSpec): string {
  return `${hash.algorithm}/${hash.bits} seeds ${hash.seeds.map((s) => `0x${BigInt.asUintN(64, s).toString(16)}`).join(',')}`;
}
