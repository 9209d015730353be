// Runs a Plan: expands the operands, then reads each source in order (twice for the keep-last and
// keep-none policies and for --only-duplicates), judging its units and writing what is kept to
// that source's output, while reports watch. A source that cannot be read is reported and
// counted, never fatal; a failed shared output ends the run. The outcome is a value; main() turns
// it into the exit code.
import { createFingerprinter } from '../hash/fingerprint.js';
import type { SeenSet } from '../seen/seen-table.js';
import { createKeyer } from '../key/index.js';
import { createJudge, createJudgeSeenSet, type Judge } from '../engine/judge.js';
import { readUnitsAgain } from './kept-samples.js';
import { expandOperands, type Source } from '../input/sources.js';
import { spoolOnceOnly } from '../input/spool.js';
import { describeIoError } from '../input/io-error.js';
import { createOutputs, type Outputs, type OutputTarget } from '../output/targets.js';
import { createKeptWriter } from '../output/kept-writer.js';
import { emptyTotals, type RunTotals } from '../report/totals.js';
import type { LabelOf, Report, RunContext } from '../report/report.js';
import { createRepeatMarks, markSource } from './repeat-marks.js';
import { countSource, dedupeSource, listKeys, OutputError, type SourceRun } from './run-source.js';
import type { DedupePlan, Plan } from './plan.js';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from './io.js';
import type { Reporter } from './reporter.js';
import { openIndexSession, type IndexSession } from './index-session.js';
import { createNearMatcher, type NearMatcher } from '../near/near-matcher.js';
import { NEAR_SHAPE } from '../near/near-shape.js';
import { createRunNearText } from './near-text.js';

export type RunOutcome =
  | { kind: 'finished'; totals: RunTotals }
  | { kind: 'stdout-closed'; totals: RunTotals }
  | { kind: 'refused'; message: string }
  | { kind: 'output-failed'; totals: RunTotals; message: string };

/** Reports the caller builds and hands in (the library API's collectors), given the run's labels. */
export type HandedReports = (labelOf: LabelOf) => readonly Report[];

export async function runPlan(plan: Plan, io: Io, reporter: Reporter, handed?: HandedReports): Promise<RunOutcome> {
  const expanded = await expandOperands(plan.operands, { ...plan.walk, outDir: plan.kind === 'dedupe' && plan.output.kind === 'out-dir' ? plan.output.dir : undefined });
  if (expanded.kind === 'refused') return { kind: 'refused', message: expanded.message };
  const totals = emptyTotals();
  const cleanups: (() => void)[] = [];
  try {
    return await runSources(plan, io, reporter, expanded.sources, totals, cleanups, handed);
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

async function runSources(plan: Plan, io: Io, reporter: Reporter, listed: Source[], totals: RunTotals, cleanups: (() => void)[], handed: HandedReports | undefined): Promise<RunOutcome> {
  const dedupe = plan.kind === 'dedupe' ? plan : undefined;
  const twoPass = dedupe !== undefined && dedupe.keep !== 'first';
  // --only-duplicates: a kept copy is printed only if another copy is removed, maybe later, so a
  // marking pass goes first (after keep last's counting pass).
  const marking = dedupe?.print === 'repeated';
  // Keep first judges by recording in the seen-set: the run proper starts again from an empty one,
  // so its decisions are the marking pass's. Keep last only reads the counts, which must stay.
  const afterMarking = (): void => {
    if (dedupe?.keep !== 'first') return;
    seen = newTable();
    if (matcher) matcher = newMatcher();
  };
  // Two passes need each input twice: one that cannot be read again is copied first.
  const sources = twoPass || marking
    ? await spoolOnceOnly(listed, () => io.stdin, (created) => { cleanups.push(created.remove); cleanups.push(io.onInterrupt(created.remove)); })
    : listed;
  // A unit first seen in an earlier run is "in" the index file.
  const labelOf: LabelOf = (index) => (index === 'earlier-run' ? dedupe?.index?.path ?? '?' : sources[index]?.label ?? '?');
  reporter.start?.(sources);

  // A report takes stdout's place: the text itself then goes nowhere (unless to files).
  const reportWriter = dedupe?.report ? createKeptWriter(io.stdout) : undefined;
  const textTarget: OutputTarget = dedupe === undefined ? { kind: 'stdout' } : dedupe.report && dedupe.output.kind === 'stdout' ? { kind: 'dry-run' } : dedupe.output;
  const inputPaths = new Set(sources.flatMap((s) => (s.kind === 'file' ? [resolve(s.path)] : [])));
  const refusal = checkOutputTarget(dedupe, inputPaths);
  if (refusal) return { kind: 'refused', message: refusal };
  let outputs: Outputs;
  try {
    outputs = createOutputs(textTarget, io.stdout, { track: (sink) => io.onInterrupt(() => sink.abort()), inputs: inputPaths, fs: io.writeFs });
  } catch (error) {
    return { kind: 'output-failed', totals, message: `${outputLabel(plan)}: cannot write: ${describeIoError(error)}` };
  }
  // Reports (and chalk) load only when asked for: plain runs start faster without them.
  const reports: Report[] = dedupe && (dedupe.report || dedupe.stats)
    ? (await import('./report-setup.js')).buildReports(dedupe, io, reportWriter, labelOf)
    : [];
  if (handed) reports.push(...handed(labelOf));
  // A notice (an encoding guessed) is said like a warning but skips nothing.
  const problem = (label: string, message: string, severity: 'error' | 'warning' | 'notice'): void => {
    if (severity === 'error') { totals.failed++; reporter.problem(label, message); } else { if (severity === 'warning') totals.skipped++; reporter.warning(label, message); }
    for (const report of reports) report.problem?.(label, message, severity === 'error' ? 'error' : 'warning');
  };

  const tracked = dedupe !== undefined && (dedupe.report !== undefined || dedupe.stats || dedupe.keep !== 'first' || dedupe.print === 'repeated' || handed !== undefined);
  const newTable = (): SeenSet => createJudgeSeenSet(tracked);
  let index: IndexSession | undefined;
  if (dedupe?.index) {
    const opened = await openIndexSession(dedupe.index.path, dedupe.keySpec.version, dedupe.index.readonly, tracked, io);
    if (opened.kind === 'error') {
      outputs.abort();
      return { kind: 'refused', message: opened.message };
    }
    index = opened.session;
    cleanups.push(() => { index?.close().catch(() => { /* reported by the run, if it matters */ }); });
    for (const warning of index.warnings) reporter.warning(dedupe.index.path, warning);
  }
  let seen = index?.seen ?? newTable();
  const fingerprinter = await createFingerprinter();
  const nearText = dedupe?.near
    ? createRunNearText(sources, createKeyer(dedupe.keySpec), (key, length, out) => fingerprinter.fingerprint(key, length, out), dedupe.output.kind === 'in-place', dedupe.scope === 'file')
    : undefined;
  if (nearText) cleanups.push(() => nearText.close());
  const newMatcher = (): NearMatcher | undefined => dedupe?.near && nearText
    ? createNearMatcher({ ...dedupe.near, shape: NEAR_SHAPE }, nearText)
    : undefined;
  let matcher = newMatcher();
  const judge: Judge | undefined = dedupe
    ? createJudge(createKeyer(dedupe.keySpec), fingerprinter, () => seen, {
      policy: dedupe.keep, track: tracked, minChars: dedupe.minChars, minWords: dedupe.minWords,
      near: matcher ? () => matcher! : undefined,
    })
    : undefined;
  const marks = dedupe?.print === 'repeated' ? createRepeatMarks() : undefined;
  const run: SourceRun = { plan, io, outputs, reportWriter, reports, judge, problem, reporter, totals, scratch: {}, index, tail: {}, nearText, marks };
  const failedInCounting = new Set<number>();

  try {
    if (twoPass && dedupe.scope === 'global') {
      for (const [index, source] of sources.entries()) {
        if (source.kind !== 'problem' && !(await countSource(run, source, index))) failedInCounting.add(index);
      }
    }
    if (marking && dedupe.scope === 'global') {
      for (const [index, source] of sources.entries()) {
        if (source.kind !== 'problem' && !(await markSource(run, source, index, marks!))) failedInCounting.add(index);
      }
      afterMarking();
    }
    for (const [index, source] of sources.entries()) {
      if (source.kind === 'problem') { problem(source.label, source.message, source.severity); continue; }
      if (failedInCounting.has(index)) continue;
      if (dedupe?.scope === 'file' && totals.read > 0) { seen = newTable(); if (matcher) matcher = newMatcher(); }
      if (twoPass && dedupe.scope === 'file' && !(await countSource(run, source, index))) continue;
      if (marking && dedupe.scope === 'file') {
        if (!(await markSource(run, source, index, marks!))) continue;
        afterMarking();
      }
      if (plan.kind === 'key') await listKeys(run, source, index, createKeyer(plan.keySpec));
      else await dedupeSource(run, source, index);
    }
    await asOutput(() => outputs.finish());
    // Shared outputs are durable only now: only now may their inputs' fingerprints be remembered.
    await index?.commitHeld();
    await index?.close();
    await finishReports(reports, totals, plan, judge, labelOf, sources);
    if (reportWriter) await asOutput(() => reportWriter.finish());
    reporter.finish?.(totals);
    return { kind: 'finished', totals };
  } catch (error) {
    outputs.abort();
    const cause = error instanceof OutputError ? error.cause : error;
    if ((cause as { code?: string }).code === 'EPIPE') return { kind: 'stdout-closed', totals };
    if (!(error instanceof OutputError)) throw error;
    return { kind: 'output-failed', totals, message: `${outputLabel(plan)}: ${describeIoError(cause)}` };
  }
}

async function finishReports(reports: Report[], totals: RunTotals, plan: Plan, judge: Judge | undefined, labelOf: LabelOf, sources: readonly Source[]): Promise<void> {
  if (plan.kind !== 'dedupe' || !judge) return;
  const context: RunContext = {
    keySpec: plan.keySpec.version, unit: plan.mode, scope: plan.scope, keep: plan.keep,
    hash: 'xxh64x2', hashBits: 128, labelOf,
    repeatOf: (fingerprint) => judge.repeatOf(fingerprint),
    // An input rewritten in place no longer holds its units where they were.
    readAgain: async (wanted, maxBytes) => (plan.output.kind === 'in-place'
      ? new Map()
      : readUnitsAgain(wanted, maxBytes, sources, { mode: plan.mode, bufferSize: plan.bufferSize, encoding: plan.encoding, fingerprintOf: (...a) => judge.fingerprintOf(...a) })),
  };
  for (const report of reports) await report.finish?.(totals, context);
}

// Refusals that need the expanded inputs: an --out-dir that is a file, and printing only the
// duplicates over one of the inputs (which would keep just its repeats).
function checkOutputTarget(plan: DedupePlan | undefined, inputs: ReadonlySet<string>): string | undefined {
  if (!plan) return undefined;
  if (plan.output.kind === 'out-dir' && existsSync(plan.output.dir) && !statSync(plan.output.dir).isDirectory()) {
    return `--out-dir ${plan.output.dir} exists and is not a folder`;
  }
  if (plan.print !== 'kept' && plan.output.kind === 'file' && isInput(plan.output.path, inputs)) {
    return `${plan.print === 'repeated' ? '--only-duplicates' : '--removed'} with -o ${plan.output.path}: that is an input, and would be left with only its repeats`;
  }
  return undefined;
}

// -o follows links to the file they name: a link to an input is that input.
function isInput(path: string, inputs: ReadonlySet<string>): boolean {
  if (inputs.has(resolve(path))) return true;
  const real = realOrUndefined(path);
  return real !== undefined && [...inputs].some((input) => realOrUndefined(input) === real);
}

function realOrUndefined(path: string): string | undefined {
  try { return realpathSync(path); } catch { return undefined; }
}

function outputLabel(plan: Plan): string {
  if (plan.kind === 'dedupe' && plan.output.kind === 'file') return plan.output.path;
  if (plan.kind === 'dedupe' && plan.output.kind === 'out-dir') return plan.output.dir;
  return 'standard output';
}

async function asOutput<T>(action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new OutputError(error);
  }
}
