// A plain run's command line (`dedupe`, `dedupe FILE...`, `dedupe -`: operands only) read without
// commander, whose program costs every start-up a few milliseconds to build (issue 20). Anything
// else (any flag, `--`, a first operand that could name a subcommand) is read by commander
// (program.ts), the one grammar; the defaults come from the same flag table, and a test holds
// both readings of a plain line to the same answer.
import { FLAGS, type FlagDef } from './flags.js';
import { byGroup } from './flag-groups.js';
import type { Parsed, RawOptions } from './program.js';

// Subcommand names are lowercase words (a test checks every one): an operand that is not such a
// word cannot be one.
const COULD_NAME_A_SUBCOMMAND = /^[a-z][a-z-]*$/;

export type PlainRun = Extract<Parsed, { kind: 'dedupe' }>;

/** The parse of a plain run, or undefined: commander reads the line. */
export function plainRun(argv: readonly string[]): PlainRun | undefined {
  if (argv.length > 0 && COULD_NAME_A_SUBCOMMAND.test(argv[0])) return undefined;
  // `-` alone is an operand (standard input); any other word starting with a dash is commander's.
  if (argv.some((arg) => arg.length > 1 && arg.startsWith('-'))) return undefined;
  return { kind: 'dedupe', operands: [...argv], options: startingValues() };
}

// What commander starts an option at when the line does not give it: the row's default, and for
// a `--no-NAME` flag without a `--NAME` added before it, true (commander's reading of a lone
// negation). program.ts adds the rows group by group.
function startingValues(): RawOptions {
  const options: Record<string, string | boolean> = {};
  const added = byGroup(FLAGS).flatMap(([, defs]) => defs);
  added.forEach((def, at) => {
    if (def.default !== undefined) options[def.name] = def.default;
    else if (def.flags.includes('--no-') && loneNegation(def, added.slice(0, at))) options[def.name] = true;
  });
  return options as unknown as RawOptions;
}

const longFlag = (def: FlagDef): string | undefined => /(?:^|[ ,])(--[a-z][a-z-]*)/.exec(def.flags)?.[1];

// `--no-fold <steps>` is none: commander is given it as `--drop-fold` (program.ts).
function loneNegation(def: FlagDef, before: readonly FlagDef[]): boolean {
  const long = longFlag(def);
  if (def.name === 'dropFold' || !long?.startsWith('--no-')) return false;
  const positive = `--${long.slice('--no-'.length)}`;
  return !before.some((other) => other.flags.includes(positive) && longFlag(other) === positive);
}
