// The words the command line takes as subcommands, never as file names, and what a run says when
// one of them is also the name of a file here. Commander's list of subcommands is the one
// definition of the words.
import { lstatSync } from '../fs/lossless-fs.js';
import type { Command } from 'commander';

export function reservedWords(program: Command): string[] {
  return program.commands.map((c) => c.name());
}

/** The --help paragraph that lists them. */
export function describeReservedWords(program: Command): string {
  const words = reservedWords(program);
  return `Reserved words: ${words.join(', ')}.\nAs the first operand each one is its subcommand: a file with one of these names must be written\n./NAME (dedupe ./status reads the file status).\n`;
}

/** True when a file, folder or link of this name is in the current folder. */
export function isShadowedFile(word: string): boolean {
  try {
    lstatSync(word);
    return true;
  } catch {
    return false;
  }
}

export function shadowHint(word: string): string {
  return `${word} is a subcommand; to read the file named ${word}, write ./${word}`;
}

/**
 * A subcommand's error, told when a file of that name is here: the user may have meant the file.
 * One `dedupe: ...` line gets the hint in it; commander's multi-line help gets a line of its own.
 */
export function withShadowHint(errorText: string, subcommand: string | undefined): string {
  if (subcommand === undefined || errorText === '' || !isShadowedFile(subcommand)) return errorText;
  if (/^dedupe: [^\n]*\n$/.test(errorText)) return `${errorText.slice(0, -1)} (${shadowHint(subcommand)})\n`;
  return `${errorText}${errorText.endsWith('\n') ? '' : '\n'}dedupe: ${shadowHint(subcommand)}\n`;
}
