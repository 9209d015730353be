// The writers a source's kept and removed units go through on their way out: the owed line break
// between inputs written into one stream, the unit printers of --removed and --only-duplicates,
// the fan-out of report watches, and whether a file kept anything worth writing.
import type { KeptBytes, RouterWatch, SourceTally } from '../engine/unit-router.js';
import type { UnitMode } from '../split/split-units.js';
import { isBlank } from '../split/blank.js';
import type { Transcoder } from '../input/transcode.js';
import type { KeptWriter } from '../output/kept-writer.js';
import type { RepeatMarks } from './repeat-marks.js';

const LINE_END = new Uint8Array([10]);

// Several inputs into one stream: an input whose kept text ends without a line break would glue
// its last line to the next input's first, making a line found in no input (awk adds the break
// too); in paragraph mode, its last paragraph would run into the next input's first. The break
// (or blank line) is owed, and written only if a later input writes anything.
export function lineSafe(
  inner: KeptWriter,
  raw: KeptWriter,
  tail: { owed?: Uint8Array },
  transcoder: Transcoder | undefined,
  paragraphs: boolean,
): KeptWriter {
  let wrote = false;
  const encode = (bytes: Uint8Array): Uint8Array => (transcoder ? transcoder.encode(bytes) : bytes);
  return {
    ...inner,
    keep(buf, start, end) {
      if (end === start) return;
      if (!wrote && tail.owed) raw.copy(tail.owed, 0, tail.owed.length);
      if (!wrote) tail.owed = undefined;
      wrote = true;
      const last = buf[end - 1];
      const terminated = last === 10 || last === 13;
      if (!paragraphs || !terminated) {
        tail.owed = terminated ? undefined : encode(paragraphs ? BLANK_LINE : LINE_END);
      } else {
        // Is the span's last line blank? (A held separator is several blank lines in one span.)
        const lineEnd = end - (last === 10 && end - start >= 2 && buf[end - 2] === 13 ? 2 : 1);
        let lineStart = lineEnd;
        while (lineStart > start && buf[lineStart - 1] !== 10 && buf[lineStart - 1] !== 13) lineStart--;
        tail.owed = isBlank(buf, lineStart, lineEnd) ? undefined : encode(LINE_END);
      }
      inner.keep(buf, start, end);
    },
  };
}

const BLANK_LINE = new Uint8Array([10, 10]);

export function discardBytes(text: KeptWriter): KeptBytes {
  return { keep() {}, window: (buf) => text.window(buf) };
}

/** --removed: every removed copy is the text. */
export function removedUnitsTo(text: KeptWriter, paragraphs: boolean): RouterWatch {
  const print = unitPrinter(text, paragraphs);
  return { removed: (unit) => print(unit.bytes, 0, unit.bytes.length) };
}

/** --only-duplicates: the kept copies that `marks` says were repeated are the text. */
export function keptRepeatsTo(text: KeptWriter, paragraphs: boolean, marks: RepeatMarks, source: number): RouterWatch {
  const print = unitPrinter(text, paragraphs);
  return {
    kept: (buf, start, end, line) => {
      if (marks.has(source, line)) print(buf, start, end);
    },
  };
}

// Units printed on their own: each ends its line, and paragraphs are kept apart by one blank line.
function unitPrinter(text: KeptWriter, paragraphs: boolean): (buf: Uint8Array, start: number, end: number) => void {
  let first = true;
  return (buf, start, end) => {
    if (paragraphs && !first) text.copy(LINE_END, 0, 1);
    first = false;
    text.copy(buf, start, end);
    const last = buf[end - 1];
    if (last !== 10 && last !== 13) text.copy(LINE_END, 0, 1);
  };
}

export function combineWatches(watches: RouterWatch[]): RouterWatch | undefined {
  if (watches.length === 0) return undefined;
  if (watches.length === 1) return watches[0];
  return {
    span: (kept, buf, start, end, unit) => {
      for (const w of watches) w.span?.(kept, buf, start, end, unit);
    },
    rewrite: (old, replacement, unit) => {
      for (const w of watches) w.rewrite?.(old, replacement, unit);
    },
    kept: (buf, start, end, line) => {
      for (const w of watches) w.kept?.(buf, start, end, line);
    },
    removed: (unit) => {
      for (const w of watches) w.removed?.(unit);
    },
    end: () => {
      for (const w of watches) w.end?.();
    },
  };
}

/**
 * A source that had units removed and kept none has nothing but blank lines left: a duplicate
 * document always, any file under --drop-empty. (A file blank to begin with is the user's own.)
 */
export function keptNothing(tally: SourceTally, mode: UnitMode, dropEmpty: boolean): boolean {
  return tally.duplicates > 0 && tally.units === tally.duplicates && (dropEmpty || mode === 'document');
}

export function keptNothingNote(mode: UnitMode): string {
  return mode === 'document'
    ? 'a duplicate document; not written'
    : 'nothing but blank lines left; not written (--drop-empty)';
}
