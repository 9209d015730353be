// Lossless UTF-8 <-> string for the string path: each byte that is not part of a well-formed
// sequence becomes a lone surrogate U+DC80-U+DCFF (Python's "surrogateescape") and is turned
// back into the same byte on the way out, so distinct invalid inputs never share a key.
// Valid UTF-8 never decodes to a lone surrogate, so the escapes cannot collide with text.

import { isUtf8 } from 'node:buffer';

// ignoreBOM keeps a leading U+FEFF in the text: deleting it is the `invisible` step's call.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

const ESCAPE_BASE = 0xdc00;

export type Decoded = { kind: 'valid'; text: string } | { kind: 'escaped'; text: string };

/** Length of the well-formed UTF-8 sequence starting at `i` (Unicode table 3-7), or 0. */
function wellFormedLength(src: Uint8Array, i: number, end: number): number {
  const b0 = src[i];
  if (b0 < 0x80) return 1;
  const continuation = (k: number, low = 0x80, high = 0xbf): boolean =>
    i + k < end && src[i + k] >= low && src[i + k] <= high;
  if (b0 >= 0xc2 && b0 <= 0xdf) return continuation(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

function decodeEscaping(src: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  let runStart = start;
  let i = start;
  while (i < end) {
    const length = wellFormedLength(src, i, end);
    if (length > 0) {
      i += length;
      continue;
    }
    if (runStart < i) parts.push(decoder.decode(src.subarray(runStart, i)));
    parts.push(String.fromCharCode(ESCAPE_BASE + src[i]));
    i += 1;
    runStart = i;
  }
  if (runStart < end) parts.push(decoder.decode(src.subarray(runStart, end)));
  return parts.join('');
}

export function decodeLossless(src: Uint8Array, start: number, end: number): Decoded {
  const bytes = src.subarray(start, end);
  // Validating first (SIMD in Node) and decoding leniently is faster than a fatal decoder.
  if (isUtf8(bytes)) return { kind: 'valid', text: decoder.decode(bytes) };
  return { kind: 'escaped', text: decodeEscaping(src, start, end) };
}

/** Upper bound of the UTF-8 length of `text`, for sizing the output before encoding into it. */
export function maxEncodedLength(text: string): number {
  return text.length * 3;
}

/**
 * Writes `text` as UTF-8 into `out` (which must hold maxEncodedLength(text) bytes) and returns
 * the length. With `escaped` true, lone surrogates U+DC80-U+DCFF become their original bytes.
 */
export function encodeLossless(text: string, escaped: boolean, out: Uint8Array): number {
  if (!escaped) return encoder.encodeInto(text, out).written;
  let o = 0;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isEscape(text, i)) continue;
    // Runs between escapes are valid text: the native encoder handles them.
    if (runStart < i) o += encoder.encodeInto(text.slice(runStart, i), out.subarray(o)).written;
    out[o++] = text.charCodeAt(i) - ESCAPE_BASE;
    runStart = i + 1;
  }
  if (runStart < text.length) o += encoder.encodeInto(text.slice(runStart), out.subarray(o)).written;
  return o;
}

/** True when `text` holds an escaped byte: it came from bytes that are not valid UTF-8. */
export function hasEscapes(text: string): boolean {
  if (!MAYBE_ESCAPE.test(text)) return false;
  for (let i = 0; i < text.length; i++) if (isEscape(text, i)) return true;
  return false;
}

const MAYBE_ESCAPE = /[\udc80-\udcff]/;

/** `text` with each escaped byte replaced by what `by` makes of the byte (a display form). */
export function replaceEscapes(text: string, by: (byte: number) => string): string {
  if (!hasEscapes(text)) return text;
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isEscape(text, i)) continue;
    out += text.slice(runStart, i) + by(text.charCodeAt(i) - ESCAPE_BASE);
    runStart = i + 1;
  }
  return out + text.slice(runStart);
}

// The low half of a valid astral pair (U+10080 is D800 DC80) is not an escape; a lone one is.
function isEscape(text: string, i: number): boolean {
  const unit = text.charCodeAt(i);
  if (unit < 0xdc80 || unit > 0xdcff) return false;
  const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
  return previous < 0xd800 || previous > 0xdbff;
}
