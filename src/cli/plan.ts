// Converts parsed options, once, into validated RunOptions (the only shape the run understands)
// and the Presentation the CLI keeps to itself (reports, colour, bar, summary, check verdict).
// Every usage error is found here or in the parts it calls (plan-choices.ts) and returned as a
// value naming the flag at fault.
import { resolveKeySpec } from '../key/index.js';
import type { EncodingName } from '../input/sniff.js';
import type { UnitMode } from '../split/split-units.js';
import type { KeepPolicy } from '../engine/judge.js';
import type { RunOptions, Scope } from '../run/run-options.js';
import type { Parsed } from './program.js';
import { defaultOf, goesWithRefusal, misplacedFlags } from './flags.js';
import { defaultThreads } from '../threads/fingerprint-pool.js';
import { READ_AHEAD_AFTER_FILES } from '../threads/read-ahead.js';
import { chooseOutput, nearOptions, recordOptions } from './plan-choices.js';
import { splitSteps, usage, wholeNumber } from './plan-values.js';

// More than this is surely a typo: each worker thread holds its own key tables and WASM memory.
const MAX_USER_THREADS = 64;

export type ProgressMode = 'auto' | 'on' | 'off';
export type ReportKind = 'diff' | 'json' | 'summary' | 'html';
export type ColorMode = 'auto' | 'always' | 'never';

/** How the CLI shows a run: everything the run itself does not need to know. */
export interface Presentation {
  /** A report replaces the text on stdout (files named by -o, --out-dir, --in-place are still written). */
  readonly report?: ReportKind;
  /** The summary report on stderr as well as the text. */
  readonly stats: boolean;
  /** Write nothing; exit 1 when the duplicate rate is above maxRate (0: any duplicate). */
  readonly check?: { readonly maxRate: number };
  readonly color: ColorMode;
  readonly top: number;
  readonly progress: ProgressMode;
  /** Milliseconds a run lasts before a progress bar appears. */
  readonly progressAfterMs: number;
  /** Print the end-of-run summary on stderr (batch outputs, unless --quiet). */
  readonly summary: boolean;
  readonly quiet: boolean;
}

/** `dedupe key` shows nothing but its keys. */
const KEY_SHOW: Presentation = {
  stats: false,
  color: 'never',
  top: 0,
  progress: 'off',
  progressAfterMs: 0,
  summary: false,
  quiet: false,
};

export type PlanResult =
  { kind: 'plan'; run: RunOptions; show: Presentation } | { kind: 'usage-error'; message: string };

type CommonRun = Omit<RunOptions, 'kind'>;

export function makePlan(parsed: Extract<Parsed, { kind: 'dedupe' | 'key' }>): PlanResult {
  const o = parsed.options;
  const spec = resolveKeySpec(o.key, splitSteps(o.fold), splitSteps(o.dropFold));
  if (spec.kind === 'error') return usage(`--key/--fold/--no-fold: ${spec.message}`);

  const bufferText = o.bufferSize ?? defaultOf('bufferSize')!;
  const bufferSize = Number(bufferText);
  if (!Number.isInteger(bufferSize) || bufferSize < 1)
    return usage(`--buffer-size: expected a whole number of bytes, got '${bufferText}'`);
  const operands = parsed.operands;
  const readsStdin = operands.length === 0 || operands.includes('-');
  if (operands.filter((s) => s === '-').length > 1) return usage('standard input (-) can be read only once');

  // With --backup, earlier backups are not inputs: rewriting them would destroy the originals.
  const backupExclude = o.inPlace && o.backup ? [`*${o.backup}`] : [];
  const common: CommonRun = {
    operands,
    walk: {
      hidden: o.hidden === true,
      follow: o.follow === true,
      include: o.include ?? [],
      exclude: [...(o.exclude ?? []), ...backupExclude],
    },
    encoding: o.encoding as EncodingName | undefined,
    mode: o.unit as UnitMode,
    keySpec: spec.spec,
    bufferSize,
  };
  if (parsed.kind === 'key') {
    const misplaced = misplacedFlags(o as unknown as Record<string, unknown>, 'key').map((def) => def.label);
    if (misplaced.length > 0)
      return usage(`the key command prints keys on stdout and takes no ${misplaced.join(', ')}`);
    return { kind: 'plan', run: { kind: 'key', ...common }, show: KEY_SHOW };
  }

  const lonely = goesWithRefusal(o as unknown as Record<string, unknown>);
  if (lonely) return usage(lonely);
  const output = chooseOutput(o, readsStdin);
  if (output.kind === 'usage-error') return output;
  const minChars = wholeNumber(o.minChars, '--min-chars');
  if (typeof minChars === 'object') return minChars;
  const minWords = wholeNumber(o.minWords, '--min-words');
  if (typeof minWords === 'object') return minWords;
  const threads = o.threads === undefined ? defaultThreads(o.near === true) : wholeNumber(o.threads, '--threads');
  // One wording for every bad value (-1, 0, 65, x): the range.
  if (typeof threads === 'object' || threads < 1 || threads > MAX_USER_THREADS)
    return usage(`--threads: expected a whole number from 1 to ${MAX_USER_THREADS}, got '${o.threads}'`);
  const threadsAfter = o.threadsAfter === undefined ? undefined : wholeNumber(o.threadsAfter, '--threads-after');
  if (typeof threadsAfter === 'object') return threadsAfter;
  const readAheadAfter = wholeNumber(o.readAheadAfter ?? String(READ_AHEAD_AFTER_FILES), '--read-ahead-after');
  if (typeof readAheadAfter === 'object') return readAheadAfter;
  // --threads counts the reader thread too: opt-in, as the fingerprint workers of a plain run are.
  const reader = threads > 1;
  const minFiles = wholeNumber(o.minFiles ?? defaultOf('minFiles'), '--min-files');
  if (typeof minFiles === 'object') return minFiles;
  if (minFiles < 1) return usage(`--min-files: expected 1 or more files, got '${o.minFiles}'`);
  const spread = minFiles > 1 ? `--min-files ${minFiles}` : undefined;
  if (spread && (o.scope === 'file' || o.scope === 'document'))
    return usage(
      `${spread} counts the files (JSON Lines: the records) a unit is in across the run; with --scope ${o.scope} each input is judged on its own: drop one of them`,
    );
  if (spread && o.index !== undefined)
    return usage(`${spread} cannot be used with --index: the index does not know how many files held a unit`);
  if (spread && o.near)
    return usage(`${spread} cannot be used with --near: near copies are matched to one kept paragraph, not counted`);
  const top = wholeNumber(o.top, '--top');
  if (typeof top === 'object') return top;
  let maxRate = 0;
  if (o.maxRate !== undefined) {
    const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(o.maxRate.trim());
    maxRate = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
    if (!(maxRate >= 0 && maxRate <= 1))
      return usage(`--max-rate: expected a share such as 0.05 or 5%, got '${o.maxRate}'`);
  }
  if (o.onlyDuplicates && o.removed)
    return usage('--only-duplicates and --removed cannot be used together: choose one');
  const printFlag = o.onlyDuplicates ? '--only-duplicates' : o.removed ? '--removed' : undefined;
  if (printFlag && o.report) return usage(`${printFlag} prints text; it cannot be used with --report`);
  if (printFlag && o.inPlace) return usage(`${printFlag} with --in-place would leave each file with only its repeats`);
  if (o.onlyDuplicates && o.keep === 'none')
    return usage(
      '--only-duplicates prints the copy that is kept, and --keep none keeps none: use --removed to see every copy removed',
    );
  if (o.index !== undefined && o.scope !== 'global')
    return usage(`--index keeps units across runs; it cannot be used with --scope ${o.scope}`);
  if (o.index !== undefined && o.keep !== 'first')
    return usage('--index keeps the first copy ever seen; it cannot be used with --keep last or none');
  if (o.index !== undefined && printFlag)
    return usage(
      `--index remembers the units a run keeps; it cannot be used with ${printFlag}, which writes other text`,
    );
  const near = nearOptions(o);
  if (near.kind === 'usage-error') return near;
  const records = recordOptions(o, printFlag, output.target);
  if (records.kind === 'usage-error') return records;
  if (o.near && o.keep !== 'first')
    return usage(
      '--near keeps the first copy and removes later near copies; it cannot be used with --keep last or none',
    );
  if (o.check && (o.output !== undefined || o.outDir !== undefined || o.inPlace))
    return usage('--check writes nothing; it cannot be used with -o, --out-dir or --in-place');
  const batch =
    output.target.kind === 'out-dir' || output.target.kind === 'in-place' || output.target.kind === 'dry-run';
  const progressAfterMs = Number(o.progressAfter ?? defaultOf('progressAfter'));
  if (!Number.isFinite(progressAfterMs) || progressAfterMs < 0)
    return usage(`--progress-after: expected milliseconds, got '${o.progressAfter}'`);
  const progress: ProgressMode = o.quiet ? 'off' : o.progress === true ? 'on' : o.progress === false ? 'off' : 'auto';
  return {
    kind: 'plan',
    run: {
      kind: 'dedupe',
      ...common,
      scope: o.scope as Scope,
      output: o.check ? { kind: 'dry-run' } : output.target,
      keep: o.keep as KeepPolicy,
      minChars,
      minWords,
      threads,
      threadsAfterBytes: threadsAfter,
      readAheadAfterFiles: reader ? readAheadAfter : undefined,
      minFiles,
      print: o.onlyDuplicates ? 'repeated' : o.removed ? 'removed' : 'kept',
      // Checks, dry runs and reports whose text goes nowhere never add to the index: it must only
      // ever hold units that were written somewhere.
      index:
        o.index === undefined
          ? undefined
          : {
              path: o.index,
              breakLock: o.breakLock === true,
              readonly:
                o.indexReadonly === true ||
                o.check === true ||
                o.dryRun === true ||
                (o.report !== undefined && output.target.kind === 'stdout'),
            },
      near: near.near,
      records: records.records,
      dropEmpty: o.dropEmpty === true,
    },
    show: {
      report: o.report as ReportKind | undefined,
      stats: o.stats === true,
      check: o.check ? { maxRate } : undefined,
      color: o.color as ColorMode,
      top,
      progress,
      progressAfterMs,
      summary: batch && !o.quiet && !o.check,
      quiet: o.quiet === true,
    },
  };
}
