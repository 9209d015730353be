// Writes a file name into a diff report the way git does (C-style quoting): a name holding control
// characters, double quotes or backslashes is put in double quotes with escapes, so a crafted name
// cannot end a header line, add headers of its own or hunks, and GNU patch still reads it back.
// A name's bytes that are not UTF-8 (fs/fs-path.ts) are written as their own octal escapes.
import { isByteName, pathBytes } from '../fs/fs-path.js';

// C0 controls, DEL, C1 controls, the quote and backslash; and the bidi overrides and isolates,
// which git leaves alone but which would reorder a header on a terminal (patch reads them back
// from their octal bytes all the same). A name's bytes that are not UTF-8 are quoted too (isByteName).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is quoted
const NEEDS_QUOTES = /[\u0000-\u001f\u007f-\u009f"\\\u202a-\u202e\u2066-\u2069]/;

const SHORT: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\u000b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '"': '\\"',
  '\\': '\\\\',
};

/** The name as it is, or C-quoted in double quotes when it holds a character that needs it. */
export function quoteName(name: string): string {
  if (!NEEDS_QUOTES.test(name) && !isByteName(name)) return name;
  let out = '"';
  // By code point, so that a valid astral pair stays whole and a lone surrogate stands alone.
  for (const ch of name) {
    const short = SHORT[ch];
    if (short !== undefined) out += short;
    else if (NEEDS_QUOTES.test(ch) || isByteName(ch)) {
      // Octal of each of the name's bytes: what git writes, and what patch turns back into them.
      for (const byte of pathBytes(ch)) out += `\\${byte.toString(8).padStart(3, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}
