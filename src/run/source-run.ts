// What every pass over one source shares: the run's context (options, outputs, judge, reports,
// index, events) and opening a source, which sniffs binary content and guessed encodings and says
// so as events. A read error is the source's problem, never the run's.
import type { Judge } from '../engine/judge.js';
import type { SplitScratch } from '../split/split-units.js';
import { openSource, type HeadRooms, type Opened, type ReadTap } from '../input/open-source.js';
import type { WholeFile } from '../input/whole-file.js';
import { describeIoError } from '../input/io-error.js';
import type { Outputs } from '../output/targets.js';
import type { KeptWriter } from '../output/kept-writer.js';
import type { Report } from '../report/report.js';
import type { RunTotals } from '../report/totals.js';
import { guessedNote, refusedNote, skippedNote } from '../input/describe-opened.js';
import type { RunOptions } from './run-options.js';
import type { RunIo } from './run-io.js';
import type { OnEvent, ProblemKind, Readable } from './run-events.js';
import type { IndexSession } from './index-session.js';
import type { RunNearText } from './near-text.js';
import type { RepeatMarks } from './repeat-marks.js';
import type { ReadSeals } from './read-seal.js';
import type { RecordIds } from './route-records.js';
import type { FingerprintPool } from '../threads/fingerprint-pool.js';
import { monotonicNow } from '../monotonic-now.js';

export interface SourceRun {
  readonly options: RunOptions;
  readonly io: RunIo;
  readonly outputs: Outputs;
  /** Standard output's writer when reports take the text's place there. */
  readonly reportWriter: KeptWriter | undefined;
  readonly reports: readonly Report[];
  readonly judge: Judge | undefined;
  readonly emit: OnEvent;
  readonly totals: RunTotals;
  /** Split buffers shared by all sources of the run. */
  readonly scratch: SplitScratch;
  /** The run's head buffers for opening its sources (open-source.ts). */
  readonly heads: HeadRooms;
  /** The persistent index, when --index is given. */
  readonly index?: IndexSession;
  /** Shared output only: a line break owed by an earlier input whose text ended without one. */
  readonly tail: { owed?: Uint8Array };
  /** Near matching's view of the sources, told which were transcoded. */
  readonly nearText?: RunNearText;
  /** --only-duplicates: the kept copies that the marking pass found repeated. */
  readonly marks?: RepeatMarks;
  /** Runs that read their sources twice: what each was at its first reading. */
  readonly seals?: ReadSeals;
  /** JSON Lines: the field texts' split buffers, and the ids of records (--id-field). */
  readonly fieldScratch: SplitScratch;
  readonly recordIds?: RecordIds;
  /** JSON Lines under --min-files: the records counted so far, each record's document number. */
  readonly recordsCounted: { value: number };
  /** --scope document: an empty seen-set for the next record. */
  startDocumentScope(): void;
  /** The run's fingerprint workers (--threads above 1), started the first time a long source asks. */
  readonly threads?: () => FingerprintPool;
  /**
   * Counts the problem (failed, skipped; a notice neither), tells the reports, emits the event.
   * counted false: one of several about one input (a JSON Lines line), whose caller counts the input once.
   */
  problem(label: string, message: string, kind: ProblemKind, counted?: boolean): void;
}

const NO_STDIN: AsyncIterable<Uint8Array> = {
  async *[Symbol.asyncIterator]() {
    /* never read */
  },
};

// announce: say which encoding was guessed (once a source: not again in the second pass).
// whole: the caller splits a small file's bytes where they lie (opened.whole), in the run's window.
export async function open(
  run: SourceRun,
  source: Readable,
  announce = true,
  tap?: ReadTap,
  whole = false,
  given?: WholeFile,
): Promise<Extract<Opened, { kind: 'text' }> | undefined> {
  let opened: Opened;
  try {
    // Standard input is touched only for the `-` source: reading process.stdin at all makes a
    // pipe it shares with other programs non-blocking, which breaks them.
    const stdin = source.kind === 'stdin' && source.spool === undefined ? run.io.stdin : NO_STDIN;
    const room = whole ? windowRoom(run) : undefined;
    opened = await openSource(source, stdin, run.options.encoding, tap, room, run.heads, given);
  } catch (error) {
    run.problem(source.label, describeIoError(error), 'error');
    return undefined;
  }
  return accepted(run, source, opened, announce);
}

/**
 * The run's window, where a small file (below --buffer-size) is read whole and split where it lies.
 * A window grown for a long unit still takes no bigger file whole: a tiny --buffer-size streams
 * every file but the empty ones, as the tests that compare both paths rely on.
 */
export function windowRoom(run: SourceRun): Buffer {
  const size = Math.max(4, run.options.bufferSize);
  const window = (run.scratch.window ??= Buffer.allocUnsafe(size));
  return window.length > size ? window.subarray(0, size) : window;
}

/** An opened source as the passes take it: binary content and a guessed encoding are told here. */
export function accepted(
  run: SourceRun,
  source: Readable,
  opened: Opened,
  announce: boolean,
): Extract<Opened, { kind: 'text' }> | undefined {
  if (opened.kind === 'binary') {
    // A file the user named that would produce nothing is a failure; one a walk found is passed over.
    const named = source.kind === 'stdin' ? 'stdin' : source.named;
    if (named) run.problem(source.label, refusedNote(opened, named === 'operand' ? source.label : undefined), 'error');
    else run.problem(source.label, skippedNote(opened), 'warning');
    return undefined;
  }
  if (announce && opened.guessed) run.problem(source.label, guessedNote(opened.encoding, opened.guessed), 'notice');
  return opened;
}

// Reads of regular files complete synchronously, so without a pause the event loop would never
// run during a long batch: Ctrl-C (SIGINT) would wait for the end, the progress bar would not
// redraw, and --out-dir's background commits would not move on. A pause costs microseconds, which
// add up over a folder of small files (one window each), so there is one every few milliseconds.
const PAUSE_EVERY_MS = 4;
let lastPause = 0;

export function yieldToEventLoop(): Promise<void> {
  return pauseIfDue() ?? Promise.resolve();
}

/** The pause when one is due, else nothing: a caller on the per-window path awaits only a real pause. */
export function pauseIfDue(): Promise<void> | undefined {
  const now = monotonicNow();
  if (now - lastPause < PAUSE_EVERY_MS) return undefined;
  lastPause = now;
  return new Promise((resolve) => setImmediate(resolve));
}
