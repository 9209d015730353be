// Runs a Plan: expands the operands, then for each source in order opens it, splits it, judges
// its units and writes what is kept to that source's output. A source that cannot be read is
// reported and counted, never fatal; a failed write ends the run. The outcome is a value; main()
// turns it into the exit code.
import { createFingerprinter } from '../hash/fingerprint.js';
import { createSeenTable, type SeenSet } from '../seen/seen-table.js';
import { createKeyer } from '../key/index.js';
import { createJudge, type Judge } from '../engine/judge.js';
import { createUnitRouter, type KeptBytes, type SourceTally } from '../engine/unit-router.js';
import { splitUnits, type SplitEvents } from '../split/split-units.js';
import { expandOperands, type Source } from '../input/sources.js';
import { openSource } from '../input/open-source.js';
import { describeIoError } from '../input/io-error.js';
import type { Transcoder } from '../input/transcode.js';
import { createOutputs, type Outputs } from '../output/targets.js';
import type { KeptWriter } from '../output/kept-writer.js';
import { emptyTotals, type RunTotals } from '../report/totals.js';
import type { Plan } from './plan.js';
import type { Io } from './io.js';
import type { Reporter } from './reporter.js';

export type RunOutcome =
  | { kind: 'finished'; totals: RunTotals }
  | { kind: 'stdout-closed'; totals: RunTotals }
  | { kind: 'refused'; message: string }
  | { kind: 'output-failed'; totals: RunTotals; message: string };

export async function runPlan(plan: Plan, io: Io, reporter: Reporter): Promise<RunOutcome> {
  const expanded = await expandOperands(plan.operands, { ...plan.walk, outDir: plan.kind === 'dedupe' && plan.output.kind === 'out-dir' ? plan.output.dir : undefined });
  if (expanded.kind === 'refused') return { kind: 'refused', message: expanded.message };
  const sources = expanded.sources;
  const totals = emptyTotals();
  reporter.start?.(sources);

  let outputs: Outputs;
  try {
    outputs = createOutputs(plan.kind === 'dedupe' ? plan.output : { kind: 'stdout' }, io.stdout, (sink) => io.onInterrupt(() => sink.abort()));
  } catch (error) {
    return { kind: 'output-failed', totals, message: `${outputLabel(plan)}: cannot write: ${describeIoError(error)}` };
  }

  const judge = plan.kind === 'dedupe' ? createJudge(createKeyer(plan.keySpec), await createFingerprinter(), () => seen) : undefined;
  let seen: SeenSet = createSeenTable();
  const keyer = createKeyer(plan.keySpec);

  try {
    for (const source of sources) {
      if (source.kind === 'problem') {
        if (source.severity === 'error') { totals.failed++; reporter.problem(source.label, source.message); }
        else { totals.skipped++; reporter.warning(source.label, source.message); }
        continue;
      }
      let opened;
      try {
        opened = await openSource(source, io.stdin, plan.encoding);
      } catch (error) {
        totals.failed++;
        reporter.problem(source.label, describeIoError(error));
        continue;
      }
      if (opened.kind === 'binary') {
        totals.skipped++;
        reporter.warning(source.label, `binary file skipped (${opened.reason})`);
        continue;
      }
      const tally: SourceTally = { units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
      let output;
      try {
        output = outputs.begin(source.kind === 'file' ? source : {});
      } catch (error) {
        opened.reader.close();
        totals.failed++;
        reporter.problem(source.label, `cannot write its output: ${describeIoError(error)}`);
        continue;
      }
      if (plan.kind === 'dedupe' && plan.scope === 'file' && totals.read > 0) seen = createSeenTable();
      totals.read++;
      try {
        const out = encodedOut(output.writer, opened.transcoder);
        const router = plan.kind === 'dedupe' ? createUnitRouter({ mode: plan.mode, judge: judge as Judge, out, tally }) : undefined;
        const events = router ?? keyLister(keyer, output.writer);
        await splitUnits(opened.reader, { mode: plan.mode, bufferSize: plan.bufferSize }, reportingWindow(guardOutput(events), reporter, tally));
        router?.finish();
        await asOutput(() => output.end(tally.duplicates > 0));
      } catch (error) {
        output.abort();
        // A shared output (stdout, -o) that fails ends the run; a per-file output fails alone.
        if (error instanceof OutputError && outputs.shared) throw error;
        totals.failed++;
        const cause = error instanceof OutputError ? error.cause : error;
        reporter.problem(source.label, error instanceof OutputError ? `cannot write its output: ${describeIoError(cause)}` : describeIoError(cause));
        continue;
      } finally {
        opened.reader.close();
      }
      if (opened.invalidBytes()) reporter.warning(source.label, `not valid ${opened.encoding}; processed byte for byte`);
      totals.add(tally);
      reporter.sourceDone?.(source, tally);
    }
    await asOutput(() => outputs.finish());
    reporter.finish?.(totals);
    return { kind: 'finished', totals };
  } catch (error) {
    outputs.abort();
    const cause = error instanceof OutputError ? error.cause : error;
    if ((cause as { code?: string }).code === 'EPIPE') return { kind: 'stdout-closed', totals };
    return { kind: 'output-failed', totals, message: `${outputLabel(plan)}: ${describeIoError(cause)}` };
  }
}

function outputLabel(plan: Plan): string {
  if (plan.kind === 'dedupe' && plan.output.kind === 'file') return plan.output.path;
  if (plan.kind === 'dedupe' && plan.output.kind === 'out-dir') return plan.output.dir;
  return 'standard output';
}

// Kept units of a UTF-16 or windows-1256 source go back out in that encoding.
function encodedOut(writer: KeptWriter, transcoder: Transcoder | undefined): KeptBytes {
  if (!transcoder) return writer;
  return {
    keep(buf, start, end) {
      const bytes = transcoder.encode(buf.subarray(start, end));
      writer.copy(bytes, 0, bytes.length);
    },
    window: (buf) => writer.window(buf),
  };
}

const LINE_END = new Uint8Array([10]);
const NEWLINE_SYMBOL = new Uint8Array([0xe2, 0x90, 0xa4]); // U+2424, shown for LF inside a key

function keyLister(keyer: ReturnType<typeof createKeyer>, writer: KeptWriter): SplitEvents {
  return {
    bom() {},
    blank() {},
    unit(_buf, _start, _end, keyBuf, keyStart, keyEnd) {
      const length = keyer.fold(keyBuf, keyStart, keyEnd);
      const key = keyer.out;
      let from = 0;
      for (let i = 0; i < length; i++) {
        if (key[i] !== 10) continue;
        writer.copy(key, from, i);
        writer.copy(NEWLINE_SYMBOL, 0, NEWLINE_SYMBOL.length);
        from = i + 1;
      }
      writer.copy(key, from, length);
      writer.copy(LINE_END, 0, 1);
    },
    window: (buf) => writer.window(buf),
  };
}

function reportingWindow<T extends SplitEvents>(events: T, reporter: Reporter, tally: SourceTally): T {
  if (!reporter.progress) return events;
  const window = events.window.bind(events);
  const progress = reporter.progress;
  events.window = async (buf) => {
    await window(buf);
    progress(tally.bytesIn);
  };
  return events;
}

// A failed write must end the run, while a failed read only skips its source: output errors are
// wrapped on their way out of the writer so the two cannot be confused.
class OutputError extends Error {
  constructor(override readonly cause: unknown) {
    super('output failed');
  }
}

async function asOutput<T>(action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new OutputError(error);
  }
}

function guardOutput<T extends SplitEvents>(events: T): T {
  const window = events.window.bind(events);
  events.window = (buf) => asOutput(() => window(buf));
  return events;
}

export type { Source };
