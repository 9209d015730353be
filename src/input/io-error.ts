// Turns file-system errors into the short reasons the user sees after "dedupe: PATH: ".
// Node's messages carry errno names and syscall details; users need the plain reason.

/** A short, lower-case reason for a failed open or read, without Node's errno prefix. */
export function describeIoError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EIO':
      return 'input/output error';
    case 'EROFS':
      return 'read-only file system';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'ELOOP':
      return 'too many levels of symbolic links (a link that leads back to itself)';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'ELINK':
    case 'EOUTSIDE':
    case 'EREFUSED':
      return (error as Error).message;
    default:
      return error instanceof Error ? plainReason(error.message) : String(error);
  }
}

// Node words a system error `ECODE: reason, syscall 'path'`: the reason alone is the user's.
const SYSTEM_MESSAGE = /^E[A-Z0-9]+: (.+?)(?:, [a-z_]+(?: '.*')?)?$/s;

function plainReason(message: string): string {
  return SYSTEM_MESSAGE.exec(message)?.[1] ?? message;
}
