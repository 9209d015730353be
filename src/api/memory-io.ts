// The Io the library runs with: no process streams, no terminal, no environment. Data goes to a
// caller's sink, messages arrive as the run's typed events; temporary files the run makes are
// removed by the run itself (there is no Ctrl-C to clean up after here).
import type { RunIo } from '../run/run-io.js';
import type { ByteSink } from '../output/byte-sink.js';
import { isPidAlive } from '../fs/stale-temps.js';

export interface MemoryIoParts {
  /** Receives the data the run writes (the kept text); the chunk is the callee's to keep. */
  readonly out: (chunk: Uint8Array) => void | Promise<void>;
  readonly input?: AsyncIterable<Uint8Array>;
}

const NO_INPUT: AsyncIterable<Uint8Array> = {
  async *[Symbol.asyncIterator]() {
    /* empty */
  },
};

export function memoryIo(parts: MemoryIoParts): RunIo {
  const stdout: ByteSink = {
    // The writer reuses a chunk once its write resolves: the callee gets its own copy.
    async write(chunk) {
      await parts.out(Uint8Array.from(chunk));
    },
    async commit() {
      /* a stream needs no commit */
    },
    abort() {
      /* nothing to undo */
    },
  };
  return {
    stdout,
    stdin: parts.input ?? NO_INPUT,
    now: () => performance.now(),
    // An index lock records who holds it; a library run holds it as this process.
    pid: process.pid,
    isAlive: isPidAlive,
    onInterrupt: () => () => {
      /* no signals in a library */
    },
  };
}
