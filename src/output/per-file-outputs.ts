// One output file per source: the --out-dir mirror or the --in-place replacement. Each output is
// atomic (complete under its name or absent), never lands on an input or another output, never
// replaces a link or special file; an in-place original is replaced only when something was removed
// from it, after its backup is made. --out-dir's files may commit in the background (commit-queue.ts).
import { type Stats } from 'node:fs';
import { existsSync, lstatSync } from '../fs/lossless-fs.js';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { createAtomicFileSink, realWriteFs } from '../fs/atomic-sink.js';
import { createPooledSink } from '../fs/pooled-sink.js';
import { syncFolder } from '../fs/sync-folder.js';
import { createChunkShelf, createKeptWriter } from './kept-writer.js';
import { notReplaceable, ownEntry, ownEntryLater } from './write-place.js';
import { createOutDirFolders } from './out-dir-folders.js';
import { backUp, backupState } from './backup.js';
import { compressingSink } from '../formats/encode-sink.js';
import { createCommitQueue } from './commit-queue.js';
import { createDigest } from '../fs/digest.js';
import type { OutputEnd, Outputs, OutputsOptions, OutputTarget } from './targets.js';

type PerFileTarget = Extract<OutputTarget, { kind: 'out-dir' | 'in-place' }>;

export function createPerFileOutputs(target: PerFileTarget, options: OutputsOptions): Outputs {
  const { track, inputs = new Set<string>(), fs = realWriteFs } = options;
  const unsynced = new Set<string>();
  const afterRename = options.deferFolderSync ? (folder: string): void => void unsynced.add(folder) : undefined;
  const written = new Set<string>();
  const folders = target.kind === 'out-dir' ? createOutDirFolders(target.dir) : undefined;
  const late = target.kind === 'out-dir' ? options.commitInBackground : undefined;
  const queue = late ? createCommitQueue() : undefined;
  // One source is written at a time: each file's writer reuses the chunk the one before it wrote.
  const shelf = createChunkShelf();
  const settle = async (): Promise<void> => {
    await queue?.drain();
    for (const folder of unsynced) syncFolder(folder);
    unsynced.clear();
  };
  return {
    shared: false,
    sources: 0,
    commitsLater: queue !== undefined,
    settle,
    hasOutput(source) {
      if (target.kind === 'in-place') return true;
      try {
        return existsSync(mirroredPath(target.dir, source.relative ?? ''));
      } catch {
        return false;
      }
    },
    begin(source, compression) {
      const path = target.kind === 'out-dir' ? mirroredPath(target.dir, source.relative ?? '') : source.path!;
      // Renaming over a link would replace the link, and writing through it would change a file
      // that may live anywhere: a linked input is never rewritten in place; nor is a FIFO or device.
      let own: Stats | undefined;
      if (target.kind === 'in-place') {
        own = lstatSync(path);
        if (own.isSymbolicLink())
          throw Object.assign(new Error('is a symbolic link; not rewritten in place'), { code: 'ELINK' });
        if (!own.isFile())
          throw Object.assign(new Error('is not a regular file; not rewritten in place'), { code: 'ELINK' });
      }
      if (target.kind === 'out-dir') {
        // Two inputs with one relative path (a/x.txt and b/x.txt) would overwrite each other, and
        // a mirror path may be an input itself (--out-dir naming an input's own folder).
        const resolved = resolve(path);
        if (written.has(resolved))
          throw refusal(`its output ${path} is already written by an earlier input of this run; not overwritten`);
        if (inputs.has(resolved)) throw refusal(`its output ${path} is an input of this run; not overwritten`);
        written.add(resolved);
        folders!.ensure(dirname(path));
        folders!.assertWritable(path);
        // An existing link or special file in DIR is the user's: renaming over it would destroy it.
        if (folders!.mayHold(path)) {
          own = ownEntry(path);
          const reason = notReplaceable(own);
          if (reason) throw refusal(`its output ${path} ${reason}; not replaced`);
        }
      }
      // What was just looked at is what is replaced (a regular file, or nothing): no second stat.
      // Committed in the background, the whole file goes through the pool, creation included.
      const atomic = late
        ? createPooledSink(path, own ?? null, fs, afterRename)
        : createAtomicFileSink(path, fs, afterRename, own ?? null);
      const storedDigest = target.kind === 'in-place' && options.digestInPlace ? createDigest() : undefined;
      const stored = storedDigest
        ? { ...atomic, write: (chunk: Uint8Array) => (storedDigest.update(chunk), atomic.write(chunk)) }
        : atomic;
      const sink = compressingSink(stored, compression);
      const untrack = track(sink);
      const writer = createKeptWriter(sink, undefined, shelf);
      // A commit handed to the queue stops tracking its sink only when it ends.
      let background = false;
      return {
        writer,
        async end(changed): Promise<OutputEnd> {
          try {
            await writer.finish();
            if (target.kind === 'in-place' && !changed) {
              sink.abort(); // unchanged: the original keeps its bytes and its mtime
              return { kind: 'unchanged' };
            }
            if (target.kind === 'in-place' && target.backup) {
              // Judged only now, so that every input is read and its units count as seen.
              const backup = path + target.backup;
              const state = backupState(path, backup);
              if (state.kind === 'taken') {
                sink.abort();
                return { kind: 'left', reason: state.reason };
              }
              await sink.commit(() => {
                stillAsRead(path, own!);
                if (state.kind === 'none') backUp(path, backup);
              });
            } else if (target.kind === 'out-dir') {
              // Again at the last moment: the folder or the name may have become a link since begin().
              const lastLook = async (): Promise<void> => {
                folders!.recheck(dirname(path));
                const reason = notReplaceable(late ? await ownEntryLater(path) : ownEntry(path));
                if (reason) throw refusal(`its output ${path} ${reason}; not replaced`);
              };
              const commit = (): Promise<void> => sink.commit(lastLook);
              if (!queue || !late) await commit();
              else {
                background = true;
                await queue.add(
                  () => commit().finally(untrack),
                  (error) => {
                    sink.abort();
                    const code = (error as { code?: string }).code;
                    late(
                      source,
                      code === 'EREFUSED'
                        ? { kind: 'left', reason: (error as Error).message }
                        : { kind: 'failed', error },
                    );
                  },
                );
              }
            } else {
              await sink.commit(own ? () => stillAsRead(path, own) : undefined);
            }
            return storedDigest ? { kind: 'written', digest: storedDigest.digest() } : { kind: 'written' };
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (code !== 'ECHANGED' && code !== 'EREFUSED') throw error;
            sink.abort();
            return { kind: 'left', reason: (error as Error).message };
          } finally {
            if (!background) untrack();
          }
        },
        abort() {
          sink.abort();
          untrack();
        },
      };
    },
    finish: settle,
    abort() {},
  };
}
// Just before an original is replaced: it must still be the file that was read. A line appended,
// or another run's replacement, since then would otherwise be lost with the rename.
function stillAsRead(path: string, read: Stats): void {
  const now = lstatSync(path);
  if (now.dev !== read.dev || now.ino !== read.ino || now.size !== read.size || now.mtimeMs !== read.mtimeMs) {
    throw Object.assign(
      new Error(
        'changed while dedupe was reading it (written to, or replaced by another run); left as it is: run again once it is complete',
      ),
      { code: 'ECHANGED' },
    );
  }
}

// A per-file refusal: reported for that input as it is, the rest of the run goes on.
function refusal(message: string): Error {
  return Object.assign(new Error(message), { code: 'EREFUSED' });
}

/** DIR plus the source's path relative to its input root; never a path that leaves DIR. */
export function mirroredPath(dir: string, relative: string): string {
  const rel = normalize(relative);
  if (rel === '' || rel === '.' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) {
    throw Object.assign(new Error(`refusing to write outside --out-dir: ${relative}`), { code: 'EOUTSIDE' });
  }
  return join(dir, rel);
}
