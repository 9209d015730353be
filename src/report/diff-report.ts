// The diff report: for each changed file a unified diff, with zero context lines, that turns the
// input into dedupe's output, so `patch -p1` run in the input's folder applies it (inputs from
// several folders: their common folder, cli/diff-names.ts). Every removed unit gets its own hunk,
// whose header says where the copy that stays is. Hunks count lines the way patch does (LF only);
// a unit cut at a lone CR is shown as its whole LF line, replaced.
import type { RemovedUnit, RouterWatch } from '../engine/unit-router.js';
import { earlierLabel, placeLabel, type LabelOf, type Report, type ReportOut, type SourceInfo } from './report.js';
import { nearNote } from './near-note.js';
import { quoteName } from './quote-name.js';

export interface DiffStyle {
  fileHeader(text: string): string;
  hunkHeader(text: string): string;
  removed(text: string): string;
  added(text: string): string;
  /** Renders line bytes for the reader: byte-exact for a pipe, escaped for a terminal. */
  body(bytes: Uint8Array): string | Uint8Array;
}

/** nameOf: the name in a file's headers; by default its path relative to the folder it came from. */
export function createDiffReport(
  out: ReportOut,
  style: DiffStyle,
  labelOf: LabelOf,
  nameOf: (source: SourceInfo) => string = (source) => source.relative,
): Report {
  // The notes name other inputs inside a hunk header line: quoted like the file headers.
  const quotedLabel: LabelOf = (source) => quoteName(labelOf(source));
  return {
    beginSource(source) {
      return diffWatch(nameOf(source), out, style, quotedLabel);
    },
  };
}

function diffWatch(name: string, out: ReportOut, style: DiffStyle, labelOf: LabelOf): RouterWatch {
  let oldLine = 1; // the LF line the next byte belongs to, in the input
  let newLine = 0; // LF lines completed in the output so far
  let headerDone = false;
  // The current LF line when it is cut by a unit boundary (lone CR, or the input's last line).
  let lineOld: Uint8Array[] = [];
  let lineNew: Uint8Array[] = [];
  let lineDirty = false;
  let lineNote: RemovedUnit | undefined;
  let atLineStart = true;
  // A pure deletion waits for the next span: the separator removed with a paragraph and the
  // paragraph itself come as two spans and belong in one hunk.
  let deletion: { unit: RemovedUnit | undefined; from: number; lines: number; bytes: Uint8Array[] } | undefined;
  const flushDeletion = (): void => {
    if (!deletion) return;
    header();
    out.write(style.hunkHeader(`@@ -${deletion.from},${deletion.lines} +${newLine},0 @@${note(deletion.unit)}\n`));
    bodyLines('-', Buffer.concat(deletion.bytes));
    deletion = undefined;
  };

  const header = (): void => {
    if (headerDone) return;
    headerDone = true;
    // A tab ends the name, as diff(1) writes it: patch then reads names holding spaces whole. A name
    // with a newline, tab, quote or backslash is C-quoted, so it cannot forge header lines.
    const from = quoteName(`a/${name}`);
    const to = quoteName(`b/${name}`);
    out.write(style.fileHeader(`--- ${from}\t\n+++ ${to}\t\n`));
  };
  const note = (unit: RemovedUnit | undefined): string => {
    if (!unit) return '';
    const d = unit.detail;
    if (d.near && d.kept.kind === 'source') return ` ${nearNote(d.near, `${labelOf(d.kept.source)}:${d.kept.line}`)}`;
    const earlier = d.near ? earlierLabel(d.kept) : undefined;
    if (d.near && earlier) return ` ${nearNote(d.near, earlier)}`;
    if (d.first.kind === 'earlier-run')
      return ` duplicate of a unit in ${placeLabel(d.first, labelOf)} (an earlier run)`;
    if (d.kept.kind === 'none')
      return ` duplicate (every copy removed; first at ${labelOf(d.first.source)}:${d.first.line})`;
    return ` duplicate of ${placeLabel(d.kept, labelOf)}${d.kept.kind === 'source' ? `:${d.kept.line}` : ''}`;
  };
  const bodyLines = (sign: '-' | '+', bytes: Uint8Array): void => {
    let start = 0;
    while (start < bytes.length) {
      const lf = bytes.indexOf(10, start);
      const end = lf === -1 ? bytes.length : lf + 1;
      const text = style.body(bytes.subarray(start, end));
      out.write(sign === '-' ? style.removed('-') : style.added('+'));
      out.write(text);
      if (lf === -1) out.write('\n\\ No newline at end of file\n');
      start = end;
    }
  };
  const countLf = (bytes: Uint8Array, start: number, end: number): number => {
    let n = 0;
    for (let i = bytes.indexOf(10, start); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
    return n;
  };

  // At an LF of the input (or its end): an untouched cut line only advances the counters; a
  // changed one becomes a hunk once the output also stands at a line end (a lone CR unit that was
  // removed can join two input lines into one output line, so a hunk may span several).
  const closeLine = (atEnd: boolean): void => {
    const newBytes = Buffer.concat(lineNew);
    const oldBytes = Buffer.concat(lineOld);
    const oldCount =
      countLf(oldBytes, 0, oldBytes.length) + (oldBytes.length > 0 && oldBytes[oldBytes.length - 1] !== 10 ? 1 : 0);
    const newCount =
      countLf(newBytes, 0, newBytes.length) + (newBytes.length > 0 && newBytes[newBytes.length - 1] !== 10 ? 1 : 0);
    if (!lineDirty) {
      oldLine += oldCount;
      newLine += newCount;
    } else {
      if (!atEnd && newBytes.length > 0 && newBytes[newBytes.length - 1] !== 10) return;
      header();
      out.write(
        style.hunkHeader(
          `@@ -${oldLine},${oldCount} +${newCount === 0 ? newLine : newLine + 1},${newCount} @@${note(lineNote)}\n`,
        ),
      );
      bodyLines('-', oldBytes);
      bodyLines('+', newBytes);
      oldLine += oldCount;
      newLine += newCount;
    }
    lineOld = [];
    lineNew = [];
    lineDirty = false;
    lineNote = undefined;
    atLineStart = true;
  };

  return {
    span(kept, buf, start, end, unit) {
      const bytes = buf.subarray(start, end);
      if (kept || !atLineStart || deletion?.unit !== unit) flushDeletion();
      const endsWithLf = bytes[bytes.length - 1] === 10;
      if (atLineStart && (endsWithLf || !kept)) {
        const lines = countLf(buf, start, end);
        if (kept && endsWithLf) {
          oldLine += lines;
          newLine += lines;
          return;
        }
        if (!kept && endsWithLf) {
          // Whole LF lines removed: a pure deletion hunk (extended by more of the same unit).
          deletion ??= { unit, from: oldLine, lines: 0, bytes: [] };
          deletion.lines += lines;
          deletion.bytes.push(Uint8Array.from(bytes));
          oldLine += lines;
          return;
        }
      }
      flushDeletion();
      // Within a cut line: collect bytes until the LF line ends.
      let from = 0;
      while (from < bytes.length) {
        const lf = bytes.indexOf(10, from);
        const to = lf === -1 ? bytes.length : lf + 1;
        const piece = Uint8Array.from(bytes.subarray(from, to));
        lineOld.push(piece);
        if (kept) lineNew.push(piece);
        else {
          lineDirty = true;
          lineNote ??= unit;
        }
        atLineStart = false;
        if (lf !== -1) closeLine(false);
        from = to;
      }
    },
    // A rewritten JSON Lines field: its line becomes a hunk replacing the old line with the new.
    rewrite(old, replacement, unit) {
      flushDeletion();
      lineOld.push(Uint8Array.from(old));
      lineNew.push(Uint8Array.from(replacement));
      lineDirty = true;
      lineNote ??= unit;
      atLineStart = false;
    },
    end() {
      flushDeletion();
      if (lineOld.length > 0) closeLine(true);
    },
  };
}
