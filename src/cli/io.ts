// The process as the rest of the CLI sees it: byte streams, terminal flags and environment, passed
// in so that main() runs the same in-process (tests) as from bin/dedupe.js.
import type { ByteSink } from '../output/byte-sink.js';
import type { WriteFs } from '../fs/atomic-sink.js';

export interface TextOut {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface Io {
  /** Data only: the kept text, or the requested report. */
  readonly stdout: ByteSink & { readonly isTTY: boolean };
  /** Messages: errors, warnings, help on a usage error. */
  readonly stderr: TextOut;
  readonly stdin: AsyncIterable<Uint8Array>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The raw stderr stream, for the progress bar; absent in-process. */
  readonly stderrStream?: NodeJS.WritableStream;
  /** Milliseconds, monotonic. */
  now(): number;
  /** File-system calls for writing outputs; tests inject failures here. Default: node:fs. */
  readonly writeFs?: WriteFs;
  /** This process's id and a liveness check for other pids: what an index lock records and tests. */
  readonly pid: number;
  isAlive(pid: number): boolean;
  /** Cleanups to run if the process is interrupted (temporary files to remove). */
  onInterrupt(cleanup: () => void): () => void;
}
