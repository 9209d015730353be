// The shape every report shares: optional callbacks the run calls as it goes (cspell-style), and
// one place to write the rendered report. A report never decides what is removed and never
// touches the process; it only renders what the run tells it.
import type { RouterWatch, SourceTally } from '../engine/unit-router.js';
import type { Repeated } from '../engine/judge.js';
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

export interface RunContext {
  readonly keySpec: string;
  readonly unit: string;
  readonly scope: string;
  readonly keep: string;
  readonly hash: string;
  readonly hashBits: number;
  /** The label of a source by its number. */
  labelOf(index: number): string;
  mostRepeated(limit: number): Repeated[];
}

export interface Report {
  beginSource?(source: SourceInfo): RouterWatch | undefined;
  endSource?(source: SourceInfo, tally: SourceTally): void;
  problem?(label: string, message: string, severity: 'error' | 'warning'): void;
  finish?(totals: RunTotals, context: RunContext): void;
}

/** Hex of a 128-bit fingerprint, most significant word first. */
export function fingerprintHex(fp: Uint32Array): string {
  return [fp[3], fp[2], fp[1], fp[0]].map((w) => w.toString(16).padStart(8, '0')).join('');
}
