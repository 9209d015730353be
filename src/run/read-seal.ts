// What a source was when a run first read it (which file, its size and mtime, a digest of its
// bytes), for the runs that read it again (keep last|none, --only-duplicates): a second reading
// whose decisions rest on the first is refused when the file changed in between, and so is a
// source whose removals name a kept copy in a file that changed.
import { type Stats } from 'node:fs';
import { statSync } from '../fs/lossless-fs.js';
import { createDigest } from '../fs/digest.js';
import type { ReadTap } from '../input/open-source.js';
import type { Readable } from './run-events.js';
import type { RouterWatch } from '../engine/unit-router.js';

export interface Seal {
  readonly stat: Identity | undefined;
  readonly digest: string;
}

interface Recorded extends Seal {
  readonly path: string | undefined;
  readonly label: string;
}

export type Identity = Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>;

/** A tap that records the file read and a digest of its bytes. */
export interface SealTap extends ReadTap {
  readonly stat: Identity | undefined;
  /** Once the reading is complete. */
  seal(): Seal;
}

export function sealTap(): SealTap {
  const digest = createDigest();
  let stat: Identity | undefined;
  return {
    get stat() {
      return stat;
    },
    opened(s) {
      stat = s && { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
    },
    bytes: (chunk) => digest.update(chunk),
    seal: () => ({ stat, digest: digest.digest() }),
  };
}

/** Where a seal's file is found again (a spooled copy is the run's own and never changes). */
export function sealedAt(source: Readable): { path: string | undefined; label: string } {
  return { path: source.kind === 'file' && source.spool === undefined ? source.path : undefined, label: source.label };
}

export function sameIdentity(a: Identity | undefined, b: Identity | undefined): boolean {
  if (!a || !b) return a === b;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export const CHANGED_BETWEEN_READS =
  'changed between the two readings dedupe needs (written to, or replaced by another run); left as it is: run again once it is complete';

/** The seals of a run's sources, and which sources were found changed since theirs. */
export interface ReadSeals {
  record(source: number, seal: Seal, at: { path: string | undefined; label: string }): void;
  get(source: number): Seal | undefined;
  /** Found changed at its second reading, or (its path's status) now. */
  changed(source: number): boolean;
  label(source: number): string;
  markChanged(source: number): void;
}

export function createReadSeals(): ReadSeals {
  const seals = new Map<number, Recorded>();
  const changed = new Set<number>();
  return {
    record: (source, seal, at) => void seals.set(source, { ...seal, ...at }),
    get: (source) => seals.get(source),
    label: (source) => seals.get(source)?.label ?? '?',
    changed(source) {
      if (changed.has(source)) return true;
      const seal = seals.get(source);
      if (!seal?.stat || seal.path === undefined) return false;
      let now: Stats;
      try {
        now = statSync(seal.path);
      } catch {
        return true; // gone: its copy is no longer there
      }
      return !sameIdentity(seal.stat, now);
    },
    markChanged: (source) => void changed.add(source),
  };
}

/** Collects the other sources holding the copy a removal relies on (the kept one; under keep none, the first). */
export function keptCopiesIn(into: Set<number>, own: number): RouterWatch {
  return {
    removed(unit) {
      const { kept, first } = unit.detail;
      const place = kept.kind === 'none' ? first : kept;
      if (place.kind === 'source' && place.source !== own) into.add(place.source);
    },
  };
}

/**
 * Why a source read twice may not be written: its bytes differ from the first reading's, or a
 * copy one of its removals relies on is in a source that changed. Undefined: it may.
 */
export function secondReadingRefusal(
  seals: ReadSeals,
  source: number,
  first: Seal,
  second: Seal,
  keptElsewhere: ReadonlySet<number>,
): string | undefined {
  if (first.digest !== second.digest) {
    seals.markChanged(source);
    return CHANGED_BETWEEN_READS;
  }
  for (const other of keptElsewhere) {
    if (seals.changed(other))
      return `a copy it relies on to remove lines is in ${seals.label(other)}, which changed while dedupe ran; left as it is`;
  }
  return undefined;
}
