// The steps of one source's writing pass that its two paths share: the awaiting one
// (run-source.ts) and the one without an await for a small file (whole-source.ts). Beginning the
// output, the route's options (writers, watches, the per-window drain), a failed route, and the
// source's end (totals, reports, events). They decide nothing about which path a source takes.
import type { RouterWatch, SourceTally } from '../engine/unit-router.js';
import { describeIoError } from '../input/io-error.js';
import { invalidNote } from '../input/describe-opened.js';
import type { OutputEnd, SourceOutput } from '../output/targets.js';
import type { KeptWriter } from '../output/kept-writer.js';
import { encodedOut } from '../output/encoded-out.js';
import type { SourceInfo } from '../report/report.js';
import type { Readable } from './run-events.js';
import { combineWatches, keptRepeatsTo, lineSafe, removedUnitsTo } from './source-writers.js';
import { keptCopiesIn } from './read-seal.js';
import { asOutput, OutputError, pathOf } from './output-error.js';
import { pauseIfDue, yieldToEventLoop, type SourceRun } from './source-run.js';
import type { RouteOptions, TextOpened } from './route-source.js';

export function sourceInfo(source: Readable, index: number, opened: TextOpened): SourceInfo {
  return {
    index,
    label: source.label,
    relative: source.kind === 'file' ? source.relative : 'stdin',
    encoding: opened.encoding,
  };
}

/** The source's output, begun; undefined (told, and the reader closed) when it cannot be made. */
export function beginOutput(run: SourceRun, source: Readable, opened: TextOpened): SourceOutput | undefined {
  let output: SourceOutput;
  try {
    output = run.outputs.begin(source.kind === 'file' ? source : {}, opened.compression);
  } catch (error) {
    opened.reader.close();
    const code = (error as { code?: string }).code;
    const refused = code === 'ELINK' || code === 'EREFUSED';
    // Opened and sniffed, so read as the user sees it, though its output cannot be made (unless
    // it is passed over: a link under --out-dir is skipped, not read).
    if (code !== 'ELINK') run.totals.read++;
    run.problem(
      source.label,
      refused ? describeIoError(error) : `cannot write its output${pathOf(error)}: ${describeIoError(error)}`,
      code === 'ELINK' ? 'warning' : 'error',
    );
    return undefined;
  }
  run.totals.read++;
  return output;
}

export interface SourceRoute {
  /** The route's options but `out`: the kept text, or a discard for --removed and --only-duplicates. */
  readonly route: Omit<RouteOptions, 'out'>;
  /** The source's text as written: its own encoding, and line-safe in a shared stream. */
  readonly text: KeptWriter;
  /** Sources read twice: the sources whose kept copies this one's removed units point to. */
  readonly keptElsewhere?: Set<number>;
}

export function sourceRoute(
  run: SourceRun,
  index: number,
  opened: TextOpened,
  output: SourceOutput,
  info: SourceInfo,
  tally: SourceTally,
): SourceRoute {
  const plan = run.options;
  if (plan.kind !== 'dedupe') throw new Error('a writing pass needs a dedupe plan');
  const encoded = encodedOut(output.writer, opened.transcoder);
  const text =
    run.outputs.shared && plan.print === 'kept'
      ? lineSafe(encoded, output.writer, run.tail, opened.transcoder, plan.mode === 'paragraph')
      : encoded;
  const watches: RouterWatch[] = [];
  for (const report of run.reports) {
    const watch = report.beginSource?.(info);
    if (watch) watches.push(watch);
  }
  // --removed and --only-duplicates: the units they print are the text; the kept text goes nowhere.
  if (plan.print === 'removed') watches.push(removedUnitsTo(text, plan.mode === 'paragraph'));
  if (plan.print === 'repeated') watches.push(keptRepeatsTo(text, plan.mode === 'paragraph', run.marks!, index));
  const keptElsewhere = run.seals ? new Set<number>() : undefined;
  if (keptElsewhere) watches.push(keptCopiesIn(keptElsewhere, index));
  const reportWriter = run.reportWriter;
  // The text output and the report drain (as output); the progress hears how far it got. A
  // window with nothing to wait for (most of a folder of small files) costs no promise at all.
  const onWindow = (write: () => Promise<void> | void, buf: Uint8Array): Promise<void> | void => {
    let written: Promise<void> | void;
    try {
      written = write();
    } catch (error) {
      throw new OutputError(error);
    }
    if (written || reportWriter) return windowDrained(written, buf);
    run.emit({ kind: 'progress', bytesOfSource: tally.bytesIn });
    return pauseIfDue();
  };
  const windowDrained = async (written: Promise<void> | void, buf: Uint8Array): Promise<void> => {
    await asOutput(() => written);
    if (reportWriter) await asOutput(() => reportWriter.window(buf));
    run.emit({ kind: 'progress', bytesOfSource: tally.bytesIn });
    await yieldToEventLoop();
  };
  const route = {
    mode: plan.mode,
    bufferSize: plan.bufferSize,
    scratch: run.scratch,
    judge: run.judge!,
    threads:
      run.threads && run.judge?.takesPrepared
        ? { judge: run.judge, pool: run.threads, afterBytes: plan.threadsAfterBytes }
        : undefined,
    source: index,
    tally,
    watch: combineWatches(watches),
    onWindow,
  };
  return { route, text, keptElsewhere };
}

/** A route that threw: the output left as it was, the source failed; a shared output's failure ends the run. */
export function routeFailed(run: SourceRun, source: Readable, output: SourceOutput, error: unknown): void {
  output.abort();
  // A shared output (stdout, -o) that fails ends the run; a per-file output fails alone.
  if (error instanceof OutputError && run.outputs.shared) throw error;
  const cause = error instanceof OutputError ? error.cause : error;
  run.problem(
    source.label,
    error instanceof OutputError
      ? `cannot write its output${pathOf(cause)}: ${describeIoError(cause)}`
      : describeIoError(cause),
    'error',
  );
}

/** A source judged and its output settled (its reader closed): counted, told to the reports and as an event. */
export function endSource(
  run: SourceRun,
  source: Readable,
  index: number,
  opened: TextOpened,
  info: SourceInfo,
  tally: SourceTally,
  ended: OutputEnd | undefined,
): void {
  if (opened.invalidBytes()) run.problem(source.label, invalidNote(opened.encoding), 'warning');
  // Read and judged (its units count as seen), but its file could not be replaced: nothing removed.
  // The user asked for it to be cleaned and it was not (a backup in the way, a change while read),
  // so it failed.
  if (ended?.kind === 'left') {
    run.problem(source.label, ended.reason, 'error');
    run.totals.add({ ...tally, duplicates: 0, bytesOut: tally.bytesIn, dropped: 0 });
  } else run.totals.add(tally);
  for (const report of run.reports) report.endSource?.(info, tally);
  run.emit({ kind: 'source-done', source, index, tally });
}
