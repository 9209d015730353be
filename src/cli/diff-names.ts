// Where the diff report's file names start. Inputs from one folder (a folder operand, or files
// and globs in one folder) are named relative to it, so `patch -p1` runs there; inputs from
// several folders are named relative to those folders' nearest common folder, so one patch
// applies from there and two inputs of the same name in different folders never share a header.
import { dirname, relative, resolve, sep } from 'node:path';
import { statSync } from '../fs/lossless-fs.js';
import { globBase, isGlobPattern } from '../input/walk.js';
import type { SourceInfo } from '../report/report.js';

/** How the diff report names an input; undefined: each input's own `relative`, as --out-dir mirrors it. */
export type DiffNameOf = (source: SourceInfo) => string;

export async function diffNames(operands: readonly string[]): Promise<DiffNameOf | undefined> {
  const roots = new Set<string>();
  for (const operand of operands) {
    const root = await rootOf(operand);
    if (root !== undefined) roots.add(root);
  }
  if (roots.size < 2) return undefined;
  const base = commonFolder([...roots]);
  return (source) => {
    if (source.relative === 'stdin' && source.label === 'standard input') return source.relative;
    return relative(base, resolve(source.label)).split(sep).join('/');
  };
}

// The folder an operand's inputs are named from (sources.ts: a walked folder, a file's own folder,
// a glob's base); none for standard input or an operand that names nothing.
async function rootOf(operand: string): Promise<string | undefined> {
  if (operand === '-') return undefined;
  const stats = statSync(operand, { throwIfNoEntry: false });
  if (stats) return resolve(stats.isDirectory() ? operand : dirname(operand));
  return (await isGlobPattern(operand)) ? resolve(await globBase(operand)) : undefined;
}

function commonFolder(folders: readonly string[]): string {
  const split = folders.map((folder) => folder.split(sep));
  const first = split[0];
  let length = 0;
  while (length < first.length && split.every((parts) => parts[length] === first[length])) length++;
  return first.slice(0, length).join(sep) || sep;
}
