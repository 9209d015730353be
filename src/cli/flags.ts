// The one table of dedupe's flags (ripgrep's defs.rs in spirit): each flag's spelling, help, value
// choices, default, the commands that take it and the flag it goes with. The commander grammar,
// the defaults, every "takes no" and "goes with" refusal and the subcommands' help are derived
// from it; no default is written anywhere else.
import { PROFILE_NAMES, STEP_NAMES } from '../key/index.js';
import { ENCODING_NAMES } from '../input/sniff.js';
import { NEAR_SCORE_NAMES, NEAR_THRESHOLD } from '../near/near-score.js';
import { byGroup, FLAG_GROUP_TITLES, type FlagGroup } from './flag-groups.js';

/** Every command that takes flags; `dedupe` is the main command. */
export type CommandName = 'dedupe' | 'key' | 'plan' | 'map' | 'reduce' | 'apply' | 'commit' | 'status' | 'tasks';

export interface FlagDef {
  /** The property commander gives the value under. */
  readonly name: string;
  /** Where --help, the man page and the completions list it (titles and order: flag-groups.ts). */
  readonly group: FlagGroup;
  /** commander's spelling: short, long and value placeholder. */
  readonly flags: string;
  /** How messages name it. */
  readonly label: string;
  /** Undefined: a hidden flag, for tests. */
  readonly help?: string;
  readonly choices?: readonly string[];
  /** Values completion offers where the plan layer, not commander, checks them (comma lists too). */
  readonly suggest?: readonly string[];
  readonly default?: string;
  /** Given more than once, its values are collected (comma lists are split by the reader). */
  readonly repeatable?: boolean;
  readonly commands: readonly CommandName[];
  /** Refused unless this flag is given too, as "LABEL goes with <goesWith's label>". */
  readonly goesWith?: { readonly name: string; readonly label: string };
}

const ALL: readonly CommandName[] = ['dedupe', 'key', 'plan', 'map', 'reduce', 'apply', 'commit', 'status', 'tasks'];
/** Every command that takes flags, for the readers of the table (completions). */
export const COMMAND_NAMES = ALL;
// Comparison and input options: the run, the key listing and a scale-out plan all read them.
const COMPARING: readonly CommandName[] = ['dedupe', 'key', 'plan'];
const PLANNED: readonly CommandName[] = ['dedupe', 'plan'];
const RUN: readonly CommandName[] = ['dedupe'];

const NEAR = { name: 'near', label: '--near' };
const FORMAT = { name: 'format', label: '--format jsonl' };

export const FLAGS: readonly FlagDef[] = [
  {
    name: 'unit',
    group: 'units-and-key',
    flags: '-u, --unit <unit>',
    label: '--unit',
    help: 'what counts as one unit (document: a whole file, or a whole record field with --format jsonl)',
    choices: ['line', 'paragraph', 'document'],
    default: 'line',
    commands: COMPARING,
  },
  {
    name: 'scope',
    group: 'policies',
    flags: '-s, --scope <scope>',
    label: '--scope',
    help: 'global: a repeat of any earlier input is removed; file: each input on its own; document: each JSON Lines record on its own',
    choices: ['global', 'file', 'document'],
    default: 'global',
    commands: PLANNED,
  },
  {
    name: 'format',
    group: 'input',
    flags: '--format <format>',
    label: '--format',
    help: 'text: lines of text; jsonl: JSON Lines records, of which only one string field is deduplicated (see docs/formats.md)',
    choices: ['text', 'jsonl'],
    default: 'text',
    commands: PLANNED,
  },
  {
    name: 'field',
    group: 'input',
    flags: '--field <name>',
    label: '--field',
    help: 'with --format jsonl: the string field whose text is deduplicated (a dotted path such as meta.body reaches into objects)',
    default: 'text',
    commands: PLANNED,
    goesWith: FORMAT,
  },
  {
    name: 'idField',
    group: 'input',
    flags: '--id-field <name>',
    label: '--id-field',
    help: 'with --format jsonl: reports name records by this field (a string or number) besides FILE:LINE',
    commands: RUN,
    goesWith: FORMAT,
  },
  {
    name: 'dropEmpty',
    group: 'output',
    flags: '--drop-empty',
    label: '--drop-empty',
    help: 'do not write a file (in --out-dir) or a JSON Lines record left with nothing but blank lines; counted in the summary',
    commands: RUN,
  },
  {
    name: 'key',
    group: 'units-and-key',
    flags: '-k, --key <profile>',
    label: '--key',
    help: `comparison key profile (${PROFILE_NAMES.join(', ')})`,
    suggest: PROFILE_NAMES,
    default: 'standard',
    commands: COMPARING,
  },
  {
    name: 'fold',
    group: 'units-and-key',
    flags: '--fold <steps>',
    label: '--fold',
    help: 'add key steps to the profile (comma-separated, repeatable)',
    suggest: STEP_NAMES,
    repeatable: true,
    commands: COMPARING,
  },
  {
    name: 'dropFold',
    group: 'units-and-key',
    flags: '--no-fold <steps>',
    label: '--no-fold',
    help: 'remove key steps from the profile (comma-separated, repeatable)',
    suggest: STEP_NAMES,
    repeatable: true,
    commands: COMPARING,
  },
  {
    name: 'output',
    group: 'output',
    flags: '-o, --output <file>',
    label: '-o',
    help: 'write the result to FILE (atomically: it appears only when complete)',
    commands: RUN,
  },
  {
    name: 'outDir',
    group: 'output',
    flags: '-d, --out-dir <dir>',
    label: '--out-dir',
    help: 'write each input to DIR/<its path relative to the folder or glob it came from>',
    commands: ['dedupe', 'apply'],
  },
  {
    name: 'inPlace',
    group: 'output',
    flags: '-i, --in-place',
    label: '--in-place',
    help: 'replace each changed input file atomically (unchanged files are left untouched)',
    commands: RUN,
  },
  {
    name: 'backup',
    group: 'output',
    flags: '--backup <suffix>',
    label: '--backup',
    help: 'with --in-place: keep each replaced original as FILE<suffix>',
    commands: RUN,
    goesWith: { name: 'inPlace', label: '--in-place' },
  },
  {
    name: 'dryRun',
    group: 'output',
    flags: '-n, --dry-run',
    label: '--dry-run',
    help: 'write nothing; say on stderr which files would change',
    commands: RUN,
  },
  {
    name: 'include',
    group: 'input',
    flags: '--include <glob>',
    label: '--include',
    help: 'in folders and globs, only files matching GLOB (repeatable; no slash: the file name at any depth; a slash: the path below the folder or glob base)',
    repeatable: true,
    commands: COMPARING,
  },
  {
    name: 'exclude',
    group: 'input',
    flags: '--exclude <glob>',
    label: '--exclude',
    help: 'in folders and globs, skip files and folders matching GLOB (repeatable; the same rule)',
    repeatable: true,
    commands: COMPARING,
  },
  {
    name: 'hidden',
    group: 'input',
    flags: '--hidden',
    label: '--hidden',
    help: 'also read hidden files and folders (names starting with a dot)',
    commands: COMPARING,
  },
  {
    name: 'follow',
    group: 'input',
    flags: '-L, --follow',
    label: '--follow',
    help: 'follow symbolic links while walking folders',
    commands: COMPARING,
  },
  {
    name: 'encoding',
    group: 'input',
    flags: '--encoding <name>',
    label: '--encoding',
    help: 'read inputs in this encoding instead of detecting it',
    choices: ENCODING_NAMES,
    commands: COMPARING,
  },
  {
    name: 'report',
    group: 'reports',
    flags: '-r, --report <kind>',
    label: '--report',
    help: 'print a report on stdout instead of the text: diff (patch-ready), json (JSON Lines), summary, html (a review page)',
    choices: ['diff', 'json', 'summary', 'html'],
    commands: RUN,
  },
  {
    name: 'stats',
    group: 'reports',
    flags: '--stats',
    label: '--stats',
    help: 'print the summary report on stderr while the text still goes to stdout',
    commands: RUN,
  },
  {
    name: 'check',
    group: 'reports',
    flags: '-c, --check',
    label: '--check',
    help: 'write nothing; exit 1 when a duplicate is found, 0 when none',
    commands: RUN,
  },
  {
    name: 'maxRate',
    group: 'reports',
    flags: '--max-rate <rate>',
    label: '--max-rate',
    help: 'with --check: fail only when duplicates exceed this share of units (0.05 or 5%)',
    commands: RUN,
    goesWith: { name: 'check', label: '--check' },
  },
  {
    name: 'keep',
    group: 'policies',
    flags: '--keep <which>',
    label: '--keep',
    help: 'which copy of a repeated unit stays: first, last, or none (drop every copy)',
    choices: ['first', 'last', 'none'],
    default: 'first',
    commands: RUN,
  },
  {
    name: 'minChars',
    group: 'policies',
    flags: '--min-chars <n>',
    label: '--min-chars',
    help: 'never remove a unit whose key is shorter than N characters',
    commands: PLANNED,
  },
  {
    name: 'minWords',
    group: 'policies',
    flags: '--min-words <n>',
    label: '--min-words',
    help: 'never remove a unit whose key has fewer than N words',
    commands: PLANNED,
  },
  {
    name: 'minFiles',
    group: 'policies',
    flags: '--min-files <n>',
    label: '--min-files',
    help: 'a unit is repeated only when its copies are in at least N files; below that every copy stays (reads inputs twice)',
    default: '1',
    commands: RUN,
  },
  {
    name: 'onlyDuplicates',
    group: 'output',
    flags: '--only-duplicates',
    label: '--only-duplicates',
    help: 'print each repeated unit once (its kept copy, in output order), like a global uniq -d',
    commands: RUN,
  },
  {
    name: 'removed',
    group: 'output',
    flags: '--removed',
    label: '--removed',
    help: 'print every removed copy instead of the kept text (the complement of the output)',
    commands: RUN,
  },
  {
    name: 'color',
    group: 'reports',
    flags: '--color <when>',
    label: '--color',
    help: 'colour in reports',
    choices: ['auto', 'always', 'never'],
    default: 'auto',
    commands: RUN,
  },
  {
    name: 'top',
    group: 'reports',
    flags: '--top <n>',
    label: '--top',
    help: 'rows in the summary tables',
    default: '10',
    commands: RUN,
  },
  {
    name: 'index',
    group: 'index',
    flags: '--index <file>',
    label: '--index',
    help: 'a persistent index of seen units: what it holds is removed, what is new is added (created if missing)',
    commands: ['dedupe', 'plan', 'commit'],
  },
  {
    name: 'indexReadonly',
    group: 'index',
    flags: '--index-readonly',
    label: '--index-readonly',
    help: 'with --index: check against the index without adding to it',
    commands: RUN,
    goesWith: { name: 'index', label: '--index FILE' },
  },
  {
    name: 'breakLock',
    group: 'index',
    flags: '--break-lock',
    label: '--break-lock',
    help: "with --index: take the index's lock even from a run that seems alive or runs on another host (only when you are sure none is running)",
    commands: RUN,
    goesWith: { name: 'index', label: '--index FILE' },
  },
  {
    name: 'near',
    group: 'near',
    flags: '--near',
    label: '--near',
    help: 'also remove near duplicates: a paragraph lightly edited from an earlier kept one (see docs/near-duplicates.md)',
    commands: RUN,
  },
  {
    name: 'nearThreshold',
    group: 'near',
    flags: '--near-threshold <j>',
    label: '--near-threshold',
    // No commander default: the default depends on --near-score.
    help: `with --near: the similarity (0..1) at or above which a paragraph is a near copy: the mix of IDF-weighted 5-gram and word containment (near/3, default ${NEAR_THRESHOLD.mix}); with --near-score jaccard, the 5-gram Jaccard (default ${NEAR_THRESHOLD.jaccard})`,
    commands: RUN,
    goesWith: NEAR,
  },
  {
    name: 'nearScore',
    group: 'near',
    flags: '--near-score <score>',
    label: '--near-score',
    help: 'with --near: mix (near/3: length gate, IDF-weighted containment, nothing added, slot veto) or jaccard (near/1, the 5-gram Jaccard of earlier versions)',
    choices: NEAR_SCORE_NAMES,
    default: 'mix',
    commands: RUN,
    goesWith: NEAR,
  },
  {
    name: 'nearMinChars',
    group: 'near',
    flags: '--near-min-chars <n>',
    label: '--near-min-chars',
    help: 'with --near: keys shorter than N characters are compared exactly only',
    default: '80',
    commands: RUN,
    goesWith: NEAR,
  },
  {
    name: 'nearTemplates',
    group: 'near',
    flags: '--near-templates',
    label: '--near-templates',
    help: 'with --near: also remove templated variants (paragraphs differing only in numbers, dates, ordinals), kept by default',
    commands: RUN,
    goesWith: NEAR,
  },
  {
    name: 'progress',
    group: 'output',
    flags: '--progress',
    label: '--progress',
    help: 'show a progress bar on stderr even when it is not a terminal',
    commands: RUN,
  },
  {
    name: 'noProgress',
    group: 'output',
    flags: '--no-progress',
    label: '--no-progress',
    help: 'never show a progress bar',
    commands: RUN,
  },
  {
    name: 'quiet',
    group: 'output',
    flags: '-q, --quiet',
    label: '--quiet',
    help: 'no progress bar and no summary; warnings and errors still go to stderr',
    commands: ALL,
  },
  {
    name: 'bufferSize',
    group: 'input',
    flags: '--buffer-size <bytes>',
    label: '--buffer-size',
    default: String(1 << 20),
    commands: COMPARING,
  },
  {
    name: 'threads',
    group: 'input',
    flags: '--threads <n>',
    label: '--threads',
    help: 'threads that fold and fingerprint (with --near also sign paragraphs), this one included (1: no worker; default 1, with --near 2 on two cores or more, see bench/README.md); above 1, a run of many small files also reads them ahead on a thread of its own; the output is the same for any number',
    commands: RUN,
  },
  // Tests set it low so that small inputs cross to the workers; the default is the threads module's.
  { name: 'threadsAfter', group: 'input', flags: '--threads-after <bytes>', label: '--threads-after', commands: RUN },
  // Tests set it low so that a few files take the reader thread; the default is read-ahead.ts's.
  {
    name: 'readAheadAfter',
    group: 'input',
    flags: '--read-ahead-after <files>',
    label: '--read-ahead-after',
    commands: RUN,
  },
  {
    name: 'progressAfter',
    group: 'output',
    flags: '--progress-after <ms>',
    label: '--progress-after',
    default: '700',
    commands: RUN,
  },
];

const BY_NAME = new Map(FLAGS.map((f) => [f.name, f]));

export function flagNamed(name: string): FlagDef {
  const def = BY_NAME.get(name);
  if (!def) throw new Error(`no flag named ${name}`);
  return def;
}

/** A flag's default, from the table (the only place defaults are written). */
export function defaultOf(name: string): string | undefined {
  return flagNamed(name).default;
}

/** Every default, as commander fills them in: what a caller without commander starts from. */
export function flagDefaults(): Record<string, string> {
  return Object.fromEntries(FLAGS.flatMap((def) => (def.default === undefined ? [] : [[def.name, def.default]])));
}

/**
 * The flags the user gave, in table order: a value other than the default. (`--keep first` on a
 * command without --keep changes nothing, so it is not counted as given.)
 */
export function givenFlags(options: Readonly<Record<string, unknown>>): FlagDef[] {
  return FLAGS.filter((def) => {
    const value = def.name === 'noProgress' ? (options.progress === false ? true : undefined) : options[def.name];
    if (value === undefined || value === false) return false;
    if (def.name === 'progress' && value !== true) return false;
    return def.default === undefined || value !== def.default;
  });
}

/** Given flags that `command` does not take. */
export function misplacedFlags(options: Readonly<Record<string, unknown>>, command: CommandName): FlagDef[] {
  return givenFlags(options).filter((def) => !def.commands.includes(command));
}

/** "A, B goes with C" for each flag group given without the flag it goes with; undefined when none. */
export function goesWithRefusal(options: Readonly<Record<string, unknown>>): string | undefined {
  const given = givenFlags(options);
  const present = new Set(given.map((d) => d.name));
  const lonely = new Map<string, FlagDef[]>();
  for (const def of given) {
    if (!def.goesWith || present.has(def.goesWith.name)) continue;
    lonely.set(def.goesWith.label, [...(lonely.get(def.goesWith.label) ?? []), def]);
  }
  const [first] = lonely.entries();
  return first ? `${first[1].map((d) => d.label).join(', ')} goes with ${first[0]}` : undefined;
}

/** A subcommand's help names the main program's options it also takes (its own list shows only its own). */
export function alsoTakes(command: CommandName): string {
  const defs = FLAGS.filter((def) => def.help !== undefined && def.commands.includes(command)).filter(
    (def) => def.name !== 'quiet',
  );
  if (defs.length === 0) return '';
  const width = Math.max(...defs.map((d) => d.flags.length));
  const groups = byGroup(defs).map(
    ([group, members]) =>
      `  ${FLAG_GROUP_TITLES[group]}:\n${members.map((d) => `    ${d.flags.padEnd(width)}  ${d.help}`).join('\n')}`,
  );
  return `\nAlso takes these options of dedupe itself (see dedupe --help):\n${groups.join('\n')}\n`;
}
