// Decides, on raw UTF-8 bytes, whether a line is blank: nothing but whitespace (ASCII, NBSP and
// the other Unicode spaces) and invisible marks (zero-width, bidi marks, embeddings, isolates,
// BOM). Blank lines are separators, never duplicates, whatever key profile is active.

/** True when bytes[start, end) hold only whitespace and invisible marks (an empty line is blank). */
export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b === 0x20 || b === 0x09 || b === 0x0b || b === 0x0c) {
      i++;
      continue;
    }
    if (b < 0xc2) return false;
    const n = blankSequenceLength(bytes, i, end);
    if (n === 0) return false;
    i += n;
  }
  return true;
}

// Length of the multi-byte blank character at bytes[i], or 0 when it is anything else.
function blankSequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const b0 = bytes[i];
  if (b0 === 0xc2) return i + 1 < end && bytes[i + 1] === 0xa0 ? 2 : 0; // U+00A0 NBSP
  if (b0 === 0xd8) return i + 1 < end && bytes[i + 1] === 0x9c ? 2 : 0; // U+061C Arabic letter mark
  if (i + 2 >= end) return 0;
  const b1 = bytes[i + 1];
  const b2 = bytes[i + 2];
  switch (b0) {
    case 0xe1:
      if (b1 === 0x9a && b2 === 0x80) return 3; // U+1680 Ogham space
      if (b1 === 0xa0 && b2 === 0x8e) return 3; // U+180E Mongolian vowel separator
      return 0;
    case 0xe2:
      if (b1 === 0x80) {
        // U+2000-U+200F spaces and zero-width marks; U+2028-U+202F separators, bidi embeddings, NNBSP
        return (b2 >= 0x80 && b2 <= 0x8f) || (b2 >= 0xa8 && b2 <= 0xaf) ? 3 : 0;
      }
      if (b1 === 0x81) {
        // U+205F medium space; U+2060-U+2064 word joiner and invisible operators; U+2066-U+2069 isolates
        return b2 === 0x9f || (b2 >= 0xa0 && b2 <= 0xa4) || (b2 >= 0xa6 && b2 <= 0xa9) ? 3 : 0;
      }
      return 0;
    case 0xe3:
      return b1 === 0x80 && b2 === 0x80 ? 3 : 0; // U+3000 ideographic space
    case 0xef:
      return b1 === 0xbb && b2 === 0xbf ? 3 : 0; // U+FEFF zero-width no-break space (BOM)
    default:
      return 0;
  }
}
