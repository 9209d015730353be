// The only way input text reaches the review page: as escaped HTML text or attribute values, or as
// JSON that cannot close the <script> element it sits in. Control characters and bidi overrides
// are shown as visible escapes (as on a terminal), so a line cannot reorder what the reader sees.
// Nothing else in the page's code writes input text into markup.
import { displayText, escapeForTerminal } from './escape.js';

const HTML_SPECIAL = /[&<>"']/g;
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Markup-safe text (for element content and quoted attribute values alike). */
export function escapeHtml(text: string): string {
  return escapeForTerminal(text).replace(HTML_SPECIAL, (ch) => ENTITY[ch]);
}

/** Unit bytes as safe markup text; invalid UTF-8 bytes shown as \xNN. */
export function htmlOfBytes(bytes: Uint8Array): string {
  return escapeHtml(displayText(bytes));
}

/**
 * JSON for a <script type="application/json"> element: `<` (and `>`, `&`) as \u escapes, so no
 * `</script>` or `<!--` can appear inside, and the line separators JavaScript once rejected.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Bytes cut at a limit without the start of a character the cut split (shown otherwise as \xNN). */
export function wholeChars(bytes: Uint8Array): Uint8Array {
  let i = bytes.length;
  while (i > 0 && i > bytes.length - 4 && (bytes[i - 1] & 0xc0) === 0x80) i--;
  if (i === 0 || bytes[i - 1] < 0xc0) return bytes;
  const lead = bytes[i - 1];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return bytes.length - (i - 1) < need ? bytes.subarray(0, i - 1) : bytes;
}
