// A JSON string literal written from UTF-8 text: the text stays raw UTF-8 and only what RFC 8259
// requires is escaped (the quote, the backslash and the control characters below U+0020), so a
// rewritten field reads like the text it holds. Reading a literal is JSON.parse's job, not this file's.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// The short escapes JSON has for control characters; the others are written \u00XX.
const SHORT: Readonly<Record<number, number>> = { 0x08: 0x62, 0x09: 0x74, 0x0a: 0x6e, 0x0c: 0x66, 0x0d: 0x72 };
const HEX = '0123456789abcdef';

function needsEscape(b: number): boolean {
  return b < 0x20 || b === QUOTE || b === BACKSLASH;
}

/** The literal (quotes included) holding text[start, end), which must be valid UTF-8. */
export function jsonStringLiteral(text: Uint8Array, start = 0, end = text.length): Buffer {
  let escapes = 0;
  for (let i = start; i < end; i++) if (needsEscape(text[i])) escapes++;
  // At most six bytes for one escaped byte (\u00XX).
  const out = Buffer.allocUnsafe(end - start + 2 + escapes * 5);
  let at = 0;
  out[at++] = QUOTE;
  for (let i = start; i < end; i++) {
    const b = text[i];
    if (!needsEscape(b)) {
      out[at++] = b;
      continue;
    }
    out[at++] = BACKSLASH;
    if (b === QUOTE || b === BACKSLASH) out[at++] = b;
    else if (SHORT[b] !== undefined) out[at++] = SHORT[b];
    else {
      out[at++] = 0x75; // u
      out[at++] = 0x30;
      out[at++] = 0x30;
      out[at++] = HEX.charCodeAt(b >> 4);
      out[at++] = HEX.charCodeAt(b & 15);
    }
  }
  out[at++] = QUOTE;
  return out.subarray(0, at);
}

// A lone surrogate (\ud800 with no partner) has no UTF-8 form: its text could not be written back.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string can travel as UTF-8 and back unchanged. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
