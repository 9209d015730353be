// The compressed form of a normalized key that the index keeps for near matching across runs:
// Arabic letters (U+0600-U+067E) transcoded to one byte each, then raw deflate primed with a shipped
// dictionary of frequent key words (data/near-key-dict.bin). Owns the transcoding, the dictionary
// and its identity; it never decides what is stored or when (index-store and the session do).
import { createHash } from 'node:crypto';
import { readFileSync } from '../fs/lossless-fs.js';
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import { packageFile } from '../package-file.js';

// One byte per letter of the Arabic block's first 127 code points (0x80-0xFE); 0xFF escapes any
// other non-ASCII character, followed by its UTF-8 bytes (self-delimiting by their lead byte).
const BLOCK = 0x600;
const BLOCK_END = 0x67f;
const ESCAPE = 0xff;

/** The key's UTF-8 bytes transcoded: half the bytes for Arabic, so deflate's window sees twice the text. */
export function transcodeKey(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length * 2);
  let n = 0;
  for (let i = 0; i < key.length;) {
    const b = key[i];
    if (b < 0x80) {
      out[n++] = b;
      i++;
      continue;
    }
    const width = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    const cp = width === 2 && i + 1 < key.length ? ((b & 0x1f) << 6) | (key[i + 1] & 0x3f) : -1;
    if (cp >= BLOCK && cp < BLOCK_END) out[n++] = 0x80 + cp - BLOCK;
    else {
      out[n++] = ESCAPE;
      for (let k = 0; k < width && i + k < key.length; k++) out[n++] = key[i + k];
    }
    i += width;
  }
  return out.subarray(0, n);
}

/** The inverse of transcodeKey. */
export function untranscodeKey(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length * 2);
  let n = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i++];
    if (b < 0x80) out[n++] = b;
    else if (b !== ESCAPE) {
      const cp = BLOCK + b - 0x80;
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3f);
    } else {
      const lead = bytes[i];
      const width = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
      for (let k = 0; k < width && i < bytes.length; k++) out[n++] = bytes[i++];
    }
  }
  return out.subarray(0, n);
}

export interface KeyCodec {
  /** Names the dictionary (its SHA-256, 16 hex digits): an index records it, a reader must match it. */
  readonly id: string;
  compress(key: Uint8Array): Uint8Array;
  decompress(stored: Uint8Array): Uint8Array;
}

/** A codec over a given dictionary (already transcoded: deflate primes its window with it). */
export function createKeyCodec(dictionary: Uint8Array): KeyCodec {
  const options = { dictionary, level: constants.Z_BEST_COMPRESSION, windowBits: 15 };
  return {
    id: createHash('sha256').update(dictionary).digest('hex').slice(0, 16),
    compress: (key) => deflateRawSync(transcodeKey(key), options),
    decompress: (stored) => untranscodeKey(inflateRawSync(stored, options)),
  };
}

let shipped: KeyCodec | undefined;

/** The codec over the dictionary shipped with dedupe, read once per process. */
export function shippedKeyCodec(): KeyCodec {
  shipped ??= createKeyCodec(readFileSync(packageFile('data/near-key-dict.bin')));
  return shipped;
}
