// The CLI's file and folder run as a function: operands in, outputs written as the options say,
// typed events out through onEvent, and a result object. It never prints and never exits; what
// the CLI would print as a `dedupe:` line arrives here as a warning or error event.
import { runPlan } from '../run/run-plan.js';
import type { RunEvent } from '../run/run-events.js';
import { memoryIo } from './memory-io.js';
import { planForFiles, type FilesOptions } from './options.js';
import { collectRemoved, publicTotals, type RemovedUnit, type Totals } from './removed.js';
import { DedupeInputError } from './run-memory.js';

export type DedupeEvent =
  | { readonly kind: 'file-done'; readonly path: string; readonly units: number; readonly duplicates: number }
  | { readonly kind: 'removed'; readonly unit: RemovedUnit }
  | { readonly kind: 'warning'; readonly path: string; readonly message: string }
  | { readonly kind: 'error'; readonly path: string; readonly message: string };

export interface DedupeFilesOptions extends FilesOptions {
  readonly onEvent?: (event: DedupeEvent) => void;
}

export interface DedupeFilesResult {
  readonly totals: Totals;
  /** Every error event of the run: an input not read or an output not written. */
  readonly errors: readonly { readonly path: string; readonly message: string }[];
  /** True when every input was read and every output written (the CLI's exit 0). */
  readonly ok: boolean;
}

export async function dedupeFiles(
  operands: readonly string[],
  options: DedupeFilesOptions,
): Promise<DedupeFilesResult> {
  const plan = planForFiles(operands, options, ['onEvent']);
  const emit =
    options.onEvent ??
    (() => {
      /* no listener */
    });
  const errors: { path: string; message: string }[] = [];
  // The run's events, in the library's words: a notice (an encoding guessed) is a warning here.
  const onRunEvent = (event: RunEvent): void => {
    switch (event.kind) {
      case 'error':
        errors.push({ path: event.label, message: event.message });
        emit({ kind: 'error', path: event.label, message: event.message });
        return;
      case 'warning':
      case 'notice':
        emit({ kind: 'warning', path: event.label, message: event.message });
        return;
      case 'source-done':
        emit({
          kind: 'file-done',
          path: event.source.label,
          units: event.tally.units,
          duplicates: event.tally.duplicates,
        });
        return;
      default:
        return;
    }
  };
  const handed = options.onEvent ? collectRemoved((unit) => emit({ kind: 'removed', unit }), options.index) : undefined;
  const outcome = await runPlan(
    plan,
    memoryIo({
      out: () => {
        /* no stream output: files only */
      },
    }),
    onRunEvent,
    handed,
  );
  if (outcome.kind === 'refused') throw new DedupeInputError(outcome.message);
  const t = outcome.totals;
  if (outcome.kind === 'output-failed')
    errors.push({ path: plan.output.kind === 'file' ? plan.output.path : '', message: outcome.message });
  return {
    totals: publicTotals(t),
    errors,
    ok: errors.length === 0 && t.failed === 0,
  };
}
