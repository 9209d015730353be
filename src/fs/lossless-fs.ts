// node:fs for paths that may hold any bytes: every call that takes a path gives the file system the
// path's exact bytes (fs-path.ts), and every call that returns names decodes them losslessly, so a
// name that is not valid UTF-8 is never confused with another. The code imports path-taking calls
// from here, never from node:fs (eslint.config.js refuses them); calls on descriptors stay node:fs's.
import * as fs from 'node:fs';
import { isByteName, pathBytes, pathFromBytes, toFsPath } from './fs-path.js';

type OnePath = (path: fs.PathLike, ...rest: never[]) => unknown;
type TwoPaths = (from: fs.PathLike, to: fs.PathLike, ...rest: never[]) => unknown;

function onPath<F extends OnePath>(call: F): F {
  return ((path: fs.PathLike, ...rest: never[]) => {
    const given = toFsPath(path);
    return given === path ? call(path, ...rest) : renamingErrors(() => call(given, ...rest), rest, [path]);
  }) as F;
}

function onPaths<F extends TwoPaths>(call: F): F {
  return ((from: fs.PathLike, to: fs.PathLike, ...rest: never[]) => {
    const [a, b] = [toFsPath(from), toFsPath(to)];
    return a === from && b === to
      ? call(from, to, ...rest)
      : renamingErrors(() => call(a, b, ...rest), rest, [from, to]);
  }) as F;
}

// An error about a byte path names it by the path's lossless string (in `path`, `dest` and its
// message), not by node's U+FFFD reading of it: however it is reported (thrown, to a callback, by
// a promise), the message then shows the name's real bytes.
function renamingErrors(call: () => unknown, rest: never[], paths: fs.PathLike[]): unknown {
  const last = rest.length - 1;
  if (typeof rest[last] === 'function') {
    const callback = rest[last] as (error: unknown, ...results: unknown[]) => void;
    rest[last] = ((error: unknown, ...results: unknown[]) =>
      callback(error && renamed(error, paths), ...results)) as never;
  }
  try {
    const result = call();
    return result instanceof Promise
      ? result.catch((error: unknown) => {
          throw renamed(error, paths);
        })
      : result;
  } catch (error) {
    throw renamed(error, paths);
  }
}

function renamed(error: unknown, paths: readonly fs.PathLike[]): unknown {
  if (!(error instanceof Error)) return error;
  const named = error as NodeJS.ErrnoException & { dest?: string };
  for (const path of paths) {
    if (typeof path !== 'string' || !isByteName(path)) continue;
    const lossy = pathBytes(path).toString('utf8');
    if (named.path === lossy) named.path = path;
    if (named.dest === lossy) named.dest = path;
    named.message = named.message.split(`'${lossy}'`).join(`'${path}'`);
  }
  return error;
}

export const statSync = onPath(fs.statSync);
export const lstatSync = onPath(fs.lstatSync);
export const stat = onPath(fs.stat);
export const lstat = onPath(fs.lstat);
export const openSync = onPath(fs.openSync);
export const open = onPath(fs.open);
export const accessSync = onPath(fs.accessSync);
export const existsSync = (path: fs.PathLike): boolean => fs.existsSync(toFsPath(path));
export const mkdirSync = onPath(fs.mkdirSync);
export const unlinkSync = onPath(fs.unlinkSync);
export const rmSync = onPath(fs.rmSync);
export const readFileSync = onPath(fs.readFileSync);
export const writeFileSync = onPath(fs.writeFileSync);
export const renameSync = onPaths(fs.renameSync);
export const rename = onPaths(fs.rename);
export const linkSync = onPaths(fs.linkSync);
export const copyFileSync = onPaths(fs.copyFileSync);
// node:fs/promises (with the readline and watcher modules it loads) only on a first use, a FIFO's
// open: loading it would cost every start-up a few milliseconds.
const openLater = (...args: Parameters<typeof fs.promises.open>) => fs.promises.open(...args);
export const promises = { open: onPath(openLater) };

/** realpath(3), its answer decoded losslessly (node's JS realpath would decode a byte path as text first). */
export function realpathSync(path: string): string {
  try {
    return pathFromBytes(fs.realpathSync.native(toFsPath(path), { encoding: 'buffer' }));
  } catch (error) {
    throw renamed(error, [path]);
  }
}

/** readlink(2), its answer decoded losslessly. */
export function readlinkSync(path: string): string {
  try {
    return pathFromBytes(fs.readlinkSync(toFsPath(path), { encoding: 'buffer' }));
  } catch (error) {
    throw renamed(error, [path]);
  }
}

// A folder is listed as text (node's decoding is the fast one), and again as bytes only when a
// name shows U+FFFD: that name may hold bytes that are not UTF-8 (or really hold U+FFFD).
const mayBeBytes = (entries: readonly (fs.Dirent | string)[]): boolean =>
  entries.some((e) => (typeof e === 'string' ? e : e.name).includes('\ufffd'));

/** A folder's names, each decoded losslessly. */
export function readdirSync(path: string): string[];
export function readdirSync(path: string, options: { withFileTypes: true }): fs.Dirent[];
export function readdirSync(path: string, options?: { withFileTypes?: boolean }): string[] | fs.Dirent[] {
  try {
    const given = toFsPath(path);
    if (options?.withFileTypes) {
      const listed = fs.readdirSync(given, { withFileTypes: true });
      return mayBeBytes(listed) ? named(fs.readdirSync(given, { withFileTypes: true, encoding: 'buffer' })) : listed;
    }
    const listed = fs.readdirSync(given);
    return mayBeBytes(listed) ? fs.readdirSync(given, { encoding: 'buffer' }).map(pathFromBytes) : listed;
  } catch (error) {
    throw renamed(error, [path]);
  }
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: fs.Dirent[] | string[]) => void;

/** readdir's callback form (as fast-glob calls it: with or without `withFileTypes`), names decoded losslessly. */
export function readdir(
  path: fs.PathLike,
  optionsOrCallback: { withFileTypes?: boolean } | ReaddirCallback,
  maybeCallback?: ReaddirCallback,
): void {
  const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
  const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback!;
  const given = toFsPath(path);
  const failed = (error: NodeJS.ErrnoException): void => callback(renamed(error, [path]) as Error, []);
  if (options.withFileTypes) {
    fs.readdir(given, { withFileTypes: true }, (error, listed) => {
      if (error) return failed(error);
      if (!mayBeBytes(listed)) return callback(null, listed);
      fs.readdir(given, { withFileTypes: true, encoding: 'buffer' }, (again, entries) =>
        again ? failed(again) : callback(null, named(entries)),
      );
    });
    return;
  }
  fs.readdir(given, (error, listed) => {
    if (error) return failed(error);
    if (!mayBeBytes(listed)) return callback(null, listed);
    fs.readdir(given, { encoding: 'buffer' }, (again, names) =>
      again ? failed(again) : callback(null, names.map(pathFromBytes)),
    );
  });
}

// Listed with byte names, each entry is given its lossless string name (the rest of a Dirent is kept).
function named(entries: fs.Dirent<Buffer>[]): fs.Dirent[] {
  for (const entry of entries) (entry as unknown as { name: string }).name = pathFromBytes(entry.name);
  return entries as unknown as fs.Dirent[];
}
