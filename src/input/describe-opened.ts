// The one wording of what opening a source found, for the one-process run and scale-out alike: an
// encoding that was guessed (with how to force another), text not valid in its encoding, and a
// binary file, skipped quietly when a walk found it, refused with a way forward when it was named.
import type { EncodingName, Sniffed } from './sniff.js';

type Guessed = NonNullable<Extract<Sniffed, { kind: 'text' }>['guessed']>;
type Binary = Extract<Sniffed, { kind: 'binary' }>;

export function guessedNote(encoding: EncodingName, guessed: Guessed): string {
  return `${guessed}; read as ${encoding} (force another with --encoding)`;
}

export function invalidNote(encoding: EncodingName): string {
  return `not valid ${encoding}; processed byte for byte (if it is in another encoding, name it with --encoding)`;
}

/** A binary file found in a folder or by a glob: passed over with a warning. */
export function skippedNote(binary: Binary): string {
  return `binary file skipped (${binary.reason})`;
}

/**
 * A binary file the user named (or piped in): nothing would come of it, so it is an error that
 * says what the file is and, for a compressed one, how to read its text today.
 */
export function refusedNote(binary: Binary, label: string | undefined): string {
  if (binary.decompress) {
    const how =
      label === undefined ? `${binary.decompress} FILE | dedupe` : `${binary.decompress} ${shellWord(label)} | dedupe`;
    return `${binary.reason}, not read: only gzip and zstd are read; decompress it first (${how})`;
  }
  const hint = binary.reason.startsWith('NUL byte') ? '; if it is text, name its encoding with --encoding' : '';
  return `binary file (${binary.reason}), not read${hint}`;
}

// The file name as one shell word, so the suggested command can be pasted.
function shellWord(text: string): string {
  return /^[\w./+,:@%-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
