// Decides where each source's kept bytes go: one shared stream (stdout or -o FILE) for the whole
// run, written here, or one file per source (--out-dir mirror, --in-place replacement:
// per-file-outputs.ts), or nowhere (--dry-run). The output types the run layer sees live here.
import { createAtomicFileSink, realWriteFs, type WriteFs } from '../fs/atomic-sink.js';
import { createKeptWriter, type KeptWriter } from './kept-writer.js';
import type { ByteSink } from './byte-sink.js';
import { placeOf } from './write-place.js';
import { createStreamFileSink } from './stream-file.js';
import { compressingSink } from '../formats/encode-sink.js';
import { compressionOfName, type Compression } from '../formats/compression.js';
import { createPerFileOutputs } from './per-file-outputs.js';

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
  return target.kind === 'stdout' || target.kind === 'file' || target.kind === 'dry-run'
    ? createSharedOutput(target, stdout, options)
    : createPerFileOutputs(target, options);
}

type SharedTarget = Extract<OutputTarget, { kind: 'stdout' | 'file' | 'dry-run' }>;

function createSharedOutput(target: SharedTarget, stdout: ByteSink, options: OutputsOptions): Outputs {
  const { track, fs = realWriteFs } = options;
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
