// Runs RunOptions: expands the operands, sets up the outputs, reports, index, near matching and
// judge, then hands the sources to the passes (source-passes.ts) and settles what they wrote,
// while the reports handed in watch. A source that cannot be read is told
// as an event and counted, never fatal; a failed shared output ends the run. The outcome is a
// value; the front door (the CLI's main, the library) decides what it means.
import { createFingerprinter } from '../hash/fingerprint.js';
import type { SeenSet } from '../seen/seen-table.js';
import { createKeyer } from '../key/index.js';
import { createFingerprintPool, type FingerprintPool } from '../threads/fingerprint-pool.js';
import { countsFirst, createJudge, type Judge } from '../engine/judge.js';
import { createJudgeSeenSet } from '../engine/judge-seen-set.js';
import { expandOperands, type Source } from '../input/sources.js';
import { spoolOnceOnly } from '../input/spool.js';
import { describeIoError } from '../input/io-error.js';
import { createOutputs, type Outputs, type OutputTarget } from '../output/targets.js';
import { createKeptWriter } from '../output/kept-writer.js';
import { createReportSink } from '../output/report-sink.js';
import { emptyTotals, type RunTotals } from '../report/totals.js';
import type { LabelOf, Report } from '../report/report.js';
import { resolve } from 'node:path';
import { createReadSeals } from './read-seal.js';
import type { NearMatcher } from '../near/near-matcher.js';
import { createRepeatMarks } from './repeat-marks.js';
import { runPasses } from './source-passes.js';
import type { SourceRun } from './source-run.js';
import { asOutput, OutputError, pathOf } from './output-error.js';
import { checkOutputTarget, outputLabel } from './output-checks.js';
import { finishReports } from './finish-reports.js';
import type { IndexSession } from './index-session.js';
import { createRecordIds } from './route-records.js';
import type { HandedReports, RunOptions } from './run-options.js';
import type { RunIo } from './run-io.js';
import type { OnEvent, ProblemKind } from './run-events.js';

export type RunOutcome =
  | { kind: 'finished'; totals: RunTotals }
  | { kind: 'stdout-closed'; totals: RunTotals }
  | { kind: 'refused'; message: string }
  | { kind: 'output-failed'; totals: RunTotals; message: string };

export async function runPlan(plan: RunOptions, io: RunIo, emit: OnEvent, handed?: HandedReports): Promise<RunOutcome> {
  const expanded = await expandOperands(plan.operands, {
    ...plan.walk,
    outDir: plan.kind === 'dedupe' && plan.output.kind === 'out-dir' ? plan.output.dir : undefined,
  });
  if (expanded.kind === 'refused') return { kind: 'refused', message: expanded.message };
  const totals = emptyTotals();
  const cleanups: (() => void)[] = [];
  try {
    return await runSources(plan, io, emit, expanded.sources, totals, cleanups, handed);
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

async function runSources(
  plan: RunOptions,
  io: RunIo,
  emit: OnEvent,
  listed: Source[],
  totals: RunTotals,
  cleanups: (() => void)[],
  handed: HandedReports | undefined,
): Promise<RunOutcome> {
  const dedupe = plan.kind === 'dedupe' ? plan : undefined;
  const twoPass = dedupe !== undefined && countsFirst(dedupe.keep, dedupe.minFiles);
  // --only-duplicates: a kept copy is printed only if another copy is removed, maybe later, so a
  // marking pass goes first (after keep last's counting pass).
  const marking = dedupe?.print === 'repeated';
  // Keep first judges by recording in the seen-set: the run proper starts again from an empty one,
  // so its decisions are the marking pass's. After a counting pass decisions only read the
  // counts, which must stay.
  const afterMarking = (): void => {
    if (twoPass) return;
    seen = newTable();
    if (matcher) matcher = newMatcher();
  };
  // Two passes need each input twice: one that cannot be read again is copied first.
  const sources =
    twoPass || marking
      ? await spoolOnceOnly(
          listed,
          () => io.stdin,
          (created) => {
            cleanups.push(created.remove);
            cleanups.push(io.onInterrupt(created.remove));
          },
        )
      : listed;
  // A unit first seen in an earlier run is "in" the index file.
  const labelOf: LabelOf = (index) =>
    index === 'earlier-run' ? (dedupe?.index?.path ?? '?') : (sources[index]?.label ?? '?');
  emit({ kind: 'start', sources });

  // Reports on stdout take its place: the text itself then goes nowhere (unless to files).
  const reportOnStdout = dedupe !== undefined && handed?.onStdout === true;
  const textTarget: OutputTarget =
    dedupe === undefined
      ? { kind: 'stdout' }
      : reportOnStdout && dedupe.output.kind === 'stdout'
        ? { kind: 'dry-run' }
        : dedupe.output;
  // A closed report pipe ends the run only when the report is all it makes.
  const reportWriter = reportOnStdout
    ? createKeptWriter(createReportSink(io.stdout, textTarget.kind !== 'dry-run'))
    : undefined;
  // The inputs an output file must never be (-o, --out-dir, in place); a stream has none.
  const inputPaths = new Set<string>();
  if (textTarget.kind !== 'stdout' && textTarget.kind !== 'dry-run')
    for (const s of sources) if (s.kind === 'file') inputPaths.add(s.absolute ?? resolve(s.path));
  const refusal = checkOutputTarget(dedupe, inputPaths);
  if (refusal) return { kind: 'refused', message: refusal };
  let outputs: Outputs;
  try {
    outputs = createOutputs(textTarget, io.stdout, {
      track: (sink) => io.onInterrupt(() => sink.abort()),
      inputs: inputPaths,
      fs: io.writeFs,
      // With an index, each input's output must be durable before the index learns its units: in
      // place, at once; --out-dir's outputs commit in the background and the index holds their
      // frames until a batch of them is settled (INDEX_BATCH below), folders synced.
      deferFolderSync: dedupe?.index === undefined || dedupe.output.kind === 'out-dir',
      digestInPlace: dedupe?.index !== undefined,
      commitInBackground: (source, late) => {
        // Its frame (if the index holds one) must never be committed: its output is not on disk.
        if (source.path !== undefined) index?.dropHeld(source.path);
        problem(
          source.label ?? '?',
          late.kind === 'left'
            ? late.reason
            : `cannot write its output${pathOf(late.error)}: ${describeIoError(late.error)}`,
          'error',
        );
      },
    });
  } catch (error) {
    return { kind: 'output-failed', totals, message: `${outputLabel(plan)}: cannot write: ${describeIoError(error)}` };
  }
  const reports: readonly Report[] = dedupe && handed ? await handed.build(labelOf, reportWriter) : [];
  const problem = (label: string, message: string, kind: ProblemKind, counted = true): void => {
    if (kind === 'error' && counted) totals.failed++;
    if (kind === 'warning') totals.skipped++;
    emit({ kind, label, message });
    for (const report of reports) report.problem?.(label, message, kind === 'error' ? 'error' : 'warning');
  };

  const tracked = dedupe !== undefined && (twoPass || dedupe.print === 'repeated' || handed !== undefined);
  const newTable = (): SeenSet => createJudgeSeenSet(tracked, undefined, undefined, (dedupe?.minFiles ?? 1) > 1);
  const nearSetup = dedupe?.near ? await import('./near-setup.js') : undefined;
  const nearRefusal = nearSetup?.nearDataRefusal(dedupe?.index !== undefined);
  if (nearRefusal) {
    outputs.abort();
    return { kind: 'refused', message: nearRefusal };
  }
  let index: IndexSession | undefined;
  if (dedupe?.index) {
    // Loaded only when used, as near mode below: a plain run starts faster without them.
    const { openIndexSession } = await import('./index-session.js');
    const opened = await openIndexSession(dedupe.index.path, dedupe.keySpec.version, dedupe.index.readonly, tracked, {
      pid: io.pid,
      isAlive: (pid) => io.isAlive(pid),
      breakLock: dedupe.index.breakLock,
    });
    if (opened.kind === 'error') {
      outputs.abort();
      return { kind: 'refused', message: opened.message };
    }
    index = opened.session;
    cleanups.push(() => {
      index?.close().catch(() => {
        /* reported by the run, if it matters */
      });
    });
    // Said like a warning, but no input is skipped for it.
    for (const warning of index.warnings) emit({ kind: 'warning', label: dedupe.index.path, message: warning });
  }
  let seen = index?.seen ?? newTable();
  // Lines are hashed where they are read: the splitter's window lives in the fingerprinter's memory.
  const fingerprinter = await createFingerprinter({ windowBytes: plan.bufferSize });
  const near =
    nearSetup && dedupe?.near
      ? await nearSetup.setUpNear({ ...dedupe, near: dedupe.near }, sources, fingerprinter, index, emit)
      : undefined;
  const nearText = near?.nearText;
  if (nearText) cleanups.push(() => nearText.close());
  const newMatcher = (): NearMatcher | undefined => near?.newMatcher();
  let matcher = newMatcher();
  const judge: Judge | undefined = dedupe
    ? createJudge(createKeyer(dedupe.keySpec, 'lazy', fingerprinter.keyRoom()), fingerprinter, () => seen, {
        policy: dedupe.keep,
        track: tracked,
        minChars: dedupe.minChars,
        minWords: dedupe.minWords,
        minFiles: dedupe.minFiles,
        near: matcher ? () => matcher! : undefined,
      })
    : undefined;
  const marks = dedupe?.print === 'repeated' ? createRepeatMarks() : undefined;
  let pool: FingerprintPool | undefined;
  const threads =
    dedupe && dedupe.threads > 1
      ? (): FingerprintPool => {
          if (pool) return pool;
          const started = createFingerprintPool(dedupe.threads - 1, {
            keySpec: dedupe.keySpec,
            minChars: dedupe.minChars,
            minWords: dedupe.minWords,
          });
          cleanups.push(() => {
            started.close().catch(() => {
              /* a worker that cannot be stopped ends with the process */
            });
          });
          return (pool = started);
        }
      : undefined;
  const run: SourceRun = {
    options: plan,
    io,
    outputs,
    reportWriter,
    reports,
    judge,
    problem,
    emit,
    totals,
    scratch: { window: fingerprinter.windowRoom() },
    heads: {},
    index,
    tail: {},
    nearText,
    marks,
    seals: twoPass || marking ? createReadSeals() : undefined,
    fieldScratch: {},
    recordIds: dedupe?.records?.idField ? createRecordIds() : undefined,
    recordsCounted: { value: 0 },
    startDocumentScope() {
      seen = newTable();
      if (matcher) matcher = newMatcher();
    },
    threads,
  };

  try {
    await runPasses(run, plan, sources, {
      counting: twoPass,
      marking,
      restartScope: () => {
        seen = newTable();
        if (matcher) matcher = newMatcher();
      },
      afterMarking,
    });
    await asOutput(() => outputs.finish());
    // Shared outputs are durable only now: only now may their inputs' fingerprints be remembered.
    await index?.commitHeld();
    await index?.close();
    await finishReports(reports, totals, plan, judge, labelOf, sources, run.recordIds);
    if (reportWriter) await asOutput(() => reportWriter.finish());
    return { kind: 'finished', totals };
  } catch (error) {
    outputs.abort();
    const cause = error instanceof OutputError ? error.cause : error;
    if ((cause as { code?: string }).code === 'EPIPE') return { kind: 'stdout-closed', totals };
    if (!(error instanceof OutputError)) throw error;
    return { kind: 'output-failed', totals, message: `${outputLabel(plan)}: ${describeIoError(cause)}` };
  }
}
