// Passes that look only at each unit's key and place, writing nothing: keep last's counting pass,
// --only-duplicates' marking pass, and the scale-out map task. Each unit's position (source,
// ordinal, first line, byte range) is kept up to date for the judge; a read error skips the source.
import { splitUnits, type SplitEvents } from '../split/split-units.js';
import type { UnitPosition } from '../engine/decider.js';
import { describeIoError } from '../input/io-error.js';
import type { Readable } from './run-events.js';
import type { SourceRun } from './source-run.js';
import type { TextOpened } from './route-source.js';
import { recordKeyEvents, splitRecords, type FieldRecord } from '../formats/record-split.js';

export type PassPosition = Required<Omit<UnitPosition, 'document'>>;

/** Split events calling onUnit with each unit's key bytes and its position (reused: copy it to keep it). */
export function keyPass(
  source: number,
  onUnit: (key: Uint8Array, start: number, end: number, position: PassPosition) => void,
  window: () => Promise<void>,
): { events: SplitEvents; position: PassPosition } {
  const position: PassPosition = { source, ordinal: 0, line: 0, offset: 0, length: 0 };
  const events: SplitEvents = {
    bom() {},
    blank() {},
    unit(_buf, start, end, keyBuf, keyStart, keyEnd, line, _endLine, offset) {
      position.ordinal++;
      position.line = line;
      position.offset = offset;
      position.length = end - start;
      onUnit(keyBuf, keyStart, keyEnd, position);
    },
    window,
  };
  return { events, position };
}

/** Runs a pass over an opened source of the run; false (told as an error) when it could not be read. */
export async function readPass(
  run: SourceRun,
  source: Readable,
  opened: TextOpened,
  events: SplitEvents,
  index: number,
): Promise<boolean> {
  const { options } = run;
  const split = { mode: options.mode, bufferSize: options.bufferSize, scratch: run.scratch };
  try {
    if (options.kind === 'dedupe' && options.records) {
      const format = options.records;
      // Keep last names a later kept copy: its record's id must be known before the run proper.
      const ids = run.recordIds;
      const idOf = ids && ((r: FieldRecord) => (r.id === undefined ? undefined : ids.set(index, r.line, r.id)));
      await splitRecords(
        opened.reader,
        { ...split, format, fieldScratch: run.fieldScratch },
        recordKeyEvents(events, idOf),
      );
    } else {
      await splitUnits(opened.reader, split, events);
    }
    return true;
  } catch (error) {
    run.problem(source.label, describeIoError(error), 'error');
    return false;
  } finally {
    opened.reader.close();
  }
}
