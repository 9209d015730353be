// One source's trip through a deduplicating run: the index's word on inputs it already holds,
// open, begin its output, route its units (kept text, --removed or --only-duplicates printers,
// report watches), settle the output and commit it to the index. Read errors are this source's
// problem; write errors of a shared output are the run's (thrown as OutputError). A small plain
// file into a shared output takes whole-source.ts instead, which awaits nothing.
import type { SourceTally } from '../engine/unit-router.js';
import type { OutputEnd } from '../output/targets.js';
import type { WholeFile } from '../input/whole-file.js';
import type { Readable } from './run-events.js';
import { discardBytes, keptNothing, keptNothingNote } from './source-writers.js';
import { asOutput } from './output-error.js';
import { open, type SourceRun } from './source-run.js';
import { routeSource, splitsFileBytes } from './route-source.js';
import { beginOutput, endSource, routeFailed, sourceInfo, sourceRoute } from './source-steps.js';
import { checkReading, needsCheck } from './check-pass.js';
import { routeRecords } from './route-records.js';
import { NEAR_CHANGED } from './near-text.js';
import { CHANGED_BETWEEN_READS, sameIdentity, sealTap, secondReadingRefusal } from './read-seal.js';

/** given: a small file whole-source.ts already read, which needs a decoding reader. */
export async function dedupeSource(run: SourceRun, source: Readable, index: number, given?: WholeFile): Promise<void> {
  // The totals count inputs: however many of its lines are broken, an input fails once.
  const failedBefore = run.totals.failed;
  const broken = { lines: 0 };
  try {
    await judgeSource(run, source, index, broken, given);
  } finally {
    if (broken.lines > 0 && run.totals.failed === failedBefore) run.totals.failed++;
  }
}

async function judgeSource(
  run: SourceRun,
  source: Readable,
  index: number,
  broken: { lines: number },
  given: WholeFile | undefined,
): Promise<void> {
  const plan = run.options;
  if (plan.kind !== 'dedupe') return;
  if (run.index && source.kind === 'file') {
    const state = run.index.commitState(source.path);
    // Its own earlier units are in the index: processed again, it would remove itself.
    if (state === 'changed') {
      run.problem(
        source.label,
        'changed since an earlier run committed it to the index; not processed (its earlier lines would remove themselves): give the new text a new path, or rebuild the index',
        'error',
      );
      return;
    }
    if (state === 'same') {
      // A rerun after a crash: an input committed with this content whose output exists is done.
      if (!run.outputs.shared && run.outputs.hasOutput(source)) {
        run.problem(source.label, 'already in the index with this content; left as it is', 'warning');
      } else {
        run.problem(
          source.label,
          'already committed to the index by an earlier run; not processed again (all its lines would be removed)',
          'error',
        );
      }
      return;
    }
  }
  // The bytes read are tapped when a first reading is to be matched, or the index records their digest.
  let sealed = run.seals?.get(index);
  let tap = sealed || (run.index && source.kind === 'file') ? sealTap() : undefined;
  // A counting pass has already said which encoding was guessed.
  // A small file is split where it was read (not a JSON Lines file: its records are copied out).
  let opened = await open(run, source, !run.judge!.needsCountingPass, tap, !plan.records, given);
  if (!opened) return;
  if (needsCheck(source, opened, sealed !== undefined)) {
    // A compressed file is read to its end once, sealed, before anything of it is judged.
    opened.reader.close();
    const checkTap = sealTap();
    const checked = await open(run, source, false, checkTap);
    sealed = checked && (await checkReading(run, source, checked, checkTap));
    if (!sealed) return;
    tap = sealTap();
    opened = await open(run, source, false, tap);
    if (!opened) return;
  }
  if (sealed && !sameIdentity(sealed.stat, tap!.stat)) {
    opened.reader.close();
    run.seals?.markChanged(index);
    run.problem(source.label, CHANGED_BETWEEN_READS, 'error');
    return;
  }
  // A record's units sit inside an escaped string, and a transcoded or decompressed file's units are
  // not its bytes: the matcher keeps its own copy of their text.
  run.nearText?.opened(index, !splitsFileBytes(opened) || plan.records !== undefined, tap?.stat);
  const info = sourceInfo(source, index, opened);
  const tally: SourceTally = { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
  const output = beginOutput(run, source, opened);
  if (!output) return;
  let ended: OutputEnd | undefined;
  try {
    const { route, text, keptElsewhere } = sourceRoute(run, index, opened, output, info, tally);
    run.index?.beginInput();
    if (plan.records) {
      await routeRecords(opened, {
        ...route,
        format: plan.records,
        out: text,
        fieldScratch: run.fieldScratch,
        dropEmpty: plan.dropEmpty === true,
        newRecordScope: plan.scope === 'document' ? () => run.startDocumentScope() : undefined,
        countFirst:
          plan.scope === 'document' && plan.keep !== 'first' ? (...unit) => run.judge!.count(...unit) : undefined,
        ids: run.recordIds,
        broken: (line, reason) => {
          broken.lines++;
          run.problem(`${source.label}:${line}`, `${reason}; passed through unchanged`, 'error', false);
        },
      });
    } else {
      await routeSource(opened, { ...route, out: plan.print === 'kept' ? text : discardBytes(text) });
    }
    if (run.nearText) for (const label of run.nearText.takeChanged()) run.problem(label, NEAR_CHANGED, 'error');
    const read = tap?.seal();
    const refusal =
      sealed && read
        ? run.seals && keptElsewhere
          ? secondReadingRefusal(run.seals, index, sealed, read, keptElsewhere)
          : sealed.digest === read.digest
            ? undefined
            : CHANGED_BETWEEN_READS
        : undefined;
    if (refusal) {
      output.abort();
      run.problem(source.label, refusal, 'error');
      return;
    }
    // A file with nothing but blank lines left (a duplicate document's, or with --drop-empty) is
    // not written to its own output; the input itself is never touched.
    const blankLeft =
      plan.output.kind === 'out-dir' && !plan.records && keptNothing(tally, plan.mode, plan.dropEmpty === true);
    if (blankLeft) {
      output.abort();
      tally.dropped = 1;
      tally.bytesOut = 0;
      run.problem(source.label, keptNothingNote(plan.mode), 'notice');
    }
    ended = blankLeft ? { kind: 'written' } : await asOutput(() => output.end(tally.duplicates > 0));
    // In this order: the output is on disk, then the index learns its units. A crash in between
    // can only let a repeat through next time, never lose a unique unit.
    const path = source.kind === 'file' ? source.path : undefined;
    // Rewritten in place, the path now holds the output: that is what a rerun will find there.
    const digest = ended.kind === 'written' && ended.digest !== undefined ? ended.digest : read?.digest;
    // An output committed later (shared, or --out-dir's in the background): its frame waits for it.
    if (run.outputs.shared || run.outputs.commitsLater) run.index?.holdInput(path, digest);
    else await run.index?.commitInput(path, digest);
  } catch (error) {
    routeFailed(run, source, output, error);
    return;
  } finally {
    opened.reader.close();
  }
  endSource(run, source, index, opened, info, tally, ended);
}
