// The command line's grammar, declared once with commander: options, the `key` subcommand, help
// text with examples, `help [command]`. It only parses; turning raw options into a validated Plan
// is plan.ts's job. The options themselves come from the flag table (flags.ts).
import { Argument, Command, CommanderError, Option } from 'commander';
import { COMPLETION_SHELLS, type Shell } from './completion/shell-names.js';
import { describeKeyHelp } from '../key/index.js';
import { alsoTakes, FLAGS, flagNamed, type FlagDef } from './flags.js';
import { byGroup, FLAG_GROUP_TITLES } from './flag-groups.js';
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
  threads?: string;
  threadsAfter?: string;
  readAheadAfter?: string;
  progressAfter?: string;
  report?: string;
  stats?: boolean;
  check?: boolean;
  maxRate?: string;
  keep: string;
  minChars?: string;
  minWords?: string;
  minFiles?: string;
  onlyDuplicates?: boolean;
  removed?: boolean;
  color: string;
  top?: string;
  index?: string;
  indexReadonly?: boolean;
  breakLock?: boolean;
  near?: boolean;
  nearThreshold?: string;
  nearScore?: string;
  nearMinChars?: string;
  nearTemplates?: boolean;
  format?: string;
  field?: string;
  idField?: string;
  dropEmpty?: boolean;
}

export type Parsed =
  | { kind: 'dedupe'; operands: string[]; options: RawOptions }
  | { kind: 'key'; operands: string[]; options: RawOptions }
  | { kind: 'index-stats'; path: string; json: boolean }
  | { kind: 'index-merge'; inputs: string[]; output: string; force: boolean }
  | { kind: 'index-salvage'; path: string }
  | { kind: 'completion'; shell: Shell }
  | ScaleParsed;

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The one-line description: --help's and the man page's NAME line. */
export const PROGRAM_DESCRIPTION =
  'Remove repeated lines or paragraphs from text, keeping the first copy, byte for byte.';

/** The examples, as --help and the man page show them. */
export const EXAMPLES_TEXT = `  dedupe scraped.txt > clean.txt          keep the first copy of every line
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
`;

const EXAMPLES = `
Examples:
${EXAMPLES_TEXT}
${describeKeyHelp()}

Exit status: 0 done; 1 duplicates found (--check); 2 usage error, or an input that could not be
read or an output not written (the other inputs are still processed); 130 interrupted
(SIGTERM 143, SIGHUP 129).
`;

export function buildProgram(
  version: string,
  sink: { out: (s: string) => void; err: (s: string) => void },
): {
  program: Command;
  result: () => Parsed | undefined;
  /** The subcommand the first operand named, once parsing has reached it. */
  subcommand: () => string | undefined;
} {
  let parsed: Parsed | undefined;
  let subcommand: string | undefined;
  const program = new Command('dedupe')
    .description(PROGRAM_DESCRIPTION)
    .argument('[inputs...]', 'files to read, in order; - or none means standard input')
    .configureHelp({
      optionTerm: (option) => (option.long === '--drop-fold' ? flagNamed('dropFold').flags : option.flags),
    });
  // Added group by group: commander shows the groups in the order their first option was added.
  for (const [, defs] of byGroup(FLAGS)) for (const def of defs) program.addOption(optionFor(def));
  // Last, so that commander's own options (-V, -h) close the list under the plain heading.
  program.version(version, '-V, --version');
  program.addHelpText('after', EXAMPLES).showSuggestionAfterError(true);
  const configure = (command: Command): Command =>
    command
      .exitOverride()
      .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) });
  configure(program).action((operands: string[], options: RawOptions) => {
    parsed = { kind: 'dedupe', operands, options };
  });

  const key = program
    .command('key')
    .description("print each unit's comparison key, one per line (blank lines are not units)")
    .argument('[inputs...]', 'files to read; - or none means standard input')
    .addHelpText('after', alsoTakes('key'));
  configure(key).action((operands: string[], _options: unknown, command: Command) => {
    parsed = { kind: 'key', operands, options: command.optsWithGlobals<RawOptions>() };
  });

  const index = program.command('index').description('inspect or combine persistent indexes (see --index)');
  index
    .command('stats')
    .description('keys, size on disk, key spec, created and updated times of an index')
    .argument('<index>', 'the index file')
    .option('--json', 'print the figures as one JSON object')
    .action((path: string, options: { json?: boolean }) => {
      parsed = { kind: 'index-stats', path, json: options.json === true };
    });
  index
    .command('merge')
    .description('combine indexes built separately (same key spec) into one, written atomically')
    .argument('<indexes...>', 'the indexes to combine')
    .usage('[--force] INDEX... -o OUTPUT')
    .option('-o, --output <file>', 'the merged index (required)')
    .option('--force', 'replace an existing output that is not one of the inputs')
    .action((inputs: string[], _options: unknown, command: Command) => {
      // Its own -o, listed with its options; written before `index merge`, it is the main command's.
      const options = command.optsWithGlobals<{ output?: string; force?: boolean }>();
      parsed = { kind: 'index-merge', inputs, output: options.output ?? '', force: options.force === true };
    });
  index
    .command('salvage')
    .description(
      'rewrite a damaged index keeping every intact frame (the inputs of dropped frames are processed again next time)',
    )
    .argument('<index>', 'the index file')
    .action((path: string) => {
      parsed = { kind: 'index-salvage', path };
    });
  for (const command of index.commands) configure(command);
  // Without a subcommand (or with an unknown one), one line naming them, not the whole usage.
  configure(index)
    .allowExcessArguments(true)
    .action((_options: unknown, command: Command) => {
      const names = `${index.commands.map((c) => c.name()).join(', ')}; see dedupe help index`;
      const [given] = command.args;
      index.error(
        given ? `index: unknown subcommand '${given}' (${names})` : `index: a subcommand is needed (${names})`,
      );
    });
  program
    .command('completion')
    .description(
      `print a completion script for a shell (${COMPLETION_SHELLS.join(', ')}); see the README to install it`,
    )
    .addArgument(new Argument('<shell>', 'the shell').choices(COMPLETION_SHELLS))
    .exitOverride()
    .configureOutput({ writeOut: sink.out, writeErr: sink.err, outputError: (text, write) => write(oneLine(text)) })
    .action((shell: Shell) => {
      parsed = { kind: 'completion', shell };
    });
  program.commandsGroup(`${FLAG_GROUP_TITLES['scale-out']} commands:`);
  addScaleCommands(program, sink, oneLine, (p) => {
    parsed = p;
  });
  program.commandsGroup('Commands:');
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
        if (!next)
          program.error(
            `help: no subcommand '${[...names.slice(0, names.indexOf(name)), name].join(' ')}' (${target.commands.map((c) => c.name()).join(', ')})`,
          );
        target = next!;
      }
      target.outputHelp();
      throw new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)');
    });
  program.hook('preSubcommand', (_program, command) => {
    subcommand = command.name();
  });
  program.addHelpText('after', () => describeReservedWords(program));

  return { program, result: () => parsed, subcommand: () => subcommand };
}

// A table row as a commander option. `--no-fold <steps>` is shown as written but parsed as the
// hidden `--drop-fold` (see rewriteNegatedFold): commander would read it as "fold = false".
function optionFor(def: FlagDef): Option {
  const flags = def.name === 'dropFold' ? def.flags.replace('--no-fold', '--drop-fold') : def.flags;
  const option = new Option(flags, def.help).helpGroup(`${FLAG_GROUP_TITLES[def.group]}:`);
  if (def.choices) option.choices([...def.choices]);
  if (def.default !== undefined) option.default(def.default);
  if (def.repeatable) option.argParser(collect);
  if (def.help === undefined) option.hideHelp();
  return option;
}

/** commander's `--no-fold <steps>` would mean "fold = false"; route it to a hidden option instead. */
export function rewriteNegatedFold(argv: readonly string[]): string[] {
  const out: string[] = [];
  let afterDashDash = false;
  for (const arg of argv) {
    if (afterDashDash) out.push(arg);
    else if (arg === '--') {
      afterDashDash = true;
      out.push(arg);
    } else if (arg === '--no-fold') out.push('--drop-fold');
    else if (arg.startsWith('--no-fold=')) out.push(`--drop-fold=${arg.slice('--no-fold='.length)}`);
    else out.push(arg);
  }
  return out;
}

function oneLine(text: string): string {
  const flat = text
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `dedupe: ${flat}\n`;
}
