// Decides where each source's kept bytes go: one shared stream (stdout or -o FILE) for the whole
// run, or one file per source (--out-dir mirror, --in-place replacement), or nowhere (--dry-run).
// Per-file outputs are atomic: an output appears complete or not at all, and an in-place original
// is replaced only when something was removed from it, after its backup is safely made. Links and
// special files are never renamed over.
import { type Stats } from 'node:fs';
import { existsSync, lstatSync } from '../fs/lossless-fs.js';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { createAtomicFileSink, realWriteFs, type WriteFs } from '../fs/atomic-sink.js';
import { syncFolder } from '../fs/sync-folder.js';
import { createChunkShelf, createKeptWriter, type KeptWriter } from './kept-writer.js';
import type { ByteSink } from './byte-sink.js';
import { notReplaceable, ownEntry, placeOf } from './write-place.js';
import { createStreamFileSink } from './stream-file.js';
import { createOutDirFolders } from './out-dir-folders.js';
import { backUp, backupState } from './backup.js';
import { compressingSink } from '../formats/encode-sink.js';
import { compressionOfName, type Compression } from '../formats/compression.js';
import { createCommitQueue } from './commit-queue.js';
import { createDigest } from '../fs/digest.js';

export type OutputTarget =
  | { readonly kind: 'stdout' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'out-dir'; readonly dir: string }
  | { readonly kind: 'in-place'; readonly backup?: string }
  | { readonly kind: 'dry-run' };

/** How a source's output was settled. */
export type OutputEnd =
  /** digest: in place with digestInPlace, of the bytes the file now holds (as stored, compressed or not). */
  | { readonly kind: 'written'; readonly digest?: string }
  /** In place with nothing removed: the original keeps its bytes and mtime. */
  | { readonly kind: 'unchanged' }
  /** Not replaced (its backup name is taken, or it changed while it was read): that input failed. */
  | { readonly kind: 'left'; readonly reason: string };

/** What a background commit ended with, when it did not write its file. */
export type LateEnd =
  { readonly kind: 'left'; readonly reason: string } | { readonly kind: 'failed'; readonly error: unknown };

/** What begin() is told of a source: its path (in place), its relative path (--out-dir), its label. */
export interface OutputSource {
  readonly path?: string;
  readonly relative?: string;
  readonly label?: string;
}

/** One source's output: kept bytes go to `writer`; `end` settles the output when the source is done. */
export interface SourceOutput {
  readonly writer: KeptWriter;
  /** changed: at least one unit was removed. Commits (or, unchanged in place, discards) the output. */
  end(changed: boolean): Promise<OutputEnd>;
  /** The source failed part-way: leave no partial file behind. */
  abort(): void;
}

export interface Outputs {
  /** One output for all sources: a failure to write it ends the run. */
  readonly shared: boolean;
  /** A per-file output for this source already exists (a mirror file, or the file itself in place). */
  hasOutput(source: OutputSource): boolean;
  /** Shared output: how many sources wrote into it (none: an existing -o file is left alone). */
  readonly sources: number;
  /** compression: the source's own, which a per-file output is written back in. */
  begin(source: OutputSource, compression?: Compression): SourceOutput;
  /** After the last source: commits the shared output, if any, and waits for background commits. */
  finish(): Promise<void>;
  /** Per-file outputs committed in the background: an index holds their inputs' frames until settle(). */
  readonly commitsLater: boolean;
  /** Waits for every background commit so far and syncs the folders written: all of them durable. */
  settle(): Promise<void>;
  abort(): void;
}

const discard: ByteSink = { async write() {}, async commit() {}, abort() {} };

export interface OutputsOptions {
  /** Registers a sink to abort on interrupt; returns the unregister function. */
  readonly track: (sink: ByteSink) => () => void;
  /** Resolved paths of the run's input files: a mirrored output must never land on one. */
  readonly inputs?: ReadonlySet<string>;
  readonly fs?: WriteFs;
  /**
   * Sync each per-file output's folder once, at settle() or finish(), instead of after every rename:
   * a batch of 10,000 files in a few folders then costs a few folder syncs, not 10,000. Only when
   * nothing (an index) must know an output is durable before then.
   */
  readonly deferFolderSync?: boolean;
  /**
   * --out-dir only, and only where nothing must know an output is durable before settle() (an index
   * holds its frames until then): end() hands the file's flush, checks and rename to a commit queue and returns at once;
   * an outcome other than written arrives here later, before finish() resolves.
   */
  readonly commitInBackground?: (source: OutputSource, late: LateEnd) => void;
  /**
   * In place: digest the bytes written, so an index records what the path holds after the run
   * (not what was read, which the rewrite replaced) and the next run knows the file as its own.
   */
  readonly digestInPlace?: boolean;
}

export function createOutputs(target: OutputTarget, stdout: ByteSink, options: OutputsOptions): Outputs {
  const { track, inputs = new Set<string>(), fs = realWriteFs } = options;
  const unsynced = new Set<string>();
  const afterRename = options.deferFolderSync ? (folder: string): void => void unsynced.add(folder) : undefined;
  const written = new Set<string>();
  const folders = target.kind === 'out-dir' ? createOutDirFolders(target.dir) : undefined;
  const late = target.kind === 'out-dir' ? options.commitInBackground : undefined;
  const queue = late ? createCommitQueue() : undefined;
  if (target.kind === 'stdout' || target.kind === 'file' || target.kind === 'dry-run') {
    const place = target.kind === 'file' ? placeOf(target.path) : undefined;
    // Standard output is plain text; `-o` compresses only when its name asks (out.txt.gz).
    const sink =
      target.kind === 'stdout'
        ? stdout
        : target.kind === 'dry-run'
          ? discard
          : compressingSink(
              place!.kind === 'stream' ? createStreamFileSink(place!.path) : createAtomicFileSink(place!.path, fs),
              compressionOfName(target.path),
            );
    const untrack = track(sink);
    const writer = createKeptWriter(sink);
    // The same for every source: nothing to settle per source.
    const shared: SourceOutput = { writer, end: async () => ({ kind: 'written' }), abort: () => {} };
    let sources = 0;
    return {
      shared: true,
      commitsLater: false,
      settle: async () => {},
      hasOutput: () => false,
      get sources() {
        return sources;
      },
      begin: () => {
        sources++;
        return shared;
      },
      async finish() {
        await writer.finish();
        // No input was read at all: an existing -o file is not replaced by nothing. (A FIFO is
        // still opened and closed, as a shell redirection would, so its reader is not left waiting.)
        if (sources === 0 && place?.kind === 'file') {
          sink.abort();
          untrack();
          return;
        }
        await sink.commit();
        untrack();
      },
      abort() {
        sink.abort();
        untrack();
      },
    };
  }
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
        // An existing link or special file in DIR is the user's: renaming over it would destroy it.
        own = ownEntry(path);
        const reason = notReplaceable(path, own);
        if (reason) throw refusal(`its output ${path} ${reason}; not replaced`);
      }
      // What was just looked at is what is replaced (a regular file, or nothing): no second stat.
      const atomic = createAtomicFileSink(path, fs, afterRename, own ?? null);
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
              const commit = (): Promise<void> =>
                sink.commit(() => {
                  folders!.recheck(dirname(path));
                  const reason = notReplaceable(path);
                  if (reason) throw refusal(`its output ${path} ${reason}; not replaced`);
                });
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
