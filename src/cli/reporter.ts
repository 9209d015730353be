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
  /** A per-input line that is what the run is for (a dry run's list): always listed. */
  note?(label: string, message: string): void;
  start?(sources: readonly Source[]): void;
  /** Bytes of the current source read so far. */
  progress?(bytesOfSource: number): void;
  sourceDone?(source: Source, tally: SourceTally): void;
  finish?(totals: RunTotals): void;
}

/** Per-input messages listed for one reason; the rest are counted and the reason given once. */
export const LISTED_PER_REASON = 20;

export function stderrReporter(stderr: TextOut): Reporter {
  // A file name is data: on a terminal its control and bidi characters are shown escaped.
  const show = (label: string): string => (stderr.isTTY ? escapeForTerminal(oneLine(label)) : oneLine(label));
  // Thousands of inputs can be refused for one reason (each already backed up, each already in the
  // index): a flood would hide any other message, so past the first few only a count is kept.
  const counts = new Map<string, number>();
  const say = (label: string, message: string): void => {
    const reason = reasonOf(label, message);
    const count = (counts.get(reason) ?? 0) + 1;
    counts.set(reason, count);
    if (count <= LISTED_PER_REASON) stderr.write(`dedupe: ${show(label)}: ${message}\n`);
  };
  return {
    problem: say,
    warning: say,
    note: (label, message) => stderr.write(`dedupe: ${show(label)}: ${message}\n`),
    finish() {
      for (const [reason, count] of counts) {
        if (count > LISTED_PER_REASON) stderr.write(`dedupe: ${(count - LISTED_PER_REASON).toLocaleString('en-US')} more inputs (not listed): ${stderr.isTTY ? escapeForTerminal(oneLine(reason)) : oneLine(reason)}\n`);
      }
      counts.clear();
    },
  };
}

/**
 * A message with its input's own name taken out (`backup FILE.orig already exists`), so that one
 * reason given for many inputs is recognised as one. The name is replaced only where it stands as
 * a word of its own or a path's start, never inside another word.
 */
export function reasonOf(label: string, message: string): string {
  if (label.length === 0) return message;
  let out = '';
  let from = 0;
  for (let at = message.indexOf(label); at >= 0; at = message.indexOf(label, from)) {
    const end = at + label.length;
    const standsAlone = (at === 0 || /\s/.test(message[at - 1])) && !/[\p{L}\p{N}]/u.test(message[end] ?? ' ');
    out += message.slice(from, at) + (standsAlone ? 'FILE' : label);
    from = end;
  }
  return out + message.slice(from);
}

// A file name may hold a newline; the message must stay one line.
function oneLine(text: string): string {
  return text.replace(/[\r\n]/g, (c) => (c === '\n' ? '\\n' : '\\r'));
}
