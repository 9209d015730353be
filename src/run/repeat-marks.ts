// --only-duplicates: which kept copies turn out to be repeated. Every removal names the copy that
// stays, so a marking pass (the same decisions, text discarded) collects those places; the run
// proper then prints a kept unit only when it is marked. Memory: one number per repeated unit.
import type { Readable } from './run-events.js';
import { open, yieldToEventLoop, type SourceRun } from './source-run.js';
import { keyPass, readPass } from './unit-pass.js';
import { splitsFileBytes } from './route-source.js';
import { sealedAt, sealTap } from './read-seal.js';

export interface RepeatMarks {
  add(source: number, line: number): void;
  has(source: number, line: number): boolean;
}

// A unit is known by its source's number and its first line (no two units of a source share one).
export function createRepeatMarks(): RepeatMarks {
  const marked = new Set<number>();
  const place = (source: number, line: number): number => source * 0x1_0000_0000 + line;
  return {
    add: (source, line) => {
      marked.add(place(source, line));
    },
    has: (source, line) => marked.has(place(source, line)),
  };
}

/**
 * The marking pass over one source: judges every unit as the run proper will (the caller starts
 * both from an empty seen-set), and marks the copy each removal names. False when it could not
 * be read (the caller then skips it, as keep last skips an input its counting pass could not read).
 */
export async function markSource(
  run: SourceRun,
  source: Readable,
  index: number,
  marks: RepeatMarks,
): Promise<boolean> {
  const tap = sealTap();
  const opened = await open(run, source, false, tap);
  if (!opened) return false;
  run.nearText?.opened(index, !splitsFileBytes(opened), tap.stat);
  const judge = run.judge!;
  const { events } = keyPass(
    index,
    (key, start, end, position) => {
      if (judge.decide(key, start, end, position)) return;
      // No kept copy only under keep none, which --only-duplicates refuses.
      const kept = judge.detail.kept;
      if (kept.kind === 'source') marks.add(kept.source, kept.line);
    },
    yieldToEventLoop,
  );
  const read = await readPass(run, source, opened, events, index);
  // Keep last's counting pass came first: its seal is the one the decisions rest on.
  if (read && !run.seals?.get(index)) run.seals?.record(index, tap.seal(), sealedAt(source));
  else if (read && run.seals?.get(index)?.digest !== tap.seal().digest) run.seals?.markChanged(index);
  return read;
}
