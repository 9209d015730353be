// Makes a folder's entries (a file just created, renamed or linked into it) survive a power cut.
// One error policy for every caller: a file system that cannot fsync a folder at all is not an
// error (the rename itself happened), but a real I/O error is rethrown, since it means the new
// entry may not be on disk and the caller must not report the write as done.
import { closeSync, fsyncSync } from 'node:fs';
import { openSync } from './lossless-fs.js';

/** The calls syncFolder makes: a seam where tests inject a file system's refusals and failures. */
export interface FolderFs {
  openSync: (path: string, flags: string) => number;
  fsyncSync: (fd: number) => void;
  closeSync: (fd: number) => void;
}

export const realFolderFs: FolderFs = { openSync, fsyncSync, closeSync };

// "This file system (or platform) does not fsync folders": some network and FUSE mounts answer
// EINVAL or ENOTSUP, Windows EISDIR or EPERM; a folder we may enter but not list gives EACCES.
const CANNOT_SYNC_FOLDERS = new Set([
  'EINVAL',
  'ENOTSUP',
  'EOPNOTSUPP',
  'ENOSYS',
  'EISDIR',
  'EPERM',
  'EBADF',
  'EACCES',
]);

export function syncFolder(folder: string, fs: FolderFs = realFolderFs): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    if (!CANNOT_SYNC_FOLDERS.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
