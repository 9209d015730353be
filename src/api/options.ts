// The library's options, in the CLI's vocabulary, and their one conversion into RunOptions:
// they are turned into the same raw shape commander produces and validated by the CLI's own
// makePlan, so a value the command line refuses is refused here too, with the same words.
import { PROFILE_NAMES } from '../key/index.js';
import type { EncodingName } from '../input/sniff.js';
import { makePlan } from '../cli/plan.js';
import type { DedupeRun } from '../run/run-options.js';
import type { RawOptions } from '../cli/program.js';
import { flagDefaults, flagNamed } from '../cli/flags.js';
import type { KeepPolicy } from '../engine/judge.js';
import type { UnitMode } from '../split/split-units.js';
import type { NearScoreName } from '../near/near-score.js';
import { DedupeInputError } from './run-memory.js';
import { checkFilesOutput, checkOptionNames, FILES_OPTIONS, TEXT_OPTIONS } from './option-names.js';

/** Options shared by every entry point. Names follow the CLI's flags (`--min-chars` is `minChars`). */
export interface DedupeOptions {
  /** `line` (default), `paragraph` (a maximal run of non-blank lines) or `document` (a whole input or record field). */
  readonly unit?: UnitMode;
  /**
   * `global` (default): a unit seen in any earlier input is removed; `file`: each input on its own;
   * `document`: each JSON Lines record on its own.
   */
  readonly scope?: 'global' | 'file' | 'document';
  /** `text` (default) or `jsonl`: JSON Lines records, of which only `field` is deduplicated (docs/formats.md). */
  readonly format?: 'text' | 'jsonl';
  /** With `format: 'jsonl'`: the string field deduplicated, a dotted path for nested ones (default `text`). */
  readonly field?: string;
  /** Files (in an out-dir) and JSON Lines records left with nothing but blank lines are not written. */
  readonly dropEmpty?: boolean;
  /** Key profile: `standard` (default), `exact` or `aggressive`. */
  readonly key?: string;
  /** Key steps added to the profile. */
  readonly fold?: readonly string[];
  /** Key steps removed from the profile. */
  readonly noFold?: readonly string[];
  /** Which copy stays: `first` (default), `last` or `none`. */
  readonly keep?: KeepPolicy;
  /** Units whose key is shorter than this many characters are never removed. */
  readonly minChars?: number;
  /** Units whose key has fewer words than this are never removed. */
  readonly minWords?: number;
  /** Also remove near duplicates of earlier kept units (see docs/near-duplicates.md). */
  readonly near?: boolean;
  readonly nearThreshold?: number;
  /** `mix` (near/3, the default) or `jaccard` (near/1). */
  readonly nearScore?: NearScoreName;
  readonly nearMinChars?: number;
  readonly nearTemplates?: boolean;
  /** Read inputs in this encoding instead of detecting it. */
  readonly encoding?: EncodingName;
}

/** Where `dedupeFiles` writes: a mirror folder, the inputs themselves, one file, or nowhere. */
export type FilesOutput =
  | { readonly kind: 'out-dir'; readonly dir: string }
  | { readonly kind: 'in-place'; readonly backup?: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'dry-run' };

export interface FilesOptions extends DedupeOptions {
  readonly output: FilesOutput;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  readonly hidden?: boolean;
  readonly follow?: boolean;
  /** A persistent index file (see docs/index-format.md). */
  readonly index?: string;
  readonly indexReadonly?: boolean;
  /** A unit is repeated only when its copies are in at least this many files (`--min-files`). */
  readonly minFiles?: number;
}

/** An option the run refuses; the message names it as the CLI flag it stands for. */
export class DedupeOptionsError extends Error {
  readonly kind = 'options';
  constructor(message: string) {
    super(message);
    this.name = 'DedupeOptionsError';
  }
}

// commander checks the table's choices for the CLI; the library checks the same lists here.
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    ['unit', 'scope', 'keep', 'encoding', 'format'].map((name) => [name, flagNamed(name).choices ?? []]),
  ),
  key: PROFILE_NAMES,
};

/**
 * A string as UTF-8 bytes; a lone surrogate has no UTF-8 form (it would become U+FFFD, changing
 * the text and merging lines that differ), so it is refused as input.
 */
export function encodeWellFormed(text: string, entry: string): Uint8Array {
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) {
    const at = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text)?.index;
    throw new DedupeInputError(`${entry}: the text holds a lone surrogate (at index ${at}), which has no UTF-8 form`);
  }
  return Buffer.from(text, 'utf8');
}

const refuse = (message: string): never => {
  throw new DedupeOptionsError(message);
};

/**
 * Options for text in memory: read as one input (standard input, to the run). entry: the function
 * called, for messages; allowed: the option names it takes (a subset for createDeduper, say).
 */
export function planForText(
  given: DedupeOptions | null = {},
  entry = 'dedupeText',
  allowed: readonly string[] = TEXT_OPTIONS,
): DedupeRun {
  checkOptionNames(given, entry, allowed, refuse);
  const options = given ?? {};
  return dedupePlan(makePlan({ kind: 'dedupe', operands: [], options: raw(options) }));
}

/** extra: option names the caller itself handles (dedupeFiles' onEvent). */
export function planForFiles(
  operands: readonly string[],
  options: FilesOptions,
  extra: readonly string[] = [],
): DedupeRun {
  if (!Array.isArray(operands) || operands.some((operand) => typeof operand !== 'string'))
    refuse('dedupeFiles: expected an array of file, folder or glob paths as its first argument');
  if (operands.length === 0 || operands.includes('-'))
    refuse('dedupeFiles needs file, folder or glob operands (standard input is not one)');
  if (options === undefined || options === null)
    refuse("dedupeFiles: expected options with an output, such as { output: { kind: 'dry-run' } }");
  checkOptionNames(options, 'dedupeFiles', [...FILES_OPTIONS, ...extra], refuse);
  checkFilesOutput(options.output, refuse);
  const o = options.output;
  return dedupePlan(
    makePlan({
      kind: 'dedupe',
      operands: [...operands],
      options: {
        ...raw(options),
        output: o.kind === 'file' ? o.path : undefined,
        outDir: o.kind === 'out-dir' ? o.dir : undefined,
        inPlace: o.kind === 'in-place' || undefined,
        backup: o.kind === 'in-place' ? o.backup : undefined,
        dryRun: o.kind === 'dry-run' || undefined,
        include: options.include ? [...options.include] : undefined,
        exclude: options.exclude ? [...options.exclude] : undefined,
        hidden: options.hidden,
        follow: options.follow,
        index: options.index,
        indexReadonly: options.indexReadonly,
        quiet: true,
      },
    }),
  );
}

// The presentation half is the CLI's: the library shows nothing.
function dedupePlan(result: ReturnType<typeof makePlan>): DedupeRun {
  if (result.kind === 'usage-error') throw new DedupeOptionsError(result.message);
  return result.run as DedupeRun;
}

// The raw, string-valued shape commander hands to makePlan; choices commander checks for the CLI
// are checked here.
function raw(options: DedupeOptions): RawOptions {
  for (const [name, allowed] of Object.entries(CHOICES)) {
    const value = (options as Record<string, unknown>)[name];
    if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
      throw new DedupeOptionsError(`${name}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    }
  }
  const text = (n: number | undefined): string | undefined => (n === undefined ? undefined : String(n));
  return {
    ...(flagDefaults() as unknown as RawOptions),
    ...(options.unit && { unit: options.unit }),
    ...(options.scope && { scope: options.scope }),
    ...(options.key && { key: options.key }),
    ...(options.keep && { keep: options.keep }),
    fold: options.fold ? [...options.fold] : undefined,
    dropFold: options.noFold ? [...options.noFold] : undefined,
    minChars: text(options.minChars),
    minWords: text(options.minWords),
    minFiles: text((options as FilesOptions).minFiles),
    near: options.near,
    nearThreshold: text(options.nearThreshold),
    nearScore: options.nearScore,
    nearMinChars: text(options.nearMinChars),
    nearTemplates: options.nearTemplates,
    encoding: options.encoding,
    ...(options.format && { format: options.format }),
    ...(options.field !== undefined && { field: options.field }),
    dropEmpty: options.dropEmpty,
    // A library prints nothing: no colour, no bar.
    color: 'never',
    progress: false,
  };
}
