// Runs a Plan: opens each source in order, splits it, judges its units and writes what is kept.
// A source that cannot be read is reported and counted, never fatal; the output is committed
// after the last source. The run's outcome is a value; main() turns it into the exit code.
import { createFingerprinter } from '../hash/fingerprint.js';
import { createSeenTable, type SeenSet } from '../seen/seen-table.js';
import { createKeyer } from '../key/index.js';
import { createJudge } from '../engine/judge.js';
import { createUnitRouter, type SourceTally } from '../engine/unit-router.js';
import { splitUnits, type SplitEvents } from '../split/split-units.js';
import { openFileReader, streamReader, type ByteReader } from '../input/byte-reader.js';
import { describeIoError, type Source } from '../input/sources.js';
import { createKeptWriter, type KeptWriter } from '../output/kept-writer.js';
import { createAtomicFileSink } from '../output/atomic-file.js';
import type { ByteSink } from '../output/byte-sink.js';
import type { DedupePlan, KeyPlan, Plan } from './plan.js';
import type { Io } from './io.js';

export interface RunTally extends SourceTally {
  files: number;
  failures: number;
}

export type RunOutcome =
  | { kind: 'finished'; tally: RunTally }
  | { kind: 'stdout-closed'; tally: RunTally }
  | { kind: 'output-failed'; tally: RunTally; message: string };

export async function runPlan(plan: Plan, io: Io): Promise<RunOutcome> {
  const tally: RunTally = { files: 0, failures: 0, units: 0, duplicates: 0, bytesIn: 0, bytesOut: 0 };
  let sink: ByteSink;
  let outputLabel = 'standard output';
  if (plan.kind === 'dedupe' && plan.output.kind === 'file') {
    outputLabel = plan.output.path;
    try {
      sink = createAtomicFileSink(plan.output.path);
    } catch (error) {
      return { kind: 'output-failed', tally, message: `${outputLabel}: cannot write: ${describeIoError(error)}` };
    }
  } else {
    sink = io.stdout;
  }
  const forget = io.onInterrupt(() => sink.abort());
  const writer = createKeptWriter(sink);
  try {
    const each = plan.kind === 'dedupe' ? await dedupeEach(plan, writer, tally) : await keyEach(plan, writer);
    for (const source of plan.sources) {
      const reader = openSource(source, io, tally);
      if (!reader) continue;
      tally.files++;
      try {
        await each(source, reader);
      } catch (error) {
        if (isOutputError(error)) throw error;
        tally.failures++;
        io.stderr.write(`dedupe: ${source.label}: ${describeIoError(error)}\n`);
      } finally {
        reader.close();
      }
    }
    await writer.finish();
    await sink.commit();
    return { kind: 'finished', tally };
  } catch (error) {
    sink.abort();
    const unwrapped = isOutputError(error) ? error.cause : error;
    if ((unwrapped as { code?: string }).code === 'EPIPE') return { kind: 'stdout-closed', tally };
    return { kind: 'output-failed', tally, message: `${outputLabel}: ${describeIoError(unwrapped)}` };
  } finally {
    forget();
  }
}

type EachSource = (source: Source, reader: ByteReader) => Promise<void>;

async function dedupeEach(plan: DedupePlan, writer: KeptWriter, tally: RunTally): Promise<EachSource> {
  const judge = createJudge(createKeyer(plan.keySpec), await createFingerprinter(), () => seen);
  let seen: SeenSet = createSeenTable();
  let first = true;
  return async (_source, reader) => {
    if (plan.scope === 'file' && !first) seen = createSeenTable();
    first = false;
    const router = createUnitRouter({ mode: plan.mode, judge, out: writer, tally });
    await splitUnits(reader, { mode: plan.mode, bufferSize: plan.bufferSize }, guardOutput(router));
    router.finish();
  };
}

const LINE_END = new Uint8Array([10]);
const NEWLINE_SYMBOL = new Uint8Array([0xe2, 0x90, 0xa4]); // U+2424, shown for LF inside a key

async function keyEach(plan: KeyPlan, writer: KeptWriter): Promise<EachSource> {
  const keyer = createKeyer(plan.keySpec);
  const events: SplitEvents = {
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
  return async (_source, reader) => {
    await splitUnits(reader, { mode: plan.mode, bufferSize: plan.bufferSize }, guardOutput(events));
  };
}

function openSource(source: Source, io: Io, tally: RunTally): ByteReader | undefined {
  if (source.kind === 'stdin') return streamReader(io.stdin);
  try {
    return openFileReader(source.path);
  } catch (error) {
    tally.failures++;
    io.stderr.write(`dedupe: ${source.label}: ${describeIoError(error)}\n`);
    return undefined;
  }
}

// A failed write must end the run, while a failed read only skips its source: output errors are
// wrapped on their way out of the writer so the two cannot be confused.
class OutputError extends Error {
  constructor(override readonly cause: unknown) {
    super('output failed');
  }
}

function isOutputError(error: unknown): error is OutputError {
  return error instanceof OutputError;
}

function guardOutput<T extends SplitEvents>(events: T): T {
  const window = events.window.bind(events);
  events.window = async (buf) => {
    try {
      await window(buf);
    } catch (error) {
      throw new OutputError(error);
    }
  };
  return events;
}
