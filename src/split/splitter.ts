// The splitter's state machine behind split-units.ts's entry points: one window of bytes, scanned
// for LF, CR and CRLF once, with the paragraph or document being built and its key input (lines
// joined by LF). It pushes offsets into the caller's SplitEvents and never reads or awaits: the
// caller fills the window (room, scan) and says when its bytes may move (compact).
import { isBlank } from './blank.js';
import type { SplitEvents, SplitOptions } from './split-units.js';

const LF = 10;
const CR = 13;

export interface Splitter {
  /** Starts again on a new whole input (a splitter made with one): nothing of the last one is kept. */
  begin(whole: Buffer): void;
  /** The window, grown when full; bytes are read into it at `filled`. */
  room(): Buffer;
  readonly filled: number;
  /** Takes n more bytes (0: the end of input) and hands out what they complete; false while a BOM is undecided. */
  scan(n: number, atEnd?: boolean): boolean;
  /** After the window() call: moves the bytes still needed to the front; false at the end of input. */
  compact(): boolean;
}

// whole: the window is the complete input, read by the caller (no growth, no compaction).
export function createSplitter(options: SplitOptions, events: SplitEvents, whole?: Buffer): Splitter {
  const paragraphs = options.mode === 'paragraph';
  const document = options.mode === 'document';
  let documentHasText = false;
  const scratch = options.scratch ?? {};
  let buf =
    whole ??
    (scratch.window && scratch.window.length >= options.bufferSize
      ? scratch.window
      : Buffer.allocUnsafe(Math.max(4, options.bufferSize)));
  let filled = 0;
  let pos = 0;
  let base = 0; // absolute offset of buf[0] in the input
  let line = 1;
  let eof = false;
  let bomChecked = false;
  // Paragraph under construction: where it starts in buf, and its key input (lines joined by LF).
  let paraStart = -1;
  let paraLine = 0;
  let keyScratch = scratch.key ?? new Uint8Array(4096);
  let keyLength = 0;
  // No LF or CR lies in buf[pos, scanned): a unit longer than a read is searched once, not once a read.
  let scanned = 0;

  // Copies one line's content into the paragraph's key input, joining lines with a single LF.
  const appendKeyLine = (start: number, end: number): void => {
    const sep = keyLength > 0 ? 1 : 0;
    const need = keyLength + sep + (end - start);
    if (need > keyScratch.length) {
      const bigger = new Uint8Array(Math.max(need, keyScratch.length * 2));
      bigger.set(keyScratch.subarray(0, keyLength));
      keyScratch = bigger;
      scratch.key = bigger;
    }
    if (sep) keyScratch[keyLength++] = LF;
    keyScratch.set(buf.subarray(start, end), keyLength);
    keyLength += end - start;
  };

  const closeParagraph = (end: number): void => {
    if (paraStart === -1) return;
    events.unit(buf, paraStart, end, keyScratch, 0, keyLength, paraLine, line - 1, base + paraStart);
    paraStart = -1;
    keyLength = 0;
  };

  // The whole input is held in the window (it grows as a long paragraph's does) and cut at its end.
  const closeDocument = (end: number): void => {
    if (paraStart === -1) return;
    if (!documentHasText) {
      events.blank(buf, paraStart, end, base + paraStart);
      return;
    }
    // The key input: the lines from the first non-blank one to the last, joined by LF.
    keyLength = 0;
    let textEnd = 0;
    let at = paraStart;
    while (at < end) {
      let contentEnd = at;
      while (contentEnd < end && buf[contentEnd] !== LF && buf[contentEnd] !== CR) contentEnd++;
      const blank = isBlank(buf, at, contentEnd);
      if (!blank || keyLength > 0 || textEnd > 0) appendKeyLine(at, contentEnd);
      if (!blank) textEnd = keyLength;
      at =
        buf[contentEnd] === CR && contentEnd + 1 < end && buf[contentEnd + 1] === LF ? contentEnd + 2 : contentEnd + 1;
    }
    events.unit(buf, paraStart, end, keyScratch, 0, textEnd, paraLine, line - 1, base + paraStart);
    paraStart = -1;
  };

  const onLine = (start: number, contentEnd: number, end: number): void => {
    if (document) {
      if (paraStart === -1) {
        paraStart = start;
        paraLine = line;
      }
      if (!documentHasText && !isBlank(buf, start, contentEnd)) documentHasText = true;
      return;
    }
    if (isBlank(buf, start, contentEnd)) {
      if (paragraphs) closeParagraph(start);
      events.blank(buf, start, end, base + start);
    } else if (!paragraphs) {
      events.unit(buf, start, end, buf, start, contentEnd, line, line, base + start);
    } else {
      if (paraStart === -1) {
        paraStart = start;
        paraLine = line;
        keyLength = 0;
      }
      appendKeyLine(start, contentEnd);
    }
  };

  if (!whole) scratch.window ??= buf;
  scratch.key ??= keyScratch;

  return {
    begin(next) {
      buf = next;
      documentHasText = eof = bomChecked = false;
      filled = pos = base = keyLength = scanned = paraLine = 0;
      line = 1;
      paraStart = -1;
    },
    get filled() {
      return filled;
    },
    room() {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
        scratch.window = buf;
      }
      return buf;
    },
    scan(n, atEnd = n === 0) {
      if (atEnd) eof = true;
      filled += n;
      if (!bomChecked) {
        if (filled < 3 && !eof) return false;
        bomChecked = true;
        if (filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          events.bom(buf, 0, 3);
          pos = 3;
        }
      }
      scanWindow();
      return true;
    },
    compact() {
      if (eof) return false;
      const keepFrom = paraStart !== -1 ? paraStart : pos;
      if (keepFrom > 0) {
        buf.copyWithin(0, keepFrom, filled);
        base += keepFrom;
        filled -= keepFrom;
        pos -= keepFrom;
        scanned -= keepFrom;
        if (paraStart !== -1) paraStart -= keepFrom;
      }
      return true;
    },
  };

  function scanWindow(): void {
    const win = buf.subarray(0, filled);
    let nextCr = -2; // -2: not searched yet for this window; -1: none ahead
    while (pos < filled) {
      const from = Math.max(pos, scanned);
      const lf = win.indexOf(LF, from);
      if (nextCr !== -1 && nextCr < pos) nextCr = win.indexOf(CR, from);
      let contentEnd: number;
      let end: number;
      if (nextCr !== -1 && (lf === -1 || nextCr < lf)) {
        if (nextCr + 1 < filled) {
          contentEnd = nextCr;
          end = buf[nextCr + 1] === LF ? nextCr + 2 : nextCr + 1;
        } else if (eof) {
          contentEnd = nextCr;
          end = filled;
        } else {
          break; // a CR at the window's edge: CRLF or lone CR is decided by the next read
        }
      } else if (lf !== -1) {
        contentEnd = lf;
        end = lf + 1;
      } else if (eof) {
        contentEnd = filled;
        end = filled;
      } else {
        scanned = filled;
        break;
      }
      onLine(pos, contentEnd, end);
      pos = end;
      line++;
    }
    if (eof && document) closeDocument(filled);
    else if (eof) closeParagraph(filled);
  }
}
