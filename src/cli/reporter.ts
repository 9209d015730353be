// Renders a run's events on stderr: problems, warnings and notices as single `dedupe: ` lines
// (past a few per reason, only counted), and a dry run's "would remove" line per input. The run
// never formats a message line; this is the one place that does.
import type { RunEvent } from '../run/run-events.js';
import type { TextOut } from './io.js';
import { escapeForTerminal } from '../report/escape.js';

export interface Renderer {
  onEvent(event: RunEvent): void;
  /** The run has ended, however it ended: the counts of the messages not listed are owed. */
  finish(): void;
}

/** Per-input messages listed for one reason; the rest are counted and the reason given once. */
export const LISTED_PER_REASON = 20;

/** wouldRemove: a dry run's per-input line, which is what the run is for (always listed). */
export function stderrRenderer(stderr: TextOut, options: { readonly wouldRemove: boolean }): Renderer {
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
    onEvent(event) {
      switch (event.kind) {
        case 'error':
        case 'warning':
        case 'notice':
          say(event.label, event.message);
          return;
        case 'source-done':
          if (options.wouldRemove && event.tally.duplicates > 0) {
            stderr.write(
              `dedupe: ${show(event.source.label)}: would remove ${event.tally.duplicates} of ${event.tally.units} units\n`,
            );
          }
          return;
        default:
          return;
      }
    },
    finish() {
      for (const [reason, count] of counts) {
        if (count > LISTED_PER_REASON)
          stderr.write(
            `dedupe: ${(count - LISTED_PER_REASON).toLocaleString('en-US')} more inputs (not listed): ${stderr.isTTY ? escapeForTerminal(oneLine(reason)) : oneLine(reason)}\n`,
          );
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
