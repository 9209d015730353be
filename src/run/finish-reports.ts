// The end of a run for the reports handed in: the most repeated units they asked for, each with
// its kept copy's text read again where its file allows, and the run's context and totals.
import { SAMPLE_BYTES, type Hasher, type Judge } from '../engine/judge.js';
import type { Source } from '../input/sources.js';
import type { Report, RunContext } from '../report/report.js';
import type { RunTotals } from '../report/totals.js';
import { readKeptSamples } from './kept-samples.js';
import type { RunOptions } from './run-options.js';

export async function finishReports(reports: readonly Report[], mostRepeated: number | undefined, totals: RunTotals, plan: RunOptions, judge: Judge | undefined, labelOf: (i: number) => string, sources: readonly Source[], hasher: Pick<Hasher, 'hash64'>): Promise<void> {
  if (plan.kind !== 'dedupe' || !judge) return;
  const repeated = mostRepeated !== undefined ? judge.mostRepeated(mostRepeated) : [];
  if (plan.output.kind !== 'in-place') {
    await readKeptSamples(repeated, sources, { mode: plan.mode, bufferSize: plan.bufferSize, encoding: plan.encoding, sampleBytes: SAMPLE_BYTES, hash64: (...a) => hasher.hash64(...a) });
  }
  const context: RunContext = {
    keySpec: plan.keySpec.version, unit: plan.mode, scope: plan.scope, keep: plan.keep,
    hash: 'xxh64x2', hashBits: 128, labelOf, mostRepeated: (limit) => repeated.slice(0, limit),
  };
  for (const report of reports) report.finish?.(totals, context);
}
