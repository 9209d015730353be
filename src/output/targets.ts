// Decides where each source's kept bytes go: one shared stream (stdout or -o FILE) for the whole
// run, or one file per source (--out-dir mirror, --in-place replacement), or nowhere (--dry-run).
// Per-file outputs are atomic: an output appears complete or not at all, and an in-place original
// is replaced only when something was removed from it, after its backup is safely made.
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, renameSync, unlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { createAtomicFileSink, realWriteFs, type WriteFs } from './atomic-file.js';
import { createKeptWriter, type KeptWriter } from './kept-writer.js';
import type { ByteSink } from './byte-sink.js';

export type OutputTarget =
  | { readonly kind: 'stdout' }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'out-dir'; readonly dir: string }
  | { readonly kind: 'in-place'; readonly backup?: string }
  | { readonly kind: 'dry-run' };

/** One source's output: kept bytes go to `writer`; `end` settles the output when the source is done. */
export interface SourceOutput {
  readonly writer: KeptWriter;
  /** changed: at least one unit was removed. Commits (or, unchanged in place, discards) the output. */
  end(changed: boolean): Promise<void>;
  /** The source failed part-way: leave no partial file behind. */
  abort(): void;
}

export interface Outputs {
  /** One output for all sources: a failure to write it ends the run. */
  readonly shared: boolean;
  /** A per-file output for this source already exists (a mirror file, or the file itself in place). */
  hasOutput(source: { path?: string; relative?: string }): boolean;
  /** Shared output: how many sources wrote into it (none: an existing -o file is left alone). */
  readonly sources: number;
  begin(source: { path?: string; relative?: string }): SourceOutput;
  /** After the last source: commits the shared output, if any. */
  finish(): Promise<void>;
  abort(): void;
}

const discard: ByteSink = { async write() {}, async commit() {}, abort() {} };

export interface OutputsOptions {
  /** Registers a sink to abort on interrupt; returns the unregister function. */
  readonly track: (sink: ByteSink) => () => void;
  /** Resolved paths of the run's input files: a mirrored output must never land on one. */
  readonly inputs?: ReadonlySet<string>;
  readonly fs?: WriteFs;
}

export function createOutputs(target: OutputTarget, stdout: ByteSink, options: OutputsOptions): Outputs {
  const { track, inputs = new Set<string>(), fs = realWriteFs } = options;
  const written = new Set<string>();
  if (target.kind === 'stdout' || target.kind === 'file' || target.kind === 'dry-run') {
    const sink = target.kind === 'stdout' ? stdout : target.kind === 'dry-run' ? discard : createAtomicFileSink(target.path, fs);
    const untrack = track(sink);
    const writer = createKeptWriter(sink);
    let sources = 0;
    return {
      shared: true,
      hasOutput: () => false,
      get sources() { return sources; },
      begin: () => { sources++; return { writer, end: async () => {}, abort: () => {} }; },
      async finish() {
        await writer.finish();
        // No input was read at all: an existing -o file is not replaced by nothing.
        if (sources === 0 && target.kind === 'file') { sink.abort(); untrack(); return; }
        await sink.commit();
        untrack();
      },
      abort() { sink.abort(); untrack(); },
    };
  }
  return {
    shared: false,
    sources: 0,
    hasOutput(source) {
      if (target.kind === 'in-place') return true;
      try {
        return existsSync(mirroredPath(target.dir, source.relative ?? ''));
      } catch {
        return false;
      }
    },
    begin(source) {
      const path = target.kind === 'out-dir' ? mirroredPath(target.dir, source.relative ?? '') : source.path!;
      // Renaming over a link would replace the link, and writing through it would change a file
      // that may live anywhere: a linked input is never rewritten in place.
      if (target.kind === 'in-place' && lstatSync(path).isSymbolicLink()) {
        throw Object.assign(new Error('is a symbolic link; not rewritten in place'), { code: 'ELINK' });
      }
      if (target.kind === 'out-dir') {
        // Two inputs with one relative path (a/x.txt and b/x.txt) would overwrite each other, and
        // a mirror path may be an input itself (--out-dir naming an input's own folder).
        const resolved = resolve(path);
        if (written.has(resolved)) throw refusal(`its output ${path} is already written by an earlier input of this run; not overwritten`);
        if (inputs.has(resolved)) throw refusal(`its output ${path} is an input of this run; not overwritten`);
        written.add(resolved);
        mkdirSync(dirname(path), { recursive: true });
      }
      if (target.kind === 'in-place' && target.backup && existsSync(path + target.backup)) {
        throw refusal(`backup ${path + target.backup} already exists; file left as it is (move the old backup away, or choose another --backup suffix)`);
      }
      const sink = createAtomicFileSink(path, fs);
      const untrack = track(sink);
      const writer = createKeptWriter(sink);
      return {
        writer,
        async end(changed) {
          await writer.finish();
          if (target.kind === 'in-place' && !changed) {
            sink.abort(); // unchanged: the original keeps its bytes and its mtime
          } else {
            if (target.kind === 'in-place' && target.backup) await sink.commit(() => backUp(path, path + target.backup));
            else await sink.commit();
          }
          untrack();
        },
        abort() { sink.abort(); untrack(); },
      };
    },
    async finish() {},
    abort() {},
  };
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

// The backup is a hard link to the original (instant, no copy), made under a temporary name and
// renamed over any older backup, so an existing backup is replaced atomically too.
function backUp(path: string, backup: string): void {
  const temp = `${backup}.dedupe-link.tmp`;
  try { unlinkSync(temp); } catch { /* none left over */ }
  try {
    linkSync(path, temp);
  } catch {
    copyFileSync(path, temp); // file systems without hard links
  }
  renameSync(temp, backup);
}
