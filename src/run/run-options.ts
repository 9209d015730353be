// What a run is asked to do, with nothing about how it is shown: the inputs, how they are cut
// and compared, which copy stays and where the kept text goes. The CLI's plan and the library's
// options both end here; colours, bars, --top and exit codes stay with their front door.
import type { KeySpec } from '../key/index.js';
import type { WalkOptions } from '../input/walk.js';
import type { EncodingName } from '../input/sniff.js';
import type { OutputTarget } from '../output/targets.js';
import type { UnitMode } from '../split/split-units.js';
import type { KeepPolicy } from '../engine/judge.js';
import type { NearScoreName } from '../near/near-score.js';
import type { KeptWriter } from '../output/kept-writer.js';
import type { LabelOf, Report } from '../report/report.js';
import type { RecordFormat } from '../formats/record-split.js';

/** Where a repeat is looked for: all inputs, each input, or each JSON Lines record on its own. */
export type Scope = 'global' | 'file' | 'document';

interface CommonRun {
  /** Operands as given; expanded into sources when the run starts. */
  readonly operands: readonly string[];
  readonly walk: WalkOptions;
  readonly encoding?: EncodingName;
  readonly mode: UnitMode;
  readonly keySpec: KeySpec;
  readonly bufferSize: number;
}

export interface DedupeRun extends CommonRun {
  readonly kind: 'dedupe';
  readonly scope: Scope;
  readonly output: OutputTarget;
  readonly keep: KeepPolicy;
  readonly minChars: number;
  readonly minWords: number;
  /** JSON Lines records: one field's text is deduplicated, the rest of each record kept as it is. */
  readonly records?: RecordFormat;
  /** Files (in --out-dir) and records left with nothing but blank lines are not written. */
  readonly dropEmpty?: boolean;
  /** Threads that fold and fingerprint, the main one included: 1 = no worker thread. */
  readonly threads: number;
  /** A source reaches the workers past this many bytes; undefined: the threads module's default. */
  readonly threadsAfterBytes?: number;
  /**
   * A reader thread reads a run's small files ahead (threads/read-ahead.ts) once it has this many;
   * undefined: no reader thread (--threads 1, the default).
   */
  readonly readAheadAfterFiles?: number;
  /** --min-files: a unit is repeated only when its copies are in at least this many documents (1: any). */
  readonly minFiles: number;
  /**
   * The text printed: what is kept; only the kept copies of repeated units (--only-duplicates);
   * or every removed copy (--removed).
   */
  readonly print: 'kept' | 'repeated' | 'removed';
  /** A persistent index: loaded before the run; unless readonly, new fingerprints appended per input. */
  readonly index?: { readonly path: string; readonly readonly: boolean; readonly breakLock?: boolean };
  /** Near-duplicate matching of what exact comparison keeps. */
  readonly near?: {
    /** The score that verifies a candidate (near/3's mix, or near/1's Jaccard) and its threshold. */
    readonly score: NearScoreName;
    readonly threshold: number;
    readonly minChars: number;
    readonly removeTemplates: boolean;
  };
}

/** `dedupe key`: each unit's comparison key on standard output. */
export interface KeyRun extends CommonRun {
  readonly kind: 'key';
}

export type RunOptions = DedupeRun | KeyRun;

/**
 * Reports the caller builds and hands in (the CLI's diff, json and summary; the library's
 * collectors). The run only feeds them: it never chooses, styles or prints one itself.
 */
export interface HandedReports {
  /** They are written on standard output in place of the text (which then goes only to files). */
  readonly onStdout: boolean;
  /** stdout: the writer for standard output when onStdout, drained as the text would be. */
  build(labelOf: LabelOf, stdout: KeptWriter | undefined): readonly Report[] | Promise<readonly Report[]>;
}
