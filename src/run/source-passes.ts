// The run's passes over its sources, in input order: under the global scope the counting pass
// (keep last or none, --min-files) and the marking pass (--only-duplicates) go over every input
// first; under --scope file each input gets its own just before it is judged. Then each input is
// judged and written (a small plain file without an await, with --threads above 1 read ahead on a
// reader thread when there are many); index frames are committed by batches.
import type { Source } from '../input/sources.js';
import { createKeyer } from '../key/index.js';
import type { RunOptions } from './run-options.js';
import type { SourceRun } from './source-run.js';
import { countSource } from './count-pass.js';
import { markSource } from './repeat-marks.js';
import { listKeys } from './key-list.js';
import { dedupeSource } from './run-source.js';
import { wholeSources, type WholeLeft, type WholeSources } from './whole-source.js';
import { startReadAhead, type ReadAhead } from '../threads/read-ahead.js';
import { asOutput } from './output-error.js';

/**
 * --out-dir --index: inputs whose frames the index holds before their outputs are settled and the
 * frames appended with one fdatasync. A crash loses at most this many inputs' frames (their
 * outputs are then written again by the next run, never lost); memory holds their fingerprints.
 */
export const INDEX_BATCH = 256;

const ASYNC_PATH: WholeLeft = { kind: 'async' };

export interface Passes {
  /** Inputs are read twice: counted first (keep last or none, --min-files). */
  readonly counting: boolean;
  /** Inputs are read twice: repeats marked first (--only-duplicates). */
  readonly marking: boolean;
  /** A scope starts again: an empty seen-set, a new near matcher. */
  restartScope(): void;
  /** The marking pass recorded its decisions in the seen-set: the run proper starts from an empty one. */
  afterMarking(): void;
}

export async function runPasses(
  run: SourceRun,
  plan: RunOptions,
  sources: readonly Source[],
  passes: Passes,
): Promise<void> {
  const { counting, marking } = passes;
  const global = plan.kind === 'dedupe' && plan.scope === 'global';
  const failedInCounting = new Set<number>();
  if (global && counting) {
    for (let index = 0; index < sources.length; index++) {
      const source = sources[index];
      if (source.kind !== 'problem' && !(await countSource(run, source, index))) failedInCounting.add(index);
    }
  }
  if (global && marking) {
    for (let index = 0; index < sources.length; index++) {
      const source = sources[index];
      if (source.kind !== 'problem' && !(await markSource(run, source, index, run.marks!))) failedInCounting.add(index);
    }
    passes.afterMarking();
  }
  if (global && (counting || marking)) await run.io.betweenPasses?.();
  const whole = wholeSources(run);
  // Many small files: a reader thread reads them ahead while this one judges (read-ahead.ts).
  const afterFiles = plan.kind === 'dedupe' ? plan.readAheadAfterFiles : undefined;
  const ahead = whole && afterFiles !== undefined ? startReadAhead(sources, afterFiles) : undefined;
  try {
    await judgeSources(run, plan, sources, passes, failedInCounting, whole, ahead);
  } finally {
    ahead?.close();
  }
}

async function judgeSources(
  run: SourceRun,
  plan: RunOptions,
  sources: readonly Source[],
  passes: Passes,
  failedInCounting: ReadonlySet<number>,
  whole: WholeSources | undefined,
  ahead: ReadAhead | undefined,
): Promise<void> {
  const { counting, marking } = passes;
  const perFile = plan.kind === 'dedupe' && plan.scope === 'file';
  // Counted, not entries(): no pair made per source of a folder of 20,000.
  for (let index = 0; index < sources.length; index++) {
    const source = sources[index];
    if (source.kind === 'problem') {
      run.problem(source.label, source.message, source.severity);
      continue;
    }
    if (failedInCounting.has(index)) continue;
    if (perFile && run.totals.read > 0) passes.restartScope();
    if (perFile && counting && !(await countSource(run, source, index))) continue;
    if (perFile && marking) {
      if (!(await markSource(run, source, index, run.marks!))) continue;
      passes.afterMarking();
    }
    if (perFile && (counting || marking)) await run.io.betweenPasses?.();
    run.emit({ kind: 'source-start', source, index });
    if (plan.kind === 'key') await listKeys(run, source, createKeyer(plan.keySpec));
    else {
      // A small plain file costs no await (whole-source.ts); the rest, and its leftovers, do.
      const left = whole ? whole.dedupe(source, index, ahead?.take(index)) : ASYNC_PATH;
      if (left?.kind === 'wait') await left.done;
      else if (left) await dedupeSource(run, source, index, left.given);
    }
    if (run.index && run.outputs.commitsLater && run.index.held >= INDEX_BATCH) {
      await asOutput(() => run.outputs.settle());
      await run.index.commitHeld();
    }
  }
}
