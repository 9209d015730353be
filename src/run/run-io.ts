// The world as the run sees it: data in and out, the file-system calls outputs are written with,
// who holds an index lock, interrupt cleanups and a clock. Nothing here is a terminal or a message
// stream: what the run has to say leaves as events (run-events.ts).
import type { ByteSink } from '../output/byte-sink.js';
import type { WriteFs } from '../fs/atomic-sink.js';

export interface RunIo {
  /** Data only: the kept text, or the reports handed in that take its place. */
  readonly stdout: ByteSink;
  readonly stdin: AsyncIterable<Uint8Array>;
  /** Milliseconds, monotonic. */
  now(): number;
  /** File-system calls for writing outputs; tests inject failures here. Default: node:fs. */
  readonly writeFs?: WriteFs;
  /** This process's id and a liveness check for other pids: what an index lock records and tests. */
  readonly pid: number;
  isAlive(pid: number): boolean;
  /** Tests only: awaited between the first reading of the inputs and the second, when there are two. */
  betweenPasses?(): Promise<void>;
  /** Cleanups to run if the process is interrupted (temporary files to remove). */
  onInterrupt(cleanup: () => void): () => void;
}
