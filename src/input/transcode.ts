// Lossless conversion between a file's own encoding and the UTF-8 the pipeline works in, so keys
// are computed on text while kept units go back out byte for byte. UTF-16 goes through WTF-8 (a
// lone surrogate keeps its own 3-byte form); an odd trailing byte travels as a 3-byte escape
// (0xFF, 0xC0|hi, 0xC0|lo) that valid text never contains. windows-1256 maps all 256 bytes 1:1.
import type { EncodingName } from './sniff.js';

export interface Transcoder {
  /** Converts a chunk of the file's bytes to UTF-8; `final` flushes what is pending. */
  decode(chunk: Uint8Array, final: boolean): Uint8Array;
  /** Converts whole units of UTF-8 (as decode produced them) back to the file's bytes. */
  encode(utf8: Uint8Array): Uint8Array;
  /** How many bytes of the file a range of decode's UTF-8 came from (reports count bytes on disk). */
  diskLength(utf8: Uint8Array, start: number, end: number): number;
  /** How many bytes were not valid in the encoding (lone surrogates, an odd last byte). */
  readonly invalid: number;
}

export function createTranscoder(encoding: Exclude<EncodingName, 'utf-8'>): Transcoder {
  return encoding === 'windows-1256' ? singleByte('windows-1256') : utf16(encoding === 'utf-16le');
}

function singleByte(label: string): Transcoder {
  const decoder = new TextDecoder(label);
  const toUtf8: Uint8Array[] = [];
  const toByte = new Map<number, number>();
  for (let b = 0; b < 256; b++) {
    const ch = decoder.decode(Uint8Array.of(b));
    toUtf8.push(Buffer.from(ch, 'utf8'));
    toByte.set(ch.codePointAt(0)!, b);
  }
  return {
    invalid: 0,
    diskLength(utf8, start, end) {
      let n = 0; // one byte a character: count the bytes that start one
      for (let i = start; i < end; i++) if ((utf8[i] & 0xc0) !== 0x80) n++;
      return n;
    },
    decode(chunk) {
      const out = Buffer.allocUnsafe(chunk.length * 3);
      let n = 0;
      for (let i = 0; i < chunk.length; i++) {
        const seq = toUtf8[chunk[i]];
        for (let j = 0; j < seq.length; j++) out[n++] = seq[j];
      }
      return out.subarray(0, n);
    },
    encode(utf8) {
      const text = Buffer.from(utf8.buffer, utf8.byteOffset, utf8.length).toString('utf8');
      const out = Buffer.allocUnsafe(text.length);
      let n = 0;
      for (const ch of text) out[n++] = toByte.get(ch.codePointAt(0)!)!;
      return out.subarray(0, n);
    },
  };
}

function utf16(littleEndian: boolean): Transcoder {
  let oddByte = -1; // a byte waiting for its pair across chunks
  let high = -1; // a high surrogate waiting for its low one
  let invalid = 0;
  const unitAt = (a: number, b: number): number => (littleEndian ? a | (b << 8) : (a << 8) | b);

  return {
    get invalid() {
      return invalid;
    },
    diskLength(utf8, start, end) {
      let n = 0;
      for (let i = start; i < end;) {
        const b = utf8[i];
        if (b === 0xff) {
          n += 1;
          i += 3;
        } // an odd last byte's escape
        else if (b >= 0xf0) {
          n += 4;
          i += 4;
        } // a surrogate pair
        else {
          n += 2;
          i += b < 0x80 ? 1 : b < 0xe0 ? 2 : 3;
        }
      }
      return n;
    },
    decode(chunk, final) {
      const out = Buffer.allocUnsafe((chunk.length + 2) * 2 + 8);
      let n = 0;
      const put3 = (u: number): void => {
        out[n++] = 0xe0 | (u >> 12);
        out[n++] = 0x80 | ((u >> 6) & 0x3f);
        out[n++] = 0x80 | (u & 0x3f);
      };
      const unit = (u: number): void => {
        if (high !== -1) {
          if (u >= 0xdc00 && u <= 0xdfff) {
            const cp = 0x10000 + ((high - 0xd800) << 10) + (u - 0xdc00);
            out[n++] = 0xf0 | (cp >> 18);
            out[n++] = 0x80 | ((cp >> 12) & 0x3f);
            out[n++] = 0x80 | ((cp >> 6) & 0x3f);
            out[n++] = 0x80 | (cp & 0x3f);
            high = -1;
            return;
          }
          put3(high); // a lone high surrogate, kept in its WTF-8 form
          invalid++;
          high = -1;
        }
        if (u >= 0xd800 && u <= 0xdbff) {
          high = u;
          return;
        }
        if (u >= 0xdc00 && u <= 0xdfff) invalid++;
        if (u < 0x80) out[n++] = u;
        else if (u < 0x800) {
          out[n++] = 0xc0 | (u >> 6);
          out[n++] = 0x80 | (u & 0x3f);
        } else put3(u);
      };
      let i = 0;
      if (oddByte !== -1 && chunk.length > 0) {
        unit(unitAt(oddByte, chunk[0]));
        oddByte = -1;
        i = 1;
      }
      for (; i + 1 < chunk.length; i += 2) unit(unitAt(chunk[i], chunk[i + 1]));
      if (i < chunk.length) oddByte = chunk[i];
      if (final) {
        if (high !== -1) {
          put3(high);
          invalid++;
          high = -1;
        }
        if (oddByte !== -1) {
          out[n++] = 0xff;
          out[n++] = 0xc0 | (oddByte >> 4);
          out[n++] = 0xc0 | (oddByte & 0x0f);
          invalid++;
          oddByte = -1;
        }
      }
      return out.subarray(0, n);
    },
    encode(utf8) {
      const out = Buffer.allocUnsafe(utf8.length * 2 + 4);
      let n = 0;
      const put = (u: number): void => {
        if (littleEndian) {
          out[n++] = u & 0xff;
          out[n++] = u >> 8;
        } else {
          out[n++] = u >> 8;
          out[n++] = u & 0xff;
        }
      };
      for (let i = 0; i < utf8.length;) {
        const b = utf8[i];
        if (b < 0x80) {
          put(b);
          i += 1;
        } else if (b === 0xff) {
          out[n++] = ((utf8[i + 1] & 0x0f) << 4) | (utf8[i + 2] & 0x0f);
          i += 3;
        } else if (b < 0xe0) {
          put(((b & 0x1f) << 6) | (utf8[i + 1] & 0x3f));
          i += 2;
        } else if (b < 0xf0) {
          put(((b & 0x0f) << 12) | ((utf8[i + 1] & 0x3f) << 6) | (utf8[i + 2] & 0x3f));
          i += 3;
        } else {
          const cp =
            ((b & 0x07) << 18) | ((utf8[i + 1] & 0x3f) << 12) | ((utf8[i + 2] & 0x3f) << 6) | (utf8[i + 3] & 0x3f);
          put(0xd800 + ((cp - 0x10000) >> 10));
          put(0xdc00 + ((cp - 0x10000) & 0x3ff));
          i += 4;
        }
      }
      return out.subarray(0, n);
    },
  };
}
