// What the library tells about a removed unit: its place, its bytes and where the copy that stays
// is, as the public form of the engine's typed place (paths instead of source numbers).
import type { RemovedUnit as EngineUnit } from '../engine/unit-router.js';
import type { LabelOf, SourceInfo } from '../report/report.js';
import type { HandedReports } from '../run/run-options.js';
import type { RunTotals } from '../report/totals.js';

/** Where the copy that stays is. */
export type KeptCopy =
  | { readonly kind: 'source'; readonly path: string; readonly line: number }
  | { readonly kind: 'earlier-run'; readonly index: string }
  /** `keep: 'none'`: every copy of a repeated unit is removed. */
  | { readonly kind: 'none' };

export interface RemovedUnit {
  /** The input it was removed from ("standard input" for text handed in memory). */
  readonly path: string;
  /** 1-based ordinal among its input's units, and its first and last line. */
  readonly ordinal: number;
  readonly line: number;
  readonly endLine: number;
  /** Its byte range in the input, including a paragraph separator removed with it. */
  readonly offset: number;
  readonly length: number;
  /** The unit's own bytes (no separator), and the same decoded as UTF-8 (lossy if not UTF-8). */
  readonly bytes: Uint8Array;
  readonly text: string;
  readonly kept: KeptCopy;
  /** Same bytes as the first copy, not only the same key. */
  readonly identical: boolean;
  readonly match: 'exact' | 'near' | 'template';
  /** 1 for an exact match; the verified similarity for a near one. */
  readonly similarity: number;
}

export interface Totals {
  /** Inputs read to the end, changed, skipped with a warning, and failed. */
  readonly files: number;
  readonly changed: number;
  readonly skipped: number;
  readonly failed: number;
  readonly units: number;
  /** Units removed. */
  readonly duplicates: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

export function publicUnit(
  unit: EngineUnit,
  source: SourceInfo,
  labelOf: LabelOf,
  indexPath: string | undefined,
): RemovedUnit {
  const d = unit.detail;
  const kept: KeptCopy =
    d.kept.kind === 'none'
      ? { kind: 'none' }
      : d.kept.kind === 'earlier-run'
        ? { kind: 'earlier-run', index: indexPath ?? labelOf('earlier-run') }
        : { kind: 'source', path: labelOf(d.kept.source), line: d.kept.line };
  return {
    path: source.label,
    ordinal: unit.ordinal,
    line: unit.line,
    endLine: unit.endLine,
    offset: unit.offset,
    length: unit.length,
    bytes: unit.bytes,
    text: Buffer.from(unit.bytes).toString('utf8'),
    kept,
    identical: d.identical,
    match: d.near ? d.near.kind : 'exact',
    similarity: d.near ? d.near.similarity : 1,
  };
}

/** Reports the library hands to the run: every removed unit, in order, as the public shape. */
export function collectRemoved(onUnit: (unit: RemovedUnit) => void, indexPath?: string): HandedReports {
  return {
    onStdout: false,
    build: (labelOf) => [
      {
        beginSource(source) {
          return { removed: (unit) => onUnit(publicUnit(unit, source, labelOf, indexPath)) };
        },
      },
    ],
  };
}

export function publicTotals(t: RunTotals): Totals {
  return {
    files: t.read,
    changed: t.changed,
    skipped: t.skipped,
    failed: t.failed,
    units: t.units,
    duplicates: t.duplicates,
    bytesIn: t.bytesIn,
    bytesOut: t.bytesOut,
  };
}
