// What a run tells while it works, as typed values given to one callback: the sources found, each
// source's start and end, how far the current one has got, and every problem with an input. The
// run never words a line for a person; the CLI renders these on stderr, the library re-types them.
import type { SourceTally } from '../engine/unit-router.js';
import type { Source } from '../input/sources.js';

export type Readable = Exclude<Source, { kind: 'problem' }>;

export type RunEvent =
  | { readonly kind: 'start'; readonly sources: readonly Source[] }
  | { readonly kind: 'source-start'; readonly source: Readable; readonly index: number }
  /** Bytes of the current source read so far. */
  | { readonly kind: 'progress'; readonly bytesOfSource: number }
  | { readonly kind: 'source-done'; readonly source: Readable; readonly index: number; readonly tally: SourceTally }
  /** An input not read, or an output not written: counted as failed. */
  | { readonly kind: 'error'; readonly label: string; readonly message: string }
  /** An input passed over (counted as skipped), or a problem that skipped nothing (an index's). */
  | { readonly kind: 'warning'; readonly label: string; readonly message: string }
  /** Said like a warning, but the input was still read (an encoding guessed). */
  | { readonly kind: 'notice'; readonly label: string; readonly message: string };

export type OnEvent = (event: RunEvent) => void;

export type ProblemKind = Extract<RunEvent, { label: string }>['kind'];
