// Turns command-line operands into the ordered list of sources to read: files as given, and `-`
// (or no operand at all) for standard input. A source is a value; whether it can be read is
// found out when it is opened, so one bad operand never stops the others.

export type Source = { readonly kind: 'stdin'; readonly label: string } | { readonly kind: 'file'; readonly path: string; readonly label: string };

export function sourcesFromOperands(operands: readonly string[]): Source[] {
  if (operands.length === 0) return [{ kind: 'stdin', label: '-' }];
  return operands.map((operand) => (operand === '-' ? { kind: 'stdin', label: '-' } : { kind: 'file', path: operand, label: operand }));
}

/** A short, lower-case reason for a failed open or read, without Node's errno prefix. */
export function describeIoError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ENOTDIR': return 'not a directory';
    case 'ENOSPC': return 'no space left on device';
    case 'EIO': return 'input/output error';
    case 'EROFS': return 'read-only file system';
    case 'EMFILE': case 'ENFILE': return 'too many open files';
    default: return error instanceof Error ? error.message : String(error);
  }
}
