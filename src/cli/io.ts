// The process as the CLI sees it: the run's Io (data streams, files, pid, interrupts, clock) plus
// the message side only the CLI has: stderr, the environment and the raw stream for the bar.
// Passed in so that main() runs the same in-process (tests) as from bin/dedupe.js.
import type { RunIo } from '../run/run-io.js';

export interface TextOut {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface Io extends RunIo {
  /** Whether it is a terminal decides how reports on it look. */
  readonly stdout: RunIo['stdout'] & { readonly isTTY: boolean };
  /** Messages: errors, warnings, help on a usage error. */
  readonly stderr: TextOut;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The raw stderr stream, for the progress bar; absent in-process. */
  readonly stderrStream?: NodeJS.WritableStream;
  /**
   * Called before a run that keeps many output commits in flight (--out-dir), ahead of any use of
   * libuv's pool: more pool threads for their fsyncs. Absent in-process.
   */
  readonly manyCommitsAhead?: () => void;
}
