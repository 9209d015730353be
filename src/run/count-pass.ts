// The counting pass of keep last and keep none: every unit's key is counted before any is
// judged, so the run proper knows which copy is the last. Nothing is written.
import type { SplitEvents } from '../split/split-units.js';
import { splitUnits } from '../split/split-units.js';
import { describeIoError } from '../input/io-error.js';
import type { Readable } from './run-events.js';
import { open, yieldToEventLoop, type SourceRun } from './source-run.js';

/** False when the source could not be read (the run then skips it). */
export async function countSource(run: SourceRun, source: Readable, index: number): Promise<boolean> {
  const opened = await open(run, source);
  if (!opened) return false;
  const judge = run.judge!;
  const position = { source: index, ordinal: 0, line: 0 };
  const events: SplitEvents = {
    bom() {},
    blank() {},
    unit(_buf, _start, _end, keyBuf, keyStart, keyEnd, line) {
      position.ordinal++;
      position.line = line;
      judge.count(keyBuf, keyStart, keyEnd, position);
    },
    window: yieldToEventLoop,
  };
  try {
    await splitUnits(opened.reader, { mode: run.options.mode, bufferSize: run.options.bufferSize, scratch: run.scratch }, events);
    return true;
  } catch (error) {
    run.problem(source.label, describeIoError(error), 'error');
    return false;
  } finally {
    opened.reader.close();
  }
}
