// Makes scraped text safe to show on a terminal: control characters and the bidi overrides and
// isolates used in Trojan-Source spoofing are shown as visible escapes, so a line cannot move the
// cursor, rewrite the screen or reorder what the reader sees. Used only for terminal output;
// anything written to a pipe stays byte-exact. A file name's bytes that are not UTF-8 are shown
// as \xNN wherever a name is shown as text.
import { replaceEscapes } from '../key/utf8-lossless.js';

// C0 controls except TAB, DEL, C1 controls, bidi embeddings/overrides and isolates.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function escapeForTerminal(text: string): string {
  return showRawBytes(text).replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    if (ch === '\r') return '\\r';
    if (ch === '\u001b') return '\\e';
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `<U+${code.toString(16).toUpperCase()}>`;
  });
}

/**
 * A text for people (a message, a summary) with the bytes a file name holds that are not UTF-8
 * shown as \xNN, as displayText shows them in lines: never as U+FFFD, which would make two
 * names look alike.
 */
export function showRawBytes(text: string): string {
  return replaceEscapes(text, (byte) => `\\x${byte.toString(16).padStart(2, '0')}`);
}

/** Decodes bytes for display: invalid UTF-8 bytes become \xNN instead of U+FFFD. */
export function displayText(bytes: Uint8Array): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(bytes);
  } catch {
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const n = validSequenceLength(bytes, i);
      if (n === 0) {
        out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
        i++;
        continue;
      }
      out += Buffer.from(bytes.subarray(i, i + n)).toString('utf8');
      i += n;
    }
    return out;
  }
}

function validSequenceLength(b: Uint8Array, i: number): number {
  const b0 = b[i];
  if (b0 < 0x80) return 1;
  const n = b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if ((b[i + k] & 0xc0) !== 0x80) return 0;
  const decoded = Buffer.from(b.subarray(i, i + n)).toString('utf8');
  return decoded.includes('\ufffd') ? 0 : n;
}
