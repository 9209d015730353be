// Makes the folders of --out-dir outputs, one level at a time, and checks that each one really
// lies under DIR: a symbolic link under DIR to a folder elsewhere must not let an output (or a
// folder made for one) land outside DIR. Folders already checked are remembered for the run, and
// each output's own folder is checked again just before its rename (a folder swapped for a link
// while the output was written would otherwise take the rename outside DIR). Each folder's names
// are listed once, so a name it did not hold needs no lookup of its own on the main thread.
import { constants } from 'node:fs';
import { accessSync, mkdirSync, readdirSync, realpathSync } from '../fs/lossless-fs.js';
import { basename, dirname, relative, resolve, sep } from 'node:path';

export interface OutDirFolders {
  /** Creates `folder` (under DIR) as needed; throws an EREFUSED error if it leads outside DIR. */
  ensure(folder: string): void;
  /** Throws EREFUSED unless `folder`, made earlier by ensure(), still really lies under DIR. */
  recheck(folder: string): void;
  /**
   * False when `path`'s folder (ensured) held no such name when first listed: a lookup of a new name
   * in a folder whose files are being created waits for the folder's lock, and so for ext4's journal.
   * What appears there later is caught by the check before the rename.
   */
  mayHold(path: string): boolean;
  /**
   * Throws (naming `path`) when `path`'s folder, ensured, refused writing when first seen: its
   * inputs then fail before they are read, as when each output's file was created at once.
   */
  assertWritable(path: string): void;
}

export function createOutDirFolders(dir: string): OutDirFolders {
  const root = resolve(dir);
  let realRoot: string | undefined;
  const checked = new Set<string>();
  // Each ensured folder's names when first seen (empty: made by this run).
  const names = new Map<string, ReadonlySet<string>>();
  // The error code of each ensured folder that refused writing (EACCES, EPERM, EROFS).
  const refusing = new Map<string, string>();

  const inside = (real: string): boolean =>
    real === realRoot || real.startsWith(realRoot!.endsWith(sep) ? realRoot! : realRoot + sep);

  const ensureOne = (folder: string): void => {
    if (checked.has(folder)) return;
    if (folder !== root) ensureOne(dirname(folder));
    let made = false;
    try {
      const first = mkdirSync(folder, folder === root ? { recursive: true } : undefined);
      made = folder !== root || first !== undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // DIR itself may be a link the user chose; below it, only where its real path leads counts.
    if (folder === root) realRoot = realpathSync(folder);
    else check(folder);
    try {
      names.set(folder, made ? new Set() : new Set(readdirSync(folder)));
    } catch {
      // A folder that may be written but not listed: each of its names is looked up instead.
    }
    if (!made) {
      try {
        accessSync(folder, constants.W_OK);
      } catch (error) {
        refusing.set(folder, (error as NodeJS.ErrnoException).code ?? 'EACCES');
      }
    }
    checked.add(folder);
  };

  const check = (folder: string): void => {
    const real = realpathSync(folder);
    if (!inside(real)) {
      throw Object.assign(
        new Error(`its output folder ${folder} leads to ${real}, outside --out-dir; nothing written there`),
        { code: 'EREFUSED', path: folder },
      );
    }
  };

  return {
    ensure(folder) {
      const full = resolve(folder);
      const rel = relative(root, full);
      if (rel === '..' || rel.startsWith(`..${sep}`))
        throw Object.assign(new Error(`refusing to write outside --out-dir: ${folder}`), { code: 'EOUTSIDE' });
      ensureOne(full);
    },
    recheck(folder) {
      const full = resolve(folder);
      if (full !== root) check(full);
    },
    assertWritable(path) {
      const code = refusing.get(resolve(dirname(path)));
      if (code) throw Object.assign(new Error(`${code}: cannot create ${path}`), { code, path });
    },
    mayHold(path) {
      return names.get(resolve(dirname(path)))?.has(basename(path)) ?? true;
    },
  };
}
