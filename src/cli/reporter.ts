// What the run tells the user while it works, as optional callbacks (cspell's reporter shape):
// problems and warnings as single `dedupe: ` lines on stderr, progress, per-source and final
// summaries. The run calls whichever are present and never formats messages itself.
import type { SourceTally } from '../engine/unit-router.js';
import type { Source } from '../input/sources.js';
import type { RunTotals } from '../report/totals.js';
import type { TextOut } from './io.js';
import { escapeForTerminal } from '../report/escape.js';

export interface Reporter {
  problem(label: string, message: string): void;
  warning(label: string, message: string): void;
  start?(sources: readonly Source[]): void;
  /** Bytes of the current source read so far. */
  progress?(bytesOfSource: number): void;
  sourceDone?(source: Source, tally: SourceTally): void;
  finish?(totals: RunTotals): void;
}

export function stderrReporter(stderr: TextOut): Reporter {
  // A file name is data: on a terminal its control and bidi characters are shown escaped.
  const show = (label: string): string => (stderr.isTTY ? escapeForTerminal(oneLine(label)) : oneLine(label));
  return {
    problem: (label, message) => stderr.write(`dedupe: ${show(label)}: ${message}\n`),
    warning: (label, message) => stderr.write(`dedupe: ${show(label)}: ${message}\n`),
  };
}

// A file name may hold a newline; the message must stay one line.
function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
}
