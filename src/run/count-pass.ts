// The counting pass of keep last and keep none: every unit's key is counted before any is
// judged, so the run proper knows which copy is the last. Nothing is written.
import type { Readable } from './run-events.js';
import { open, yieldToEventLoop, type SourceRun } from './source-run.js';
import { keyPass, readPass } from './unit-pass.js';
import type { UnitPosition } from '../engine/decider.js';
import { sealedAt, sealTap } from './read-seal.js';

/** False when the source could not be read (the run then skips it). */
export async function countSource(run: SourceRun, source: Readable, index: number): Promise<boolean> {
  const tap = sealTap();
  const opened = await open(run, source, true, tap);
  if (!opened) return false;
  const judge = run.judge!;
  // --min-files counts records, not files, in JSON Lines: a record's units share its line, and a
  // new line is a new record, numbered across the whole run so two files' records never collide.
  const records = run.options.kind === 'dedupe' && run.options.records !== undefined;
  const counted = run.recordsCounted;
  let recordLine = -1;
  const at: UnitPosition = { source: index, ordinal: 0, line: 0, offset: 0, length: 0, document: 0 };
  const { events } = keyPass(
    index,
    records
      ? (key, start, end, position) => {
          if (position.line !== recordLine) {
            recordLine = position.line;
            counted.value++;
          }
          Object.assign(at, position);
          at.document = counted.value;
          judge.count(key, start, end, at);
        }
      : (key, start, end, position) => judge.count(key, start, end, position),
    yieldToEventLoop,
  );
  const read = await readPass(run, source, opened, events, index);
  if (read) run.seals?.record(index, tap.seal(), sealedAt(source));
  return read;
}
