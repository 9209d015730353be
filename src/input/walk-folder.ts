// Walks a folder: every file below it, hidden entries only on request, --include/--exclude globs
// applied by path-filter.ts, symbolic links followed only on request (a folder already walked, by
// device and inode, is not walked again, so link loops end). An unreadable folder becomes a problem
// value and the walk goes on. Names holding line breaks are walked like any other.
import { type Dirent, type Stats } from 'node:fs';
import { readdirSync, statSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import { describeIoError } from './io-error.js';
import { pathFilter } from './path-filter.js';
import { isTempName } from '../fs/temp-name.js';
import type { WalkEntry, WalkOptions, WalkResult } from './walk.js';

type EntryKind = 'file' | 'folder' | 'other' | 'link';

export function walkFolder(root: string, options: WalkOptions): WalkResult {
  const entries: WalkEntry[] = [];
  const problems: { path: string; message: string }[] = [];
  const filter = pathFilter(options.include, options.exclude);
  const visited = new Set<string>();
  if (options.follow) remember(statSync(root), visited);

  const pending: string[] = [''];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    let listing: Dirent[];
    try {
      listing = readdirSync(join(root, folder), { withFileTypes: true });
    } catch (error) {
      problems.push({ path: join(root, folder), message: describeIoError(error) });
      continue;
    }
    for (const dirent of listing) {
      if (!options.hidden && dirent.name.startsWith('.')) continue;
      if (isTempName(dirent.name)) continue; // another run's file in the making, never an input
      const rel = folder === '' ? dirent.name : `${folder}/${dirent.name}`;
      let kind = kindOf(dirent);
      let stats: Stats | undefined;
      if (kind === 'link') {
        if (!options.follow) continue;
        try {
          stats = statSync(join(root, rel));
        } catch (error) {
          problems.push({ path: join(root, rel), message: describeIoError(error) });
          continue;
        }
        kind = stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
      }
      if (kind === 'folder') {
        if (filter.skipsFolder(rel)) continue;
        if (options.follow && !remember(stats ?? statSync(join(root, rel)), visited)) continue;
        pending.push(rel);
        continue;
      }
      if (!filter.selectsFile(rel)) continue;
      entries.push({ path: rel, dirent: stats ? direntLike(dirent.name, kind) : dirent });
    }
  }
  return { entries, problems };
}

function kindOf(dirent: Dirent): EntryKind {
  if (dirent.isSymbolicLink()) return 'link';
  if (dirent.isDirectory()) return 'folder';
  if (dirent.isFile()) return 'file';
  return 'other';
}

// True the first time a folder (by device and inode) is seen.
function remember(stats: Stats, visited: Set<string>): boolean {
  const id = `${stats.dev}:${stats.ino}`;
  if (visited.has(id)) return false;
  visited.add(id);
  return true;
}

// A followed link is reported as what it points to.
function direntLike(name: string, kind: EntryKind): Dirent {
  return {
    name,
    isFile: () => kind === 'file',
    isDirectory: () => kind === 'folder',
    isSymbolicLink: () => false,
  } as Dirent;
}
