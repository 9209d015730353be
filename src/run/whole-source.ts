// A folder's common case without an await: a small regular file (below --buffer-size), plain UTF-8,
// into a shared output (stdout, -o), in a run with no index, no second reading and no near text, is
// opened, split, judged and written in one synchronous call, with no promise unless the output
// must drain. Every other source, and this one once its reading shows it is not plain (too big,
// compressed, transcoded), goes to dedupeSource; what differs is only the awaits, never the bytes.
import type { SourceTally } from '../engine/unit-router.js';
import { openWhole } from '../input/open-source.js';
import { describeIoError } from '../input/io-error.js';
import type { WholeFile } from '../input/whole-file.js';
import type { Readable } from './run-events.js';
import { accepted, windowRoom, type SourceRun } from './source-run.js';
import { createWholeRoute, type WholeRoute } from './route-source.js';
import { discardBytes } from './source-writers.js';
import { beginOutput, endSource, routeFailed, sourceInfo, sourceRoute } from './source-steps.js';

/** What is left of a source after dedupeWhole: nothing (undefined), a drain to wait for, or the awaiting path. */
export type WholeLeft =
  | { readonly kind: 'wait'; readonly done: Promise<void> }
  /** given: the file's bytes already read, when it was small but needs a decoding reader. */
  | { readonly kind: 'async'; readonly given?: WholeFile };

const ASYNC: WholeLeft = { kind: 'async' };

/** A run's way to take small plain files without an await. */
export interface WholeSources {
  /** One source: judged here if it is a small plain file; else what is left of it. ahead: its bytes, read already. */
  dedupe(source: Readable, index: number, ahead?: Buffer): WholeLeft | undefined;
}

/**
 * For a run that can take sources without an await; undefined for one with an index (its frames
 * wait for outputs), a second reading (seals), near text, JSON Lines, or per-file outputs, which
 * all settle by promise. A shared output's end() has nothing to settle (finish() commits it), so
 * it is not called here.
 */
export function wholeSources(run: SourceRun): WholeSources | undefined {
  const plan = run.options;
  if (
    plan.kind !== 'dedupe' ||
    plan.records !== undefined ||
    !run.outputs.shared ||
    run.index !== undefined ||
    run.seals !== undefined ||
    run.nearText !== undefined
  )
    return undefined;
  const route = createWholeRoute();
  const kept = plan.print === 'kept';
  return { dedupe: (source, index, ahead) => dedupeWhole(run, route, kept, source, index, ahead) };
}

function dedupeWhole(
  run: SourceRun,
  route: WholeRoute,
  kept: boolean,
  source: Readable,
  index: number,
  ahead: Buffer | undefined,
): WholeLeft | undefined {
  if (source.kind !== 'file' || source.regular !== true || source.spool !== undefined) return ASYNC;
  let read;
  try {
    read = openWhole(source.path, windowRoom(run), run.options.encoding, ahead);
  } catch (error) {
    run.problem(source.label, describeIoError(error), 'error');
    return undefined;
  }
  if (read.kind === 'stream') return ASYNC;
  if (read.kind === 'whole') return { kind: 'async', given: read };
  const opened = accepted(run, source, read, true);
  if (!opened?.whole) return undefined;
  const info = sourceInfo(source, index, opened);
  const tally: SourceTally = { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
  const output = beginOutput(run, source, opened);
  if (!output) return undefined;
  let written: Promise<void> | void;
  try {
    const steps = sourceRoute(run, index, opened, output, info, tally);
    written = route(opened, opened.whole, { ...steps.route, out: kept ? steps.text : discardBytes(steps.text) });
  } catch (error) {
    routeFailed(run, source, output, error);
    return undefined;
  }
  opened.reader.close();
  if (!written) {
    endSource(run, source, index, opened, info, tally, undefined);
    return undefined;
  }
  const done = written.then(
    () => endSource(run, source, index, opened, info, tally, undefined),
    (error: unknown) => routeFailed(run, source, output, error),
  );
  return { kind: 'wait', done };
}
