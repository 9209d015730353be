// Runs a plan over bytes held or streamed in memory, through the same run as the CLI's standard
// input: the output is byte-identical to `dedupe [options] < input`. Any problem the run meets
// that stops it (the bytes look binary, an output failed) rejects with a DedupeInputError; a
// warning about input it still processed (not valid UTF-8) is handed back.
import { runPlan } from '../run/run-plan.js';
import type { RunEvent } from '../run/run-events.js';
import type { DedupeRun } from '../run/run-options.js';
import { memoryIo } from './memory-io.js';
import { collectRemoved, publicTotals, type RemovedUnit, type Totals } from './removed.js';

/** The run could not process the input; the message is the CLI's for the same input. */
export class DedupeInputError extends Error {
  readonly kind = 'input';
  constructor(message: string) {
    super(message);
    this.name = 'DedupeInputError';
  }
}

export interface MemoryRun {
  readonly removed: RemovedUnit[];
  readonly totals: Totals;
  /** Warnings about input that was still processed, such as bytes not valid in their encoding. */
  readonly warnings: string[];
}

export async function runInMemory(
  plan: DedupeRun,
  input: AsyncIterable<Uint8Array>,
  out: (chunk: Uint8Array) => void | Promise<void>,
  wantUnits: boolean,
): Promise<MemoryRun> {
  const removed: RemovedUnit[] = [];
  const problems: string[] = [];
  const warnings: string[] = [];
  const onEvent = (event: RunEvent): void => {
    if (event.kind === 'error') problems.push(event.message);
    else if (event.kind === 'warning' || event.kind === 'notice') warnings.push(event.message);
  };
  const outcome = await runPlan(
    plan,
    memoryIo({ out, input }),
    onEvent,
    wantUnits ? collectRemoved((u) => removed.push(u)) : undefined,
  );
  if (outcome.kind === 'refused' || outcome.kind === 'output-failed') throw new DedupeInputError(outcome.message);
  const t = outcome.totals;
  // An input skipped with a warning (binary content) was not deduplicated at all.
  if (problems.length > 0 || t.read === 0)
    throw new DedupeInputError([...problems, ...warnings].join('; ') || 'the input could not be read');
  return {
    removed,
    warnings,
    totals: publicTotals(t),
  };
}
