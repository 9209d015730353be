// Expands a glob operand with fast-glob: hidden entries only on request, --include/--exclude as
// path-filter.ts defines them, symbolic links followed only on request. A folder that cannot be
// read becomes a problem value and the expansion goes on; with links followed, a folder already
// walked (same device and inode) is not walked again, so link loops end. Folder operands are
// walked by walk-folder.ts instead.
import type FastGlob from 'fast-glob';
import { type Dirent, type Stats } from 'node:fs';
import { lstat, lstatSync, readdir, readdirSync, stat, statSync } from '../fs/lossless-fs.js';
import { relative, resolve, sep } from 'node:path';
import { describeIoError } from './io-error.js';
import { pathFilter } from './path-filter.js';
import { isTempName } from '../fs/temp-name.js';
import { pathBytes } from '../fs/fs-path.js';

export interface WalkOptions {
  readonly hidden: boolean;
  readonly follow: boolean;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

export interface WalkEntry {
  /** Relative to cwd, forward slashes, as fast-glob gives it. */
  readonly path: string;
  /** The entry's type from the folder listing (the link's target's type when links are followed). */
  readonly dirent: Dirent;
}

export interface WalkResult {
  readonly entries: WalkEntry[];
  readonly problems: { path: string; message: string }[];
}

type ReaddirCallback = (error: NodeJS.ErrnoException | null, entries: Dirent[] | string[]) => void;

export async function walk(cwd: string, patterns: readonly string[], options: WalkOptions): Promise<WalkResult> {
  const problems: { path: string; message: string }[] = [];
  const visited = new Set<string>();
  const filter = pathFilter(options.include, options.exclude);
  const base = resolve(cwd);
  // Excluded folders are not entered (the filter below is what decides; this only saves the walk).
  const entered = (path: string, entries: Dirent[] | string[]): Dirent[] | string[] => {
    if (!options.exclude.length) return entries;
    const folder = relative(base, resolve(path)).split(sep).join('/');
    return (entries as (Dirent | string)[]).filter(
      (e) =>
        typeof e === 'string' ||
        !e.isDirectory() ||
        !filter.skipsFolder(folder === '' ? e.name : `${folder}/${e.name}`),
    ) as Dirent[] | string[];
  };
  // fast-glob reads folders through this adapter: it records unreadable folders instead of
  // failing the whole walk, and (when following links) refuses to enter a folder twice.
  const guardedReaddir = (
    path: string,
    optsOrCallback: { withFileTypes: true } | ReaddirCallback,
    maybeCallback?: ReaddirCallback,
  ): void => {
    // fast-glob calls readdir(path, cb) when it also wants stats, readdir(path, opts, cb) otherwise.
    const opts = typeof optsOrCallback === 'function' ? {} : optsOrCallback;
    const callback = typeof optsOrCallback === 'function' ? optsOrCallback : maybeCallback!;
    const list = (): void =>
      readdir(path, opts, (error: NodeJS.ErrnoException | null, entries: Dirent[] | string[]) => {
        if (error) {
          if (error.code !== 'ENOENT') problems.push({ path, message: describeIoError(error) });
          callback(null, []);
          return;
        }
        callback(null, entered(path, entries));
      });
    if (!options.follow) {
      list();
      return;
    }
    stat(path, (error: NodeJS.ErrnoException | null, stats: Stats) => {
      if (error) {
        list();
        return;
      }
      const id = `${stats.dev}:${stats.ino}`;
      if (visited.has(id)) {
        callback(null, []);
        return;
      }
      visited.add(id);
      list();
    });
  };

  const fg = await loadFastGlob();
  const found = await fg([...patterns], {
    cwd,
    dot: options.hidden,
    baseNameMatch: true,
    onlyFiles: false, // FIFOs and devices too, so the caller can warn about them
    objectMode: true,
    followSymbolicLinks: options.follow,
    suppressErrors: false,
    // Names that are not valid UTF-8 stay themselves (lossless-fs.ts) in every call fast-glob makes.
    fs: { readdir: guardedReaddir, readdirSync, stat, statSync, lstat, lstatSync } as never,
  });
  // The filter decides here, on every entry: a followed link to a folder is listed before it can be pruned.
  // Another run's file in the making is never an input, even with --hidden.
  const selected = found.filter(
    (e) =>
      !isTempName(e.name) &&
      !filter.insideSkippedFolder(e.path) &&
      (e.dirent.isDirectory() ? !filter.skipsFolder(e.path) : filter.selectsFile(e.path)),
  );
  return { entries: selected.map((e) => ({ path: e.path, dirent: e.dirent as Dirent })), problems };
}

// fast-glob costs ~0.1 s to load: only runs that walk a folder or expand a glob pay for it.
let fastGlob: typeof FastGlob | undefined;
async function loadFastGlob(): Promise<typeof FastGlob> {
  fastGlob ??= (await import('fast-glob')).default;
  return fastGlob;
}

const GLOB_MAGIC = /[*?[\]{}()!+@]/;

/** True when the operand is a glob pattern rather than a path (fast-glob's own test, once loaded). */
export async function isGlobPattern(operand: string): Promise<boolean> {
  if (!GLOB_MAGIC.test(operand)) return false;
  return (await loadFastGlob()).isDynamicPattern(operand);
}

/** The leading part of a glob that has no magic in it: the folder the pattern's matches live under. */
export async function globBase(pattern: string): Promise<string> {
  const fg = await loadFastGlob();
  const segments = pattern.split('/');
  const base: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (segment !== '' && fg.isDynamicPattern(segment)) break;
    base.push(segment);
  }
  if (base.length === 1 && base[0] === '') return '/';
  return base.length === 0 ? '.' : base.join('/');
}

/** Orders paths by their bytes, so the order is the same on every machine and locale. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(pathBytes(a), pathBytes(b));
}

// A string without UTF-16 surrogates (no astral letter, no byte-name escape) compares code unit
// by code unit in the order of its UTF-8 bytes.
const SURROGATE = /[\ud800-\udfff]/;

/** Sorts walk entries in byteOrder, with no bytes made per comparison when no path needs them. */
export function sortInByteOrder(entries: WalkEntry[]): WalkEntry[] {
  if (entries.some((e) => SURROGATE.test(e.path))) return entries.sort((a, b) => byteOrder(a.path, b.path));
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
