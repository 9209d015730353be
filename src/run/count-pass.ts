// The counting pass of keep last and keep none: every unit's key is counted before any is
// judged, so the run proper knows which copy is the last. Nothing is written.
import type { Readable } from './run-events.js';
import { open, yieldToEventLoop, type SourceRun } from './source-run.js';
import { keyPass, readPass } from './unit-pass.js';
import { sealedAt, sealTap } from './read-seal.js';

/** False when the source could not be read (the run then skips it). */
export async function countSource(run: SourceRun, source: Readable, index: number): Promise<boolean> {
  const tap = sealTap();
  const opened = await open(run, source, true, tap);
  if (!opened) return false;
  const judge = run.judge!;
  const { events } = keyPass(
    index,
    (key, start, end, position) => judge.count(key, start, end, position),
    yieldToEventLoop,
  );
  const read = await readPass(run, source, opened, events, index);
  if (read) run.seals?.record(index, tap.seal(), sealedAt(source));
  return read;
}
