// The command line's grammar, declared once with commander: options, the `key` subcommand, help
// text with examples, `help [command]`. It only parses; turning raw options into a validated Plan
// is plan.ts's job.
import { Command, CommanderError, Option } from 'commander';
import { PROFILE_NAMES, describeKeyHelp } from '../key/index.js';
import { ENCODING_NAMES } from '../input/sniff.js';
import { addScaleCommands, type ScaleParsed } from './scale-program.js';
import { describeReservedWords } from './reserved-words.js';

export interface RawOptions {
  unit: string;
  scope: string;
  key: string;
  fold?: string[];
  dropFold?: string[];
  output?: string;
  outDir?: string;
  inPlace?: boolean;
  backup?: string;
  dryRun?: boolean;
  include?: string[];
  exclude?: string[];
  hidden?: boolean;
  follow?: boolean;
  encoding?: string;
  progress?: boolean;
  quiet?: boolean;
  bufferSize?: string;
  progressAfter?: string;
  report?: string;
  stats?: boolean;
  check?: boolean;
  maxRate?: string;
  keep: string;
  minChars?: string;
  minWords?: string;
  onlyDuplicates?: boolean;
  removed?: boolean;
  color: string;
  top?: string;
  index?: string;
  indexReadonly?: boolean;
  near?: boolean;
  nearThreshold?: string;
  nearMinChars?: string;
  nearTemplates?: boolean;
}

export type Parsed =
  | { kind: 'dedupe'; operands: string[]; options: RawOptions }
  | { kind: 'key'; operands: string[]; options: RawOptions }
  | { kind: 'index-stats'; path: string; json: boolean }
  | { kind: 'index-merge'; inputs: string[]; output: string; force: boolean }
  | { kind: 'index-salvage'; path: string }
  | ScaleParsed;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const EXAMPLES = `
Examples:
  dedupe scraped.txt > clean.txt          keep the first copy of every line
  cat scraped.txt | dedupe > clean.txt    the same through a pipe (- also means stdin)
  dedupe a.txt b.txt -o clean.txt         several inputs, one output written atomically
  dedupe --unit paragraph book.txt        blank-line-separated paragraphs instead of lines
  dedupe --scope file a.txt b.txt         repeats are looked for inside each input only
  dedupe --key exact data.txt             compare bytes as they are (no folding)
  dedupe corpus/ --out-dir clean/         mirror a folder, cleaned (files in byte order of their paths)
  dedupe 'corpus/**/*.txt' --in-place --backup .orig
  dedupe corpus/ --dry-run                say what would change, change nothing
  dedupe key article.txt                  print each unit's comparison key, to see why two matched
  dedupe --report diff a.txt > a.patch    what would be removed, as a patch (and where each first copy is)
  dedupe --report summary corpus/         totals and the most repeated units (boilerplate)
  dedupe --check --max-rate 1% batch/     exit 1 when more than 1% of units are repeats
  dedupe day-002/ --out-dir clean/day-002 --index corpus.idx
                                          remove what earlier days had, then remember this day
  dedupe index stats corpus.idx           what an index holds
  dedupe --near corpus/ --out-dir clean/  also remove lightly edited copies of kept paragraphs
  dedupe --near --report json corpus/ | jq 'select(.match=="near")'

${describeKeyHelp()}

Exit status: 0 done; 1 duplicates found (--check); 2 usage error, or an input that could not be
read or an output not written (the other inputs are still processed); 130 interrupted.
`;

export function buildProgram(version: string, sink: { out: (s: string) => void; err: (s: string) => void }): {
  program: Command;
  result: () => Parsed | undefined;
  /** The subcommand the first operand named, once parsing has reached it. */
  subcommand: () => string | undefined;
} {
  let parsed: Parsed | undefined;
  let subcommand: string | undefined;
  const program = new Command('dedupe')
    .description('Remove repeated lines or paragraphs from text, keeping the first copy, byte for byte.')
    .version(version, '-V, --version')
    .argument('[inputs...]', 'files to read, in order; - or none means standard input')
    .addOption(new Option('-u, --unit <unit>', 'what counts as one unit').choices(['line', 'paragraph']).default('line'))
    .addOption(new Option('-s, --scope <scope>', 'global: a repeat of any earlier input is removed; file: each input on its own').choices(['global', 'file']).default('global'))
    .option('-k, --key <profile>', `comparison key profile (${PROFILE_NAMES.join(', ')})`, 'standard')
    .addOption(new Option('--fold <steps>', 'add key steps to the profile (comma-separated, repeatable)').argParser(collect))
    .addOption(new Option('--no-fold <steps>', 'remove key steps from the profile (comma-separated, repeatable)'))
    .addOption(new Option('--drop-fold <steps>').hideHelp().argParser(collect))
    .option('-o, --output <file>', 'write the result to FILE (atomically: it appears only when complete)')
    .option('-d, --out-dir <dir>', 'write each input to DIR/<its path relative to the folder or glob it came from>')
    .option('-i, --in-place', 'replace each changed input file atomically (unchanged files are left untouched)')
    .option('--backup <suffix>', 'with --in-place: keep each replaced original as FILE<suffix>')
    .option('-n, --dry-run', 'write nothing; say on stderr which files would change')
    .addOption(new Option('--include <glob>', 'in folders and globs, only files matching GLOB (repeatable; no slash: the file name at any depth; a slash: the path below the folder or glob base)').argParser(collect))
    .addOption(new Option('--exclude <glob>', 'in folders and globs, skip files and folders matching GLOB (repeatable; the same rule)').argParser(collect))
    .option('--hidden', 'also read hidden files and folders (names starting with a dot)')
    .option('-L, --follow', 'follow symbolic links while walking folders')
    .addOption(new Option('--encoding <name>', 'read inputs in this encoding instead of detecting it').choices([...ENCODING_NAMES]))
    .addOption(new Option('-r, --report <kind>', 'print a report on stdout instead of the text: diff (patch-ready), json (JSON Lines), summary').choices(['diff', 'json', 'summary']))
    .option('--stats', 'print the summary report on stderr while the text still goes to stdout')
    .option('-c, --check', 'write nothing; exit 1 when a duplicate is found, 0 when none')
    .option('--max-rate <rate>', 'with --check: fail only when duplicates exceed this share of units (0.05 or 5%)')
    .addOption(new Option('--keep <which>', 'which copy of a repeated unit stays: first, last, or none (drop every copy)').choices(['first', 'last', 'none']).default('first'))
    .option('--min-chars <n>', 'never remove a unit whose key is shorter than N characters')
    .option('--min-words <n>', 'never remove a unit whose key has fewer than N words')
    .option('--only-duplicates', 'print each repeated unit once (its kept copy, in output order), like a global uniq -d')
    .option('--removed', 'print every removed copy instead of the kept text (the complement of the output)')
    .addOption(new Option('--color <when>', 'colour in reports').choices(['auto', 'always', 'never']).default('auto'))
    .option('--top <n>', 'rows in the summary tables', '10')
    .option('--index <file>', 'a persistent index of seen units: what it holds is removed, what is new is added (created if missing)')
    .option('--index-readonly', 'with --index: check against the index without adding to it')
    .option('--near', 'also remove near duplicates: a paragraph lightly edited from an earlier kept one (see docs/near-duplicates.md)')
    .option('--near-threshold <j>', 'with --near: the similarity (Jaccard of character 5-grams of the key, 0..1) at or above which a paragraph is a near copy', '0.55')
    .option('--near-min-chars <n>', 'with --near: keys shorter than N characters are compared exactly only', '80')
    .option('--near-templates', 'with --near: also remove templated variants (paragraphs differing only in numbers, dates, ordinals), kept by default')
    .option('--progress', 'show a progress bar on stderr even when it is not a terminal')
    .option('--no-progress', 'never show a progress bar')
    .option('-q, --quiet', 'no progress bar and no summary; warnings and errors still go to stderr')
    .addOption(new Option('--buffer-size <bytes>', 'read window size, for tests').hideHelp())
    .addOption(new Option('--progress-after <ms>', 'how long a run lasts before its bar shows, for tests').hideHelp())
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) })
    .action((operands: string[], options: RawOptions) => {
      parsed = { kind: 'dedupe', operands, options };
    });

  program
    .command('key')
    .description("print each unit's comparison key, one per line (blank lines are not units)")
    .argument('[inputs...]', 'files to read; - or none means standard input')
    .addHelpText('after', '\nAlso takes the comparison and input options of dedupe itself: --unit, --key, --fold,\n--no-fold, --encoding, --include, --exclude, --hidden, --follow (see dedupe --help).')
    .exitOverride()
    .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) })
    .action((operands: string[], _options: unknown, command: Command) => {
      parsed = { kind: 'key', operands, options: command.optsWithGlobals() as RawOptions };
    });

  const index = program.command('index').description('inspect or combine persistent indexes (see --index)');
  index
    .command('stats')
    .description('keys, size on disk, key spec, created and updated times of an index')
    .argument('<index>', 'the index file')
    .option('--json', 'print the figures as one JSON object')
    .exitOverride()
    .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) })
    .action((path: string, options: { json?: boolean }) => {
      parsed = { kind: 'index-stats', path, json: options.json === true };
    });
  index
    .command('merge')
    .description('combine indexes built separately (same key spec) into one, written atomically')
    .argument('<indexes...>', 'the indexes to combine')
    .usage('[--force] INDEX... -o OUTPUT')
    .option('--force', 'replace an existing output that is not one of the inputs')
    .addHelpText('after', '\n  -o, --output <file>  the merged index (required)')
    .exitOverride()
    .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) })
    .action((inputs: string[], _options: unknown, command: Command) => {
      // -o is the main command's option (commander gives it to the program wherever it stands).
      const options = command.optsWithGlobals() as { output?: string; force?: boolean };
      parsed = { kind: 'index-merge', inputs, output: options.output ?? '', force: options.force === true };
    });
  index
    .command('salvage')
    .description('rewrite a damaged index keeping every intact frame (the inputs of dropped frames are processed again next time)')
    .argument('<index>', 'the index file')
    .exitOverride()
    .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) })
    .action((path: string) => {
      parsed = { kind: 'index-salvage', path };
    });
  index.exitOverride().configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) });
  addScaleCommands(program, sink, oneLine, (p) => { parsed = p; });
  // A subcommand of our own, not commander's: an unknown name is one error line, not the whole help.
  program.helpCommand(false);
  program
    .command('help')
    .description("print this help, or a subcommand's (dedupe help index stats)")
    .argument('[command...]', 'the subcommand')
    .exitOverride()
    .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) })
    .action((names: string[]) => {
      let target = program;
      for (const name of names) {
        const next = target.commands.find((c) => c.name() === name);
        if (!next) program.error(`help: no subcommand '${[...names.slice(0, names.indexOf(name)), name].join(' ')}' (${target.commands.map((c) => c.name()).join(', ')})`);
        target = next!;
      }
      target.outputHelp();
      throw new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)');
    });
  program.hook('preSubcommand', (_program, command) => { subcommand = command.name(); });
  program.addHelpText('after', () => describeReservedWords(program));

  return { program, result: () => parsed, subcommand: () => subcommand };
}

/** commander's `--no-fold <steps>` would mean "fold = false"; route it to a hidden option instead. */
export function rewriteNegatedFold(argv: readonly string[]): string[] {
  const out: string[] = [];
  let afterDashDash = false;
  for (const arg of argv) {
    if (afterDashDash) out.push(arg);
    else if (arg === '--') { afterDashDash = true; out.push(arg); }
    else if (arg === '--no-fold') out.push('--drop-fold');
    else if (arg.startsWith('--no-fold=')) out.push(`--drop-fold=${arg.slice('--no-fold='.length)}`);
    else out.push(arg);
  }
  return out;
}

function oneLine(text: string): string {
  const flat = text.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
  return `dedupe: ${flat}\n`;
}
