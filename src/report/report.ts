// The shape every report shares: optional callbacks the run calls as it goes (cspell-style), and
// one place to write the rendered report. A report never decides what is removed and never
// touches the process; it only renders what the run tells it.
import type { RouterWatch, SourceTally } from '../engine/unit-router.js';
import type { KeptPlace, UnitPlace } from '../engine/decider.js';
import type { RepeatedKey } from '../engine/judge.js';
import type { RunTotals } from './totals.js';

export interface ReportOut {
  write(text: string | Uint8Array): void;
}

export interface SourceInfo {
  /** The source's number in the run. */
  readonly index: number;
  /** The path as the user named or reached it ("standard input" for stdin). */
  readonly label: string;
  /** The path relative to the folder it came from (what `patch -p1` run there expects). */
  readonly relative: string;
  readonly encoding: string;
}

/** The label of a source by its number in the run, or of the index that stands for earlier runs. */
export type LabelOf = (source: number | 'earlier-run') => string;

/** Where a copy is, as a label: its input, the input an earlier run committed it from (a near
 *  record says), or else the index for a unit of an earlier run. */
export function placeLabel(place: UnitPlace, labelOf: LabelOf): string {
  if (place.kind === 'earlier-run' && place.earlier) return place.earlier.path;
  return labelOf(place.kind === 'source' ? place.source : 'earlier-run');
}

/** A copy's line, known for a copy in this run and for a near record of an earlier run. */
export function placeLine(place: KeptPlace): number | null {
  if (place.kind === 'earlier-run') return place.earlier?.line ?? null;
  return place.kind === 'source' ? place.line : null;
}

/** "PATH:LINE (a unit kept by an earlier run, committed at TIME)" for a near record's place. */
export function earlierLabel(place: KeptPlace): string | undefined {
  if (place.kind !== 'earlier-run' || !place.earlier) return undefined;
  const { path, line, timeMs } = place.earlier;
  return `${path}:${line} (a unit kept by an earlier run, committed ${new Date(timeMs).toISOString()})`;
}

/**
 * A unit to read again: the one at this line of this source, if it still has this key; without a
 * key, whatever unit is there (a near match's kept copy, whose key is not the removed one's).
 */
export interface UnitRequest {
  readonly source: number;
  readonly line: number;
  readonly fingerprint?: Uint32Array;
}

export interface RunContext {
  readonly keySpec: string;
  readonly unit: string;
  readonly scope: string;
  readonly keep: string;
  readonly hash: string;
  readonly hashBits: number;
  /** With --near: the near definition and its version (`near/3`, or `near/1` for --near-score jaccard). */
  readonly near?: string;
  readonly labelOf: LabelOf;
  /** Nothing is written (--dry-run, --check): what is removed only would be. */
  readonly dryRun: boolean;
  /** The run's other settings worth showing beside the key (label, value), e.g. near threshold. */
  readonly settings: readonly [string, string][];
  /** A word's comparison key, as near matching compares words. */
  foldWord(word: string): string;
  /** JSON Lines with --id-field: the id of the record at this line of this source, if it has one. */
  recordId?(source: number, line: number): string | undefined;
  /** What the run's seen-set knows of a key met more than once: its copies, first and kept one. */
  repeatOf(fingerprint: Uint32Array): RepeatedKey | undefined;
  /**
   * Reads units again from the inputs that can be read again, unchanged since: for each request
   * found, the first maxBytes of its key input (the text its key is made from).
   */
  readAgain(wanted: readonly UnitRequest[], maxBytes: number): Promise<Map<UnitRequest, Uint8Array>>;
}

export interface Report {
  beginSource?(source: SourceInfo): RouterWatch | undefined;
  endSource?(source: SourceInfo, tally: SourceTally): void;
  problem?(label: string, message: string, severity: 'error' | 'warning'): void;
  finish?(totals: RunTotals, context: RunContext): void | Promise<void>;
}

/** Hex of a 128-bit fingerprint, most significant word first. */
export function fingerprintHex(fp: Uint32Array): string {
  return [fp[3], fp[2], fp[1], fp[0]].map((w) => w.toString(16).padStart(8, '0')).join('');
}

/** `FILE:LINE`, and the record's id when reports name records by one (--id-field). */
export function lineLabel(context: Pick<RunContext, 'labelOf' | 'recordId'>, source: number, line: number): string {
  const id = context.recordId?.(source, line);
  return `${context.labelOf(source)}:${line}${id === undefined ? '' : ` (id ${id})`}`;
}
