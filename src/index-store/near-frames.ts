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
  return {
    kind: 'ok',
    frame: {
      forSeq: buf.readUInt32LE(at + 4),
      records: buf.readUInt32LE(at + 8),
      specBytes,
      bodyBytes,
      signatureBytes: buf.readUInt32LE(at + 20),
      length: nearFrameLength(specBytes, bodyBytes),
    },
  };
}

/**
 * A record: the signature, the key hash (u32), then varints of the line, the key's byte length and
 * the compressed key's byte length, then the compressed key. Appended to a growing body.
 */
export interface NearRecordWriter {
  add(signature: Uint8Array, keyHash: number, line: number, keyBytes: number, packed: Uint8Array): void;
  readonly records: number;
  /** The records so far (a view) and a reset for the next input. */
  take(): { records: number; body: Uint8Array };
}

export function createNearRecordWriter(): NearRecordWriter {
  let body = new Uint8Array(1 << 12);
  let used = 0;
  let records = 0;
  const room = (n: number): void => {
    if (used + n <= body.length) return;
    const bigger = new Uint8Array(Math.max(body.length * 2, used + n));
    bigger.set(body.subarray(0, used));
    body = bigger;
  };
  const varint = (v: number): void => {
    while (v >= 0x80) {
      body[used++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    body[used++] = v;
  };
  return {
    get records() {
      return records;
    },
    add(signature, keyHash, line, keyBytes, packed) {
      room(signature.length + 4 + 15 + packed.length);
      body.set(signature, used);
      used += signature.length;
      body[used++] = keyHash & 0xff;
      body[used++] = (keyHash >>> 8) & 0xff;
      body[used++] = (keyHash >>> 16) & 0xff;
      body[used++] = keyHash >>> 24;
      varint(line);
      varint(keyBytes);
      varint(packed.length);
      body.set(packed, used);
      used += packed.length;
      records++;
    },
    take() {
      const taken = { records, body: body.slice(0, used) };
      used = 0;
      records = 0;
      return taken;
    },
  };
}

/** One parsed record: `packedAt` is the compressed key's offset in the body, `packedLengthAt` its length's. */
export interface NearRecordView {
  signatureAt: number;
  packedLengthAt: number;
  keyHash: number;
  line: number;
  keyBytes: number;
  packedAt: number;
  packedBytes: number;
}

/** Walks a frame body's records; the view is reused between calls. Throws on a record cut short. */
export function forEachNearRecord(
  body: Uint8Array,
  signatureBytes: number,
  visit: (record: NearRecordView) => void,
): void {
  const r: NearRecordView = { signatureAt: 0, packedLengthAt: 0, keyHash: 0, line: 0, keyBytes: 0, packedAt: 0, packedBytes: 0 };
  let at = 0;
  const varint = (): number => {
    let v = 0,
      scale = 1,
      b = 0x80;
    while (b & 0x80) {
      if (at >= body.length) throw new RangeError('a near record runs past its frame');
      b = body[at++];
      v += (b & 0x7f) * scale;
      scale *= 128;
    }
    return v;
  };
  while (at < body.length) {
    r.signatureAt = at;
    at += signatureBytes;
    r.keyHash = (body[at] | (body[at + 1] << 8) | (body[at + 2] << 16) | (body[at + 3] << 24)) >>> 0;
    at += 4;
    r.line = varint();
    r.keyBytes = varint();
    r.packedLengthAt = at;
    r.packedBytes = varint();
    r.packedAt = at;
    at += r.packedBytes;
    if (at > body.length) throw new RangeError('a near record runs past its frame');
    visit(r);
  }
}
