// The end of a run for the reports handed in: the run's context and totals, with the two queries
// a summary needs to show repeats (how often a unit repeats, and its kept copy's text read again
// where its file allows).
import type { Judge } from '../engine/judge.js';
import type { Source } from '../input/sources.js';
import type { LabelOf, Report, RunContext } from '../report/report.js';
import type { RunTotals } from '../report/totals.js';
import { readUnitsAgain } from './kept-samples.js';
import type { DedupeRun, RunOptions } from './run-options.js';
import type { RecordIds } from './route-records.js';
import { NEAR_SCORE_VERSION } from '../near/near-score.js';
import { createStringFold } from '../key/index.js';
import { HASH_ALGORITHM, HASH_BITS } from '../hash/hash-spec.js';

export async function finishReports(
  reports: readonly Report[],
  totals: RunTotals,
  plan: RunOptions,
  judge: Judge | undefined,
  labelOf: LabelOf,
  sources: readonly Source[],
  recordIds?: RecordIds,
): Promise<void> {
  if (plan.kind !== 'dedupe' || !judge) return;
  const context: RunContext = {
    keySpec: plan.keySpec.version,
    unit: plan.mode,
    scope: plan.scope,
    keep: plan.keep,
    hash: HASH_ALGORITHM,
    hashBits: HASH_BITS,
    ...(plan.near && { near: NEAR_SCORE_VERSION[plan.near.score] }),
    labelOf,
    dryRun: plan.output.kind === 'dry-run',
    settings: runSettings(plan),
    foldWord: createStringFold(plan.keySpec),
    repeatOf: (fingerprint) => judge.repeatOf(fingerprint),
    ...(recordIds ? { recordId: (source: number, line: number) => recordIds.get(source, line) } : {}),
    // An input rewritten in place no longer holds its units where they were.
    readAgain: async (wanted, maxBytes) =>
      // A record's units are inside an escaped string, not at a line of its file.
      plan.output.kind === 'in-place' || plan.records
        ? new Map()
        : readUnitsAgain(wanted, maxBytes, sources, {
            mode: plan.mode,
            bufferSize: plan.bufferSize,
            encoding: plan.encoding,
            fingerprintOf: (...a) => judge.fingerprintOf(...a),
          }),
  };
  for (const report of reports) await report.finish?.(totals, context);
}

// What a report shows of the run besides the key: only settings that change what is removed or written.
function runSettings(plan: DedupeRun): [string, string][] {
  const settings: [string, string][] = [['output', plan.output.kind]];
  if (plan.minChars > 0) settings.push(['min chars', String(plan.minChars)]);
  if (plan.minWords > 0) settings.push(['min words', String(plan.minWords)]);
  if (plan.near) {
    settings.push(['near threshold', String(plan.near.threshold)], ['near min chars', String(plan.near.minChars)]);
    settings.push(['near templates', plan.near.removeTemplates ? 'removed' : 'kept']);
  }
  if (plan.index) settings.push(['index', `${plan.index.path}${plan.index.readonly ? ' (read only)' : ''}`]);
  return settings;
}
