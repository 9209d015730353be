// A failed write must end the run, while a failed read only skips its source: output errors are
// wrapped on their way out of a writer (asOutput) so the two cannot be confused, and named by the
// file the error carries when it carries one.
import { basename } from 'node:path';
import { isTempName } from '../fs/temp-name.js';

export class OutputError extends Error {
  constructor(override readonly cause: unknown) {
    super('output failed');
  }
}

export async function asOutput<T>(action: () => Promise<T> | T): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw new OutputError(error);
  }
}

// The input's label alone does not say which output folder or file was refused. A rename's error
// names the temporary file first: the destination is the user's file; a temporary name alone says nothing.
export function pathOf(error: unknown): string {
  const { path, dest } = (error ?? {}) as { path?: unknown; dest?: unknown };
  if (typeof dest === 'string') return ` ${dest}`;
  return typeof path === 'string' && !isTempName(basename(path)) ? ` ${path}` : '';
}
