// Turns command-line operands into the ordered list of sources to read: `-` (or nothing) for
// standard input, files as given, folders walked and globs expanded (each sorted by byte order),
// the whole list de-duplicated by file identity. Problems are values in the list, reported in
// their turn, so one bad operand never stops the others.
import { type Stats } from 'node:fs';
import { realpathSync, statSync } from '../fs/lossless-fs.js';
import { basename, join, relative, resolve, sep } from 'node:path';
import { globBase, isGlobPattern, sortInByteOrder, walk, type WalkOptions } from './walk.js';
import { walkFolder } from './walk-folder.js';
import { describeIoError } from './io-error.js';
import { pathFilter } from './path-filter.js';

// `spool`: a private copy to read instead, for an input read twice that cannot be (see spool.ts).
export type Source =
  | { readonly kind: 'stdin'; readonly label: string; readonly spool?: string }
  // named: how the user named the file, as an operand itself or as standard input; absent when a
  // walk or glob found it. A named file that yields nothing fails the run.
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly label: string;
      readonly relative: string;
      readonly size?: number;
      /** Listed as a regular file (its reader skips a look before opening, and may read it whole). */
      readonly regular?: true;
      /** Its absolute path, when the expansion already made it (a folder's walk). */
      readonly absolute?: string;
      readonly spool?: string;
      readonly named?: 'operand' | 'stdin';
    }
  | {
      readonly kind: 'problem';
      readonly label: string;
      readonly message: string;
      readonly severity: 'error' | 'warning';
    };

export interface ExpandOptions extends WalkOptions {
  /** A folder the run writes into: refused as part of a walk, and never read from. */
  readonly outDir?: string;
}

export type ExpandResult = { kind: 'sources'; sources: Source[] } | { kind: 'refused'; message: string };

export async function expandOperands(operands: readonly string[], options: ExpandOptions): Promise<ExpandResult> {
  if (operands.length === 0) return { kind: 'sources', sources: [{ kind: 'stdin', label: 'standard input' }] };
  const sources: Source[] = [];
  const seen = new Set<string>();
  const outReal = options.outDir === undefined ? undefined : realOrResolved(options.outDir);
  // A file is read once even when two operands reach it: by device and inode when its stats are
  // at hand, else (walked without links, so no second path to it) by its absolute path.
  const addFile = (path: string, label: string, rel: string, stats: Stats, named?: 'operand'): void => {
    const id = `${stats.dev}:${stats.ino}`;
    const byPath = resolve(path);
    if (seen.has(id) || seen.has(byPath)) return;
    seen.add(id);
    seen.add(byPath);
    sources.push({
      kind: 'file',
      path,
      label,
      relative: rel,
      size: stats.size,
      ...(stats.isFile() ? { regular: true } : {}),
      ...(named ? { named } : {}),
    });
  };
  // absolute: made by the caller when it can be without resolve() (a folder's walk of 20,000 files).
  // One operand walked without links reaches each path once: no set of 20,000 paths to keep then.
  const onlyOne = operands.length === 1;
  const addPath = (path: string, rel: string, absolute = resolve(path)): void => {
    if (!onlyOne) {
      if (seen.has(absolute)) return;
      seen.add(absolute);
    }
    sources.push({ kind: 'file', path, label: path, relative: rel, regular: true, absolute });
  };

  for (const operand of operands) {
    if (operand === '-') {
      sources.push({ kind: 'stdin', label: 'standard input' });
      continue;
    }
    let stats: Stats | undefined;
    try {
      stats = statSync(operand);
    } catch (error) {
      if (!(await isGlobPattern(operand))) {
        sources.push({ kind: 'problem', label: operand, message: describeIoError(error), severity: 'error' });
        continue;
      }
    }
    if (stats && !stats.isDirectory()) {
      // Named explicitly, a FIFO or device is read like a file (process substitution is one).
      addFile(operand, operand, basename(operand), stats, 'operand');
      continue;
    }
    const root = stats ? operand : await globBase(operand);
    const patterns = stats ? [] : [relative(root, operand).split(sep).join('/')];
    if (outReal !== undefined) {
      const refusal = outDirInside(root, outReal, options);
      if (refusal) return { kind: 'refused', message: refusal };
    }
    const found = stats ? walkFolder(root, options) : await walk(root, patterns, options);
    for (const problem of found.problems) {
      sources.push({ kind: 'problem', label: problem.path, message: problem.message, severity: 'error' });
    }
    const entries = sortInByteOrder(found.entries);
    // A folder walk's relative paths are plain names joined by '/' (no '.', '..' or doubled '/').
    const absoluteRoot = stats && sep === '/' ? resolve(root) : undefined;
    const absoluteOf = (rel: string): string | undefined =>
      absoluteRoot === undefined ? undefined : absoluteRoot === '/' ? `/${rel}` : `${absoluteRoot}/${rel}`;
    // join(root, rel) without normalizing each path again: the root's part is the same for all of
    // them (join(root, 'x') less its 'x'), and normalizing leaves such a rel as it is.
    const rootPrefix = absoluteRoot === undefined ? undefined : join(root, 'x').slice(0, -1);
    const pathOf = (rel: string): string => (rootPrefix === undefined ? join(root, rel) : rootPrefix + rel);
    let reached = 0; // files this operand selects, including ones an earlier operand already read
    // Files of an --out-dir that lies inside this walk are the run's own output: never inputs.
    // (An --out-dir that contains the walked folder holds the inputs themselves: read them.)
    const rootReal = outReal === undefined ? '' : realOrResolved(root);
    const outInsideWalk = outReal !== undefined && outReal !== rootReal && isInside(outReal, rootReal);
    for (const { path: rel, dirent } of entries) {
      const path = pathOf(rel);
      if (outInsideWalk && isInside(join(rootReal, rel), outReal)) continue;
      // Unfollowed, a link is not an input: the listing shows the link, not what it points to.
      if (dirent.isDirectory() || dirent.isSymbolicLink()) continue;
      reached++;
      if (!dirent.isFile()) {
        sources.push({ kind: 'problem', label: path, message: 'not a regular file, skipped', severity: 'warning' });
        continue;
      }
      if (options.follow) {
        // Followed links can reach one file by two paths: identity is device and inode.
        try {
          addFile(path, path, rel, statSync(path));
        } catch (error) {
          sources.push({ kind: 'problem', label: path, message: describeIoError(error), severity: 'error' });
        }
      } else {
        addPath(path, rel, absoluteOf(rel));
      }
    }
    // An operand that selects nothing is an error, whatever its kind: a run that read nothing
    // and said nothing would look like one that found nothing to remove.
    if (reached === 0 && found.problems.length === 0) {
      sources.push({
        kind: 'problem',
        label: operand,
        message: nothingSelected(stats !== undefined, options),
        severity: 'error',
      });
    }
  }
  return { kind: 'sources', sources };
}

function nothingSelected(folder: boolean, options: WalkOptions): string {
  if (!folder) return 'no files match this pattern';
  return `no files to read in this folder${options.include.length > 0 || options.exclude.length > 0 ? ' with these --include/--exclude' : ''}`;
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

// Writing into a folder that is being walked would read the run's own output, unless the walk
// skips that folder (hidden, or excluded by name).
function outDirInside(root: string, outReal: string, options: ExpandOptions): string | undefined {
  const rootReal = realOrResolved(root);
  if (!isInside(outReal, rootReal)) return undefined;
  const rel = relative(rootReal, outReal).split(sep).join('/');
  const segments = rel.split('/');
  if (!options.hidden && segments.some((s) => s.startsWith('.'))) return undefined;
  const filter = pathFilter([], options.exclude);
  const excluded = rel !== '' && (filter.skipsFolder(rel) || filter.insideSkippedFolder(rel));
  if (excluded || rel === '') return rel === '' ? `--out-dir ${outReal} is the input folder ${root} itself` : undefined;
  return `--out-dir is inside the input folder ${root}: the run would read its own output (pick a folder outside it, or add --exclude '${rel}/**')`;
}
