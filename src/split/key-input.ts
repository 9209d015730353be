// A unit's key input rebuilt from its bytes, for callers that hold only the bytes (the summary's
// samples): the splitter hands the judge each line's content without its terminator (CRLF, CR or
// LF), a paragraph's lines joined by one LF. This is that rule, applied after the fact.
const LF = 10;
const CR = 13;

/** The first maxBytes of the key input of a unit whose bytes (terminators included) are given. */
export function keyInputOf(unit: Uint8Array, maxBytes: number): Uint8Array {
  const out = new Uint8Array(Math.min(unit.length, maxBytes));
  let length = 0;
  let owed = false; // a terminator passed: it becomes an LF only if more content follows
  for (let i = 0; i < unit.length && length < out.length; i++) {
    const b = unit[i];
    if (b === CR || b === LF) {
      if (b === CR && unit[i + 1] === LF) i++;
      owed = true;
      continue;
    }
    if (owed) {
      out[length++] = LF;
      owed = false;
      if (length === out.length) break;
    }
    out[length++] = b;
  }
  return out.subarray(0, length);
}
