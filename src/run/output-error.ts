// A failed write must end the run, while a failed read only skips its source: output errors are
// wrapped on their way out of a writer (asOutput) so the two cannot be confused, and named by the
// file the error carries when it carries one.

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

// The input's label alone does not say which output folder or file was refused.
export function pathOf(error: unknown): string {
  const path = (error as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? ` ${path}` : '';
}
