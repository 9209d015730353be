// The only way input text reaches the review page: as escaped HTML text or attribute values, or as
// JSON that cannot close the <script> element it sits in. Control characters and bidi overrides
// are shown as visible escapes (as on a terminal), so a line cannot reorder what the reader sees.
// Nothing else in the page's code writes input text into markup.
import { displayText, escapeForTerminal } from './escape.js';

const HTML_SPECIAL = /[&<>"']/g;
const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

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
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The first `max` characters (code points) of a text, and whether it was cut. */
export function clip(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const points = [...text];
  if (points.length <= max) return { text, cut: false };
  return { text: points.slice(0, max).join(''), cut: true };
}
