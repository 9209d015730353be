// What a completion script offers, as data: the command tree, each command's options with the
// values they take, and its operands. It is read off the commander program (itself derived from
// the flag table) plus the table's own `suggest` lists, so a new row or subcommand completes with
// no change here. The shell renderers (bash.ts, zsh.ts, fish.ts) only spell this out.
import type { Argument, Command, Option } from 'commander';
import { COMMAND_NAMES, FLAGS, type CommandName, type FlagDef } from '../flags.js';
import { PHASES } from '../../scale/manifest.js';

/** What follows an option or stands as an operand. */
export type ValueSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'words'; readonly words: readonly string[]; readonly commaList: boolean }
  | { readonly kind: 'file' }
  | { readonly kind: 'dir' }
  /** A number, a glob, a suffix: nothing useful to offer. */
  | { readonly kind: 'free' };

export interface OptionSpec {
  readonly long: string;
  readonly short?: string;
  readonly help: string;
  readonly value: ValueSpec;
  /** May be given more than once (shells that track given options keep offering it). */
  readonly repeatable: boolean;
}

export interface CommandSpec {
  /** ['dedupe'], ['dedupe', 'index', 'stats']. */
  readonly path: readonly string[];
  readonly help: string;
  readonly options: readonly OptionSpec[];
  readonly commands: readonly CommandSpec[];
  /** What an operand completes to (besides a subcommand's name, where there are any). */
  readonly operands: ValueSpec;
}

// Operands whose words are known but not enforced by commander (the command says what went wrong).
const OPERAND_WORDS: ReadonlyMap<string, readonly string[]> = new Map([['tasks', PHASES]]);

export function completionModel(program: Command): CommandSpec {
  const root = commandSpec(program, [program.name()]);
  // `help [command...]` names the program's subcommands.
  const names = root.commands.map((c) => c.path[1]);
  const commands = root.commands.map((c) =>
    c.path[1] === 'help' ? { ...c, operands: { kind: 'words', words: names, commaList: false } as const } : c,
  );
  return { ...root, commands };
}

function commandSpec(command: Command, path: string[]): CommandSpec {
  // The table's rows for this command, as the table spells them; commander's own for the rest.
  const rows = tableRowsFor(path);
  const tableNames = new Set(FLAGS.map((d) => d.name));
  const own = command.options.filter((o) => !o.hidden && !tableNames.has(o.attributeName())).map(fromCommander);
  const help: OptionSpec = {
    long: '--help',
    short: '-h',
    help: 'display help',
    value: { kind: 'none' },
    repeatable: false,
  };
  const options = [...rows.filter((d) => d.help !== undefined).map(fromRow), ...own, help];
  const commands = command.commands.map((c) => commandSpec(c, [...path, c.name()]));
  const argument = command.registeredArguments[0] as Argument | undefined;
  return {
    path,
    help: command.description(),
    options,
    commands,
    operands: operandsOf(argument, path),
  };
}

// The table names the main command `dedupe` and the first-level subcommands; deeper ones
// (index stats) take none of its flags.
function tableRowsFor(path: readonly string[]): FlagDef[] {
  const command = path.length === 1 ? 'dedupe' : path.length === 2 ? path[1] : undefined;
  if (command === undefined || !(COMMAND_NAMES as readonly string[]).includes(command)) return [];
  return FLAGS.filter((d) => d.commands.includes(command as CommandName));
}

function operandsOf(argument: Argument | undefined, path: readonly string[]): ValueSpec {
  if (argument === undefined) return { kind: 'none' };
  if (argument.argChoices) return { kind: 'words', words: argument.argChoices, commaList: false };
  const known = path.length === 2 ? OPERAND_WORDS.get(path[1]) : undefined;
  if (known) return { kind: 'words', words: known, commaList: false };
  return { kind: 'file' };
}

function fromRow(def: FlagDef): OptionSpec {
  const short = def.flags.match(/^(-[A-Za-z]),/)?.[1];
  const repeatable = def.repeatable === true;
  const value = valueOf(def.flags, def.choices ?? def.suggest, def.suggest !== undefined && repeatable);
  return { long: longOf(def.flags), short, help: def.help ?? '', value, repeatable };
}

function fromCommander(option: Option): OptionSpec {
  return {
    long: option.long ?? option.flags,
    short: option.short,
    help: option.description,
    value: valueOf(option.flags, option.argChoices, false),
    repeatable: option.variadic,
  };
}

function valueOf(flags: string, words: readonly string[] | undefined, commaList: boolean): ValueSpec {
  const placeholder = flags.match(/[<[]([^>\]]+)[>\]]/)?.[1];
  if (placeholder === undefined) return { kind: 'none' };
  if (words) return { kind: 'words', words, commaList };
  if (placeholder === 'file') return { kind: 'file' };
  if (placeholder === 'dir') return { kind: 'dir' };
  return { kind: 'free' };
}

function longOf(flags: string): string {
  return flags.match(/--[a-z][a-z-]*/)![0];
}

/** Every option of the tree that takes a value: a word after it is never a subcommand or operand. */
export function valuedOptions(root: CommandSpec): string[] {
  const all = new Set<string>();
  const walk = (c: CommandSpec): void => {
    for (const o of c.options) if (o.value.kind !== 'none') for (const s of [o.long, o.short]) if (s) all.add(s);
    c.commands.forEach(walk);
  };
  walk(root);
  return [...all].sort();
}

/** The tree's commands, depth first, root included. */
export function allCommands(root: CommandSpec): CommandSpec[] {
  return [root, ...root.commands.flatMap(allCommands)];
}

/** A word a script embeds unquoted (command, option, choice): refused if a shell could read more into it. */
export function safeWord(word: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$|^--?[A-Za-z0-9][A-Za-z0-9-]*$/.test(word))
    throw new Error(`completion: unsafe word '${word}'`);
  return word;
}

/** The help text's first clause: what a completion menu has room for. */
export function shortHelp(help: string): string {
  const clause = help.split(/; | \(/)[0].trim();
  return clause.length > 0 ? clause : help;
}
