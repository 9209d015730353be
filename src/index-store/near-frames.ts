// The near frame: one input's records for near matching across runs (per kept long paragraph its
// LSH signature, key hash, line and compressed key), written just before the exact frame that
// commits the same input and valid only when that frame follows. Encoding, decoding and record
// parsing only: what a record means and how keys are compressed belong to src/near.
import { crc32 } from './checksum.js';
import { align } from './format.js';

/** "DNR1" read as a little-endian u32: a near frame's marker, next to the exact frames' "DFR1". */
export const NEAR_FRAME_MAGIC = 0x31524e44;
export const NEAR_HEADER_BYTES = 32;
const MAX_SPEC_BYTES = 1_024;

/** The header of a near frame, as decoded (its trailing checksum is checked by the scanner). */
export interface NearFrameHeader {
  /** The number (seq) of the exact frame that follows it and commits the same input. */
  readonly forSeq: number;
  readonly records: number;
  readonly specBytes: number;
  readonly bodyBytes: number;
  /** Signature bytes per record. */
  readonly signatureBytes: number;
  /** Bytes of the body's first part (signatures, hashes, lines, lengths); the keys follow it. */
  readonly fixedBytes: number;
  /** Total frame length, padding and trailing checksum included. */
  readonly length: number;
}

export type NearHeaderDecode = { kind: 'ok'; frame: NearFrameHeader } | { kind: 'bad'; detail: string };

export function nearFrameLength(specBytes: number, bodyBytes: number): number {
  return align(NEAR_HEADER_BYTES + specBytes + bodyBytes + 4);
}

/**
 * One near frame: `spec` says how the records were made (score, DF table, LSH shape, key spec,
 * key dictionary) so a reader made otherwise can leave them aside; `body` is the records.
 */
export function encodeNearFrame(
  forSeq: number,
  spec: string,
  records: number,
  signatureBytes: number,
  body: Uint8Array,
  fixedBytes: number,
): Uint8Array {
  const specBuf = Buffer.from(spec, 'utf8');
  if (specBuf.length > MAX_SPEC_BYTES) throw new RangeError(`near spec longer than ${MAX_SPEC_BYTES} bytes`);
  const length = nearFrameLength(specBuf.length, body.length);
  const out = Buffer.alloc(length);
  out.writeUInt32LE(NEAR_FRAME_MAGIC, 0);
  out.writeUInt32LE(forSeq >>> 0, 4);
  out.writeUInt32LE(records, 8);
  out.writeUInt32LE(specBuf.length, 12);
  out.writeUInt32LE(body.length, 16);
  out.writeUInt32LE(signatureBytes, 20);
  out.writeUInt32LE(fixedBytes, 24);
  out.writeUInt32LE(crc32(out.subarray(0, 28)), 28);
  specBuf.copy(out, NEAR_HEADER_BYTES);
  out.set(body, NEAR_HEADER_BYTES + specBuf.length);
  out.writeUInt32LE(crc32(out.subarray(0, length - 4)), length - 4);
  return out;
}

/** The same frame committing another exact frame number (merge and salvage renumber frames). */
export function renumberNearFrame(frame: Buffer, forSeq: number): void {
  frame.writeUInt32LE(forSeq >>> 0, 4);
  frame.writeUInt32LE(crc32(frame.subarray(0, 28)), 28);
  frame.writeUInt32LE(crc32(frame.subarray(0, frame.length - 4)), frame.length - 4);
}

/** `buf` holds at least NEAR_HEADER_BYTES from `at`, which starts with NEAR_FRAME_MAGIC. */
export function decodeNearFrameHeader(buf: Buffer, at: number): NearHeaderDecode {
  if (crc32(buf.subarray(at, at + 28)) !== buf.readUInt32LE(at + 28))
    return { kind: 'bad', detail: 'near frame header checksum mismatch' };
  const specBytes = buf.readUInt32LE(at + 12);
  const bodyBytes = buf.readUInt32LE(at + 16);
  if (specBytes > MAX_SPEC_BYTES) return { kind: 'bad', detail: 'near spec longer than allowed' };
  if (buf.readUInt32LE(at + 24) > bodyBytes) return { kind: 'bad', detail: 'near frame parts longer than its body' };
  return {
    kind: 'ok',
    frame: {
      forSeq: buf.readUInt32LE(at + 4),
      records: buf.readUInt32LE(at + 8),
      specBytes,
      bodyBytes,
      signatureBytes: buf.readUInt32LE(at + 20),
      fixedBytes: buf.readUInt32LE(at + 24),
      length: nearFrameLength(specBytes, bodyBytes),
    },
  };
}

/**
 * The body has two parts. First, per record: the signature, the key hash (u32), then varints of
 * the line, the key's byte length and the compressed key's byte length. Then, per record in the same order: a varint of the
 * compressed key's length and the compressed key. Loading reads the first part only; a key is read
 * when a candidate needs it.
 */
export interface NearRecordWriter {
  add(signature: Uint8Array, keyHash: number, line: number, keyBytes: number, packed: Uint8Array): void;
  readonly records: number;
  /** The records so far and a reset for the next input. */
  take(): { records: number; body: Uint8Array; fixedBytes: number };
}

function growable(): { bytes: Uint8Array; used: number; room(n: number): void; varint(v: number): void } {
  const g = {
    bytes: new Uint8Array(1 << 12),
    used: 0,
    room(n: number): void {
      if (g.used + n <= g.bytes.length) return;
      const bigger = new Uint8Array(Math.max(g.bytes.length * 2, g.used + n));
      bigger.set(g.bytes.subarray(0, g.used));
      g.bytes = bigger;
    },
    varint(v: number): void {
      while (v >= 0x80) {
        g.bytes[g.used++] = (v & 0x7f) | 0x80;
        v = Math.floor(v / 128);
      }
      g.bytes[g.used++] = v;
    },
  };
  return g;
}

export function createNearRecordWriter(): NearRecordWriter {
  const fixed = growable();
  const keys = growable();
  let records = 0;
  return {
    get records() {
      return records;
    },
    add(signature, keyHash, line, keyBytes, packed) {
      fixed.room(signature.length + 4 + 10);
      fixed.bytes.set(signature, fixed.used);
      fixed.used += signature.length;
      const b = fixed.bytes;
      b[fixed.used++] = keyHash & 0xff;
      b[fixed.used++] = (keyHash >>> 8) & 0xff;
      b[fixed.used++] = (keyHash >>> 16) & 0xff;
      b[fixed.used++] = keyHash >>> 24;
      fixed.varint(line);
      fixed.varint(keyBytes);
      fixed.varint(packed.length);
      keys.room(5 + packed.length);
      keys.varint(packed.length);
      keys.bytes.set(packed, keys.used);
      keys.used += packed.length;
      records++;
    },
    take() {
      const body = new Uint8Array(fixed.used + keys.used);
      body.set(fixed.bytes.subarray(0, fixed.used));
      body.set(keys.bytes.subarray(0, keys.used), fixed.used);
      const taken = { records, body, fixedBytes: fixed.used };
      fixed.used = keys.used = 0;
      records = 0;
      return taken;
    },
  };
}

/** One record of the first part; `keyAt` is where its key's length varint starts, in the second part. */
export interface NearRecordView {
  signatureAt: number;
  keyHash: number;
  line: number;
  keyBytes: number;
  keyAt: number;
}

/** Walks the first part of a body (`fixed`); the view is reused between calls. Throws on a record cut short. */
export function forEachNearRecord(
  fixed: Uint8Array,
  signatureBytes: number,
  visit: (record: NearRecordView) => void,
): void {
  const r: NearRecordView = { signatureAt: 0, keyHash: 0, line: 0, keyBytes: 0, keyAt: 0 };
  let at = 0;
  let keyAt = 0;
  const varint = (): number => {
    let v = 0,
      scale = 1,
      b = 0x80;
    while (b & 0x80) {
      if (at >= fixed.length) throw new RangeError('a near record runs past its frame');
      b = fixed[at++];
      v += (b & 0x7f) * scale;
      scale *= 128;
    }
    return v;
  };
  while (at < fixed.length) {
    r.signatureAt = at;
    at += signatureBytes;
    r.keyHash = (fixed[at] | (fixed[at + 1] << 8) | (fixed[at + 2] << 16) | (fixed[at + 3] << 24)) >>> 0;
    at += 4;
    r.line = varint();
    r.keyBytes = varint();
    const packed = varint();
    r.keyAt = keyAt;
    keyAt += varintBytes(packed) + packed;
    visit(r);
  }
}

function varintBytes(v: number): number {
  let n = 1;
  for (; v >= 0x80; v = Math.floor(v / 128)) n++;
  return n;
}
