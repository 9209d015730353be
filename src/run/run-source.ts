// One source's trip through the pipeline: open (sniffing encoding and binary content), split,
// judge or count, write what is kept, let reports watch, settle the output. Read errors are this
// source's problem; write errors of a shared output are the run's (thrown as OutputError).
import { createUnitRouter, type RouterWatch, type SourceTally } from '../engine/unit-router.js';
import type { Judge } from '../engine/judge.js';
import type { Keyer } from '../key/index.js';
import { splitUnits, type SplitEvents, type SplitScratch } from '../split/split-units.js';
import { openSource, type Opened } from '../input/open-source.js';
import { describeIoError } from '../input/io-error.js';
import type { Source } from '../input/sources.js';
import type { OutputEnd, Outputs } from '../output/targets.js';
import type { KeptWriter } from '../output/kept-writer.js';
import type { Report, SourceInfo } from '../report/report.js';
import type { RunTotals } from '../report/totals.js';
import type { Plan } from './plan.js';
import type { Io } from './io.js';
import type { Reporter } from './reporter.js';
import type { IndexSession } from './index-session.js';
import type { RunNearText } from './near-text.js';
import { combineWatches, discardBytes, keptRepeatsTo, lineSafe, removedUnitsTo } from './source-writers.js';
import type { RepeatMarks } from './repeat-marks.js';
import { encodedOut } from '../output/encoded-out.js';
import { guessedNote, invalidNote, refusedNote, skippedNote } from '../input/describe-opened.js';

export interface SourceRun {
  readonly plan: Plan;
  readonly io: Io;
  readonly outputs: Outputs;
  readonly reportWriter: KeptWriter | undefined;
  readonly reports: readonly Report[];
  readonly judge: Judge | undefined;
  readonly reporter: Reporter;
  readonly totals: RunTotals;
  /** Split buffers shared by all sources of the run. */
  readonly scratch: SplitScratch;
  /** The persistent index, when --index is given. */
  readonly index?: IndexSession;
  /** Shared output only: a line break owed by an earlier input whose text ended without one. */
  readonly tail: { owed?: Uint8Array };
  /** Near matching's view of the sources, told which were transcoded. */
  readonly nearText?: RunNearText;
  /** --only-duplicates: the kept copies that the marking pass found repeated. */
  readonly marks?: RepeatMarks;
  /** A notice is a warning about a source that was still read: it is not counted as skipped. */
  problem(label: string, message: string, severity: 'error' | 'warning' | 'notice'): void;
}

type Readable = Exclude<Source, { kind: 'problem' }>;

// A failed write must end the run, while a failed read only skips its source: output errors are
// wrapped on their way out of the writer so the two cannot be confused.
export class OutputError extends Error {
  constructor(override readonly cause: unknown) {
    super('output failed');
  }
}

async function asOutput<T>(action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new OutputError(error);
  }
}

const NO_STDIN: AsyncIterable<Uint8Array> = { async *[Symbol.asyncIterator]() { /* never read */ } };

// The file a failed write names, when the error carries it: the input's label alone does not say
// which output folder or file was refused.
function pathOf(error: unknown): string {
  const path = (error as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? ` ${path}` : '';
}

// announce: say which encoding was guessed (once a source: not again in the second pass).
export async function open(run: SourceRun, source: Readable, announce = true): Promise<Extract<Opened, { kind: 'text' }> | undefined> {
  let opened: Opened;
  try {
    // Standard input is touched only for the `-` source: reading process.stdin at all makes a
    // pipe it shares with other programs non-blocking, which breaks them.
    const stdin = source.kind === 'stdin' && source.spool === undefined ? run.io.stdin : NO_STDIN;
    opened = await openSource(source, stdin, run.plan.encoding);
  } catch (error) {
    run.problem(source.label, describeIoError(error), 'error');
    return undefined;
  }
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

/** The counting pass of keep last / keep none. False when the source could not be read. */
export async function countSource(run: SourceRun, source: Readable, index: number): Promise<boolean> {
  const opened = await open(run, source);
  if (!opened) return false;
  const judge = run.judge!;
  const position = { source: index, ordinal: 0, line: 0 };
  const events: SplitEvents = {
    bom() {},
    blank() {},
    unit(_buf, _start, _end, keyBuf, keyStart, keyEnd, line) {
      position.ordinal++;
      position.line = line;
      judge.count(keyBuf, keyStart, keyEnd, position);
    },
    window: yieldToEventLoop,
  };
  try {
    await splitUnits(opened.reader, { mode: run.plan.mode, bufferSize: run.plan.bufferSize, scratch: run.scratch }, events);
    return true;
  } catch (error) {
    run.problem(source.label, describeIoError(error), 'error');
    return false;
  } finally {
    opened.reader.close();
  }
}

export async function dedupeSource(run: SourceRun, source: Readable, index: number): Promise<void> {
  const plan = run.plan;
  if (plan.kind !== 'dedupe') return;
  if (run.index && source.kind === 'file') {
    const state = run.index.commitState(source.path);
    // Its own earlier units are in the index: processed again, it would remove itself.
    if (state === 'changed') {
      run.problem(source.label, 'changed since an earlier run committed it to the index; not processed (its earlier lines would remove themselves): give the new text a new path, or rebuild the index', 'error');
      return;
    }
    if (state === 'same') {
      // A rerun after a crash: an input committed with this content whose output exists is done.
      if (!run.outputs.shared && run.outputs.hasOutput(source)) {
        run.problem(source.label, 'already in the index with this content; left as it is', 'warning');
      } else {
        run.problem(source.label, 'already committed to the index by an earlier run; not processed again (all its lines would be removed)', 'error');
      }
      return;
    }
  }
  const opened = await open(run, source, plan.keep === 'first');
  if (!opened) return;
  run.nearText?.opened(index, opened.transcoder !== undefined);
  const info: SourceInfo = { index, label: source.label, relative: source.kind === 'file' ? source.relative : 'stdin', encoding: opened.encoding };
  const tally: SourceTally = { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
  let output;
  try {
    output = run.outputs.begin(source.kind === 'file' ? source : {});
  } catch (error) {
    opened.reader.close();
    const code = (error as { code?: string }).code;
    const refused = code === 'ELINK' || code === 'EREFUSED';
    run.problem(source.label, refused ? describeIoError(error) : `cannot write its output${pathOf(error)}: ${describeIoError(error)}`, code === 'ELINK' ? 'warning' : 'error');
    return;
  }
  run.totals.read++;
  let ended: OutputEnd | undefined;
  try {
    const encoded = encodedOut(output.writer, opened.transcoder);
    const text = run.outputs.shared && plan.print === 'kept' ? lineSafe(encoded, output.writer, run.tail, opened.transcoder, plan.mode === 'paragraph') : encoded;
    const watches = run.reports.map((r) => r.beginSource?.(info)).filter((w): w is RouterWatch => w !== undefined);
    // --removed and --only-duplicates: the units they print are the text; the kept text goes nowhere.
    if (plan.print === 'removed') watches.push(removedUnitsTo(text, plan.mode === 'paragraph'));
    if (plan.print === 'repeated') watches.push(keptRepeatsTo(text, plan.mode === 'paragraph', run.marks!, index));
    const router = createUnitRouter({
      mode: plan.mode, judge: run.judge!, source: index, tally,
      out: plan.print === 'kept' ? text : discardBytes(text),
      watch: combineWatches(watches),
      diskLength: opened.transcoder?.diskLength.bind(opened.transcoder),
    });
    const events = withWindowHooks(router, run, tally);
    run.index?.beginInput();
    await splitUnits(opened.reader, { mode: plan.mode, bufferSize: plan.bufferSize, scratch: run.scratch }, events);
    router.finish();
    ended = await asOutput(() => output.end(tally.duplicates > 0));
    // In this order: the output is on disk, then the index learns its units. A crash in between
    // can only let a repeat through next time, never lose a unique unit.
    const path = source.kind === 'file' ? source.path : undefined;
    if (run.outputs.shared) run.index?.holdInput(path);
    else await run.index?.commitInput(path);
  } catch (error) {
    output.abort();
    // A shared output (stdout, -o) that fails ends the run; a per-file output fails alone.
    if (error instanceof OutputError && run.outputs.shared) throw error;
    const cause = error instanceof OutputError ? error.cause : error;
    run.problem(source.label, error instanceof OutputError ? `cannot write its output${pathOf(cause)}: ${describeIoError(cause)}` : describeIoError(cause), 'error');
    return;
  } finally {
    opened.reader.close();
  }
  if (opened.invalidBytes()) run.problem(source.label, invalidNote(opened.encoding), 'warning');
  // Read and judged (its units count as seen), but its file could not be replaced: nothing removed.
  if (ended?.kind === 'left') run.problem(source.label, ended.reason, 'warning');
  else run.totals.add(tally);
  for (const report of run.reports) report.endSource?.(info, tally);
  run.reporter.sourceDone?.(source, tally);
}

const LINE_END = new Uint8Array([10]);
const NEWLINE_SYMBOL = new Uint8Array([0xe2, 0x90, 0xa4]); // U+2424, shown for LF inside a key

/** `dedupe key`: each unit's key on its own line. */
export async function listKeys(run: SourceRun, source: Readable, _index: number, keyer: Keyer): Promise<void> {
  const opened = await open(run, source);
  if (!opened) return;
  const output = run.outputs.begin({});
  const writer = output.writer;
  const events: SplitEvents = {
    bom() {},
    blank() {},
    unit(_buf, _start, _end, keyBuf, keyStart, keyEnd) {
      const length = keyer.fold(keyBuf, keyStart, keyEnd);
      const key = keyer.out;
      let from = 0;
      for (let i = 0; i < length; i++) {
        if (key[i] !== 10) continue;
        writer.copy(key, from, i);
        writer.copy(NEWLINE_SYMBOL, 0, NEWLINE_SYMBOL.length);
        from = i + 1;
      }
      writer.copy(key, from, length);
      writer.copy(LINE_END, 0, 1);
    },
    window: async (buf) => {
      await asOutput(() => writer.window(buf));
      await yieldToEventLoop();
    },
  };
  run.totals.read++;
  try {
    await splitUnits(opened.reader, { mode: run.plan.mode, bufferSize: run.plan.bufferSize, scratch: run.scratch }, events);
  } catch (error) {
    if (error instanceof OutputError) throw error;
    run.problem(source.label, describeIoError(error), 'error');
  } finally {
    opened.reader.close();
  }
}

// Before each window's bytes change: the text output and the report drain (as output), and the
// progress bar hears how far the source has got.
function withWindowHooks<T extends SplitEvents>(events: T, run: SourceRun, tally: SourceTally): T {
  const window = events.window.bind(events);
  const reportWriter = run.reportWriter;
  const progress = run.reporter.progress;
  events.window = async (buf) => {
    await asOutput(() => window(buf));
    if (reportWriter) await asOutput(() => reportWriter.window(buf));
    progress?.(tally.bytesIn);
    await yieldToEventLoop();
  };
  return events;
}

// Reads of regular files complete synchronously, so without a pause the event loop would never
// run during a long batch: Ctrl-C (SIGINT) would wait for the end, and the progress bar would not
// redraw. One pause per read window costs microseconds.
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
