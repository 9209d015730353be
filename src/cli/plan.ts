// Converts parsed options, once, into validated RunOptions (the only shape the run understands)
// and the Presentation the CLI keeps to itself (reports, colour, bar, summary, check verdict).
// Every usage error is found here and returned as a value naming the flag at fault.
import { resolveKeySpec } from '../key/index.js';
import type { EncodingName } from '../input/sniff.js';
import type { OutputTarget } from '../output/targets.js';
import type { UnitMode } from '../split/split-units.js';
import type { KeepPolicy } from '../engine/judge.js';
import type { DedupeRun, RunOptions, Scope } from '../run/run-options.js';
import type { Parsed, RawOptions } from './program.js';
import { defaultOf, goesWithRefusal, misplacedFlags } from './flags.js';
import { NEAR_THRESHOLD, type NearScoreName } from '../near/near-score.js';
import { fieldPath, type FieldPath } from '../formats/jsonl-record.js';
import { defaultThreads } from '../threads/fingerprint-pool.js';

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
  const threads = o.threads === undefined ? defaultThreads() : wholeNumber(o.threads, '--threads');
  if (typeof threads === 'object') return threads;
  if (threads < 1 || threads > MAX_USER_THREADS)
    return usage(`--threads: expected a whole number from 1 to ${MAX_USER_THREADS}, got '${o.threads}'`);
  const threadsAfter = o.threadsAfter === undefined ? undefined : wholeNumber(o.threadsAfter, '--threads-after');
  if (typeof threadsAfter === 'object') return threadsAfter;
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

// JSON Lines records, whole documents and --drop-empty: what they cannot be combined with, and why.
function recordOptions(
  o: RawOptions,
  printFlag: string | undefined,
  target: OutputTarget,
): { kind: 'records'; records: DedupeRun['records'] } | { kind: 'usage-error'; message: string } {
  const jsonl = o.format === 'jsonl';
  if (o.scope === 'document' && !jsonl)
    return usage(
      '--scope document judges each JSON Lines record on its own: it goes with --format jsonl (for files, use --scope file)',
    );
  if (o.unit === 'document' && o.inPlace && !jsonl)
    return usage(
      '--unit document with --in-place would have to delete duplicate files, and dedupe never deletes inputs: use --out-dir',
    );
  if (o.dropEmpty && !jsonl && target.kind !== 'out-dir')
    return usage('--drop-empty leaves out whole files only with --out-dir (or records, with --format jsonl)');
  if (!jsonl) return { kind: 'records', records: undefined };
  if (printFlag) return usage(`${printFlag} cannot be used with --format jsonl: it prints units, not records`);
  const field = fieldPathOption(o.field ?? defaultOf('field')!, '--field');
  if (typeof field === 'object' && 'kind' in field) return field;
  const idField = o.idField === undefined ? undefined : fieldPathOption(o.idField, '--id-field');
  if (idField && 'kind' in idField) return idField;
  return { kind: 'records', records: { kind: 'jsonl', field, ...(idField ? { idField } : {}) } };
}

function fieldPathOption(dotted: string, flag: string): FieldPath | { kind: 'usage-error'; message: string } {
  const path = fieldPath(dotted);
  if (path.some((name) => name.length === 0))
    return usage(`${flag}: expected a field name or a dotted path such as meta.body, got '${dotted}'`);
  return path;
}

function nearOptions(
  o: RawOptions,
): { kind: 'near'; near: DedupeRun['near'] } | { kind: 'usage-error'; message: string } {
  if (!o.near) return { kind: 'near', near: undefined };
  // Commander checked the choices; each score has its own default threshold.
  const score = (o.nearScore ?? defaultOf('nearScore')) as NearScoreName;
  const given = o.nearThreshold ?? String(NEAR_THRESHOLD[score]);
  const threshold = Number(given);
  // Decimal notation only: Number() would also take ' 0.5', '0x1' or '1e-1'.
  if (!/^(0?\.\d+|0|1|1\.0*|0\.)$/.test(given) || !(threshold > 0 && threshold <= 1))
    return usage(
      `--near-threshold: expected a similarity above 0 and at most 1, such as ${NEAR_THRESHOLD[score]}, got '${given}'`,
    );
  const minChars = wholeNumber(o.nearMinChars ?? defaultOf('nearMinChars'), '--near-min-chars');
  if (typeof minChars === 'object') return minChars;
  return { kind: 'near', near: { score, threshold, minChars, removeTemplates: o.nearTemplates === true } };
}

function chooseOutput(
  o: RawOptions,
  readsStdin: boolean,
): { kind: 'target'; target: OutputTarget } | { kind: 'usage-error'; message: string } {
  const chosen = [
    o.output !== undefined && '-o/--output',
    o.outDir !== undefined && '--out-dir',
    o.inPlace === true && '--in-place',
  ].filter(Boolean);
  if (chosen.length > 1) return usage(`${chosen.join(' and ')} cannot be used together: choose one output`);
  if (o.backup !== undefined && (o.backup.length === 0 || o.backup.includes('/')))
    return usage(`--backup: expected a file name suffix such as .orig, got '${o.backup}'`);
  if (o.inPlace && readsStdin) return usage('--in-place needs files to rewrite; standard input cannot be rewritten');
  if (o.inPlace && o.follow)
    return usage(
      '--in-place cannot be used with --follow: a linked file may live outside the folders named, and would be rewritten there',
    );
  if (o.outDir !== undefined && readsStdin)
    return usage('--out-dir needs file or folder inputs; standard input has no path to mirror');
  if (o.output !== undefined && o.output.length === 0) return usage('--output: expected a file name');
  if (o.outDir !== undefined && o.outDir.length === 0) return usage('--out-dir: expected a folder name');
  if (o.dryRun) return { kind: 'target', target: { kind: 'dry-run' } };
  if (o.inPlace) return { kind: 'target', target: { kind: 'in-place', backup: o.backup } };
  if (o.outDir !== undefined) return { kind: 'target', target: { kind: 'out-dir', dir: o.outDir } };
  if (o.output !== undefined && o.output !== '-') return { kind: 'target', target: { kind: 'file', path: o.output } };
  return { kind: 'target', target: { kind: 'stdout' } };
}

function wholeNumber(value: string | undefined, flag: string): number | { kind: 'usage-error'; message: string } {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    return usage(`${flag}: expected a whole number (0 or more), got '${value}'`);
  return n;
}

/** --fold and --no-fold steps: each flag may be repeated and may list several, comma-separated. */
export function splitSteps(lists: readonly string[] | undefined): string[] {
  return (lists ?? [])
    .flatMap((l) => l.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function usage(message: string): { kind: 'usage-error'; message: string } {
  return { kind: 'usage-error', message };
}
