// Which option names each library entry point takes, and the shape of `dedupeFiles`' output: a
// misspelt or misplaced option (`kep`, `index` given to dedupeText, `{ kind: 'outdir' }`) is a
// DedupeOptionsError naming it, never silently ignored, since a run that ignored it would report
// success for work it did not do.
import type { DedupeOptions, FilesOptions } from './options.js';

// The type each option's value must have. Typed as records over the interfaces' keys, so a new
// option cannot be added without its name and type here. Choices among strings (unit, keep, ...)
// are checked where they are read, with the values they may take.
type ValueType = 'string' | 'number' | 'boolean' | 'strings' | 'object';
const TEXT: Record<keyof DedupeOptions, ValueType> = {
  unit: 'string',
  scope: 'string',
  format: 'string',
  field: 'string',
  dropEmpty: 'boolean',
  key: 'string',
  fold: 'strings',
  noFold: 'strings',
  keep: 'string',
  minChars: 'number',
  minWords: 'number',
  near: 'boolean',
  nearThreshold: 'number',
  nearScore: 'string',
  nearMinChars: 'number',
  nearTemplates: 'boolean',
  encoding: 'string',
};
const FILES_ONLY: Record<Exclude<keyof FilesOptions, keyof DedupeOptions>, ValueType> = {
  output: 'object',
  include: 'strings',
  exclude: 'strings',
  hidden: 'boolean',
  follow: 'boolean',
  index: 'string',
  indexReadonly: 'boolean',
  minFiles: 'number',
};
const TYPES: Readonly<Record<string, ValueType>> = { ...TEXT, ...FILES_ONLY };

export const TEXT_OPTIONS: readonly string[] = Object.keys(TEXT);
export const FILES_OPTIONS: readonly string[] = [...TEXT_OPTIONS, ...Object.keys(FILES_ONLY)];

/** Throws (through `refuse`) for a name the entry point does not take; null counts as no options. */
export function checkOptionNames(
  options: unknown,
  entry: string,
  allowed: readonly string[],
  refuse: (message: string) => never,
): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options))
    refuse(`${entry}: expected an options object, got ${describe(options)}`);
  for (const name of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (allowed.includes(name)) {
      if (!hasType(value, TYPES[name]))
        refuse(`${entry}: option '${name}' expects ${TYPE_WORDS[TYPES[name]]}, got ${describe(value)}`);
      continue;
    }
    const known = FILES_OPTIONS.includes(name) || name === 'onEvent';
    const near = known ? undefined : closest(name, allowed);
    refuse(
      known
        ? `${entry} does not take the option '${name}' (it takes: ${allowed.join(', ')})`
        : `${entry}: unknown option '${name}'${near ? `; did you mean ${near}?` : ''}`,
    );
  }
}

const TYPE_WORDS: Readonly<Record<ValueType, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  strings: 'an array of strings',
  object: 'an object',
};

// A string where an array of strings is wanted would be walked letter by letter: refused.
function hasType(value: unknown, type: ValueType | undefined): boolean {
  if (type === undefined) return true;
  if (type === 'strings') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (type === 'object') return typeof value === 'object' && value !== null;
  return typeof value === type;
}

const OUTPUT_KINDS = ['out-dir', 'in-place', 'file', 'dry-run'];

/** `dedupeFiles`' output: one of the four kinds, with the name its kind needs. */
export function checkFilesOutput(output: unknown, refuse: (message: string) => never): void {
  if (typeof output !== 'object' || output === null)
    refuse(`output: expected { kind: ${OUTPUT_KINDS.map((k) => `'${k}'`).join(' | ')}, ... }, got ${describe(output)}`);
  const { kind, dir, path, backup } = output as Record<string, unknown>;
  if (typeof kind !== 'string' || !OUTPUT_KINDS.includes(kind))
    refuse(`output.kind: expected one of ${OUTPUT_KINDS.join(', ')}, got ${describe(kind)}`);
  if (kind === 'out-dir' && (typeof dir !== 'string' || dir.length === 0))
    refuse(`output.dir: an out-dir output needs the folder to write into, got ${describe(dir)}`);
  if (kind === 'file' && (typeof path !== 'string' || path.length === 0))
    refuse(`output.path: a file output needs the file to write, got ${describe(path)}`);
  if (kind === 'in-place' && backup !== undefined && typeof backup !== 'string')
    refuse(`output.backup: expected a file name suffix such as .orig, got ${describe(backup)}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'symbol' ? value.toString() : `${value as number | boolean | bigint}`;
}

// A misspelling is at most two edits from the name meant; names as near as each other are all named.
function closest(name: string, names: readonly string[]): string | undefined {
  let best: string[] = [];
  let bestDistance = 3;
  for (const candidate of names) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [[candidate], distance];
    else if (distance === bestDistance) best.push(candidate);
  }
  return best.length === 0 ? undefined : best.map((n) => `'${n}'`).join(' or ');
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}
