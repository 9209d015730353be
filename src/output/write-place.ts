// What a named output path really is, decided before anything is written to it: a regular file
// (through any symbolic links) to replace atomically, a device, FIFO or socket to write straight
// through, or nothing yet. Renaming over a link or a special file would destroy it.
import { type Stats } from 'node:fs';
import { lstat, lstatSync, readlinkSync, realpathSync, statSync } from '../fs/lossless-fs.js';
import { dirname, resolve } from 'node:path';

export type WritePlace =
  /** Replace (or create) this regular file atomically; `path` is where the links lead. */
  | { readonly kind: 'file'; readonly path: string }
  /** A device, FIFO or socket: opened and written as it is, never renamed over. */
  | { readonly kind: 'stream'; readonly path: string };

/** Where `-o PATH` writes: links are followed to the file they name, and they stay links. */
export function placeOf(path: string): WritePlace {
  const followed = statOrMissing(path, statSync);
  if (followed) {
    if (followed.isFile()) return { kind: 'file', path: realpathSync(path) };
    if (followed.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR', path });
    return { kind: 'stream', path };
  }
  // Nothing there, or a link to a file not made yet: the file is created where the link points.
  return { kind: 'file', path: danglingEnd(path) };
}

/** The entry a path names itself (links not followed), or undefined when there is none. */
export function ownEntry(path: string): Stats | undefined {
  return statOrMissing(path, lstatSync);
}

/** ownEntry through libuv's pool: the main thread goes on while the lookup waits for its folder. */
export function ownEntryLater(path: string): Promise<Stats | undefined> {
  return new Promise((resolve, reject) =>
    lstat(path, (error, stats) =>
      error ? (error.code === 'ENOENT' ? resolve(undefined) : reject(error)) : resolve(stats),
    ),
  );
}

/** What kind of entry `own` (a path's own entry, links not followed) is: the refusal reason, if any. */
export function notReplaceable(own: Stats | undefined): string | undefined {
  if (!own || own.isFile()) return undefined;
  if (own.isSymbolicLink()) return 'is a symbolic link';
  if (own.isDirectory()) return 'is a folder';
  return 'is a special file (device, FIFO or socket)';
}

// Missing is the usual case of an --out-dir output: no error object is built for it (that costs
// more than the stat itself, once per file of a large folder).
function statOrMissing(path: string, stat: typeof lstatSync): Stats | undefined {
  return stat(path, { throwIfNoEntry: false });
}

// Follows a chain of links whose last target does not exist yet (40 hops, as the kernel allows).
function danglingEnd(path: string): string {
  let current = resolve(path);
  for (let hop = 0; hop < 40; hop++) {
    const own = statOrMissing(current, lstatSync);
    if (!own?.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP', path });
}
