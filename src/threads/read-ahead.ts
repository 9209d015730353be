// The main thread's side of the reader thread (reader-worker.ts): in a run of many small regular
// files it starts the reader and gives each file's bytes out in input order, as the reader read
// them into shared slots, so the open/read/close system calls overlap the splitting and judging
// here. Nothing waits on the event loop. A file the reader has not reached is read here as before.
import { Worker } from 'node:worker_threads';
import { packageFile } from '../package-file.js';
import {
  AT,
  CONTROL_WORDS,
  MAIN,
  READ,
  SLOT_BYTES,
  SLOTS,
  STOP,
  UNTOUCHED,
  WAITING,
  WAKE,
  type ReaderSetup,
} from './read-ahead-format.js';

/**
 * A run with --threads 2 or more takes a reader thread once it has this many small regular files.
 * A file read there saves the main thread 10-25 µs of CPU but costs the reader ~30, and the reader
 * takes ~70 ms of CPU to start, while the main thread reads the first few hundred files itself
 * (bench/README.md, "a reader thread"). Opt-in: on this busy 2-core machine it made runs slower.
 */
export const READ_AHEAD_AFTER_FILES = 1000;

/** A run's read-ahead: each file's bytes, when the reader has them. */
export interface ReadAhead {
  /**
   * The bytes of sources[index] (valid until the next take), or undefined when this thread must
   * read it itself. Asked in input order: every file before it is done with.
   */
  take(index: number): Buffer | undefined;
  /** Settles once the reader has been through every file (or has failed), keeping the process up till then: for tests. */
  finished(): Promise<void>;
  close(): void;
}

/** A file the reader may take: what the run's path without an await reads whole. */
export interface AheadCandidate {
  readonly kind: string;
  readonly path?: string;
  readonly regular?: true;
  readonly spool?: string;
}

/** A reader over `sources`, or undefined below `afterFiles` files (or when no thread can start). */
export function startReadAhead(
  sources: readonly AheadCandidate[],
  afterFiles = READ_AHEAD_AFTER_FILES,
): ReadAhead | undefined {
  const positions = new Int32Array(sources.length).fill(-1);
  const paths: string[] = [];
  for (let index = 0; index < sources.length; index++) {
    const s = sources[index];
    if (s.kind === 'file' && s.regular === true && s.spool === undefined && s.path !== undefined) {
      positions[index] = paths.length;
      paths.push(s.path);
    }
  }
  if (paths.length === 0 || paths.length < afterFiles) return undefined;
  const setup: ReaderSetup = {
    paths,
    states: new SharedArrayBuffer(4 * paths.length),
    lengths: new SharedArrayBuffer(4 * paths.length),
    control: new SharedArrayBuffer(4 * CONTROL_WORDS),
    slots: new SharedArrayBuffer(SLOTS * SLOT_BYTES),
  };
  let worker: Worker;
  try {
    worker = new Worker(packageFile('dist/src/threads/reader-worker.js'), { workerData: setup });
  } catch {
    return undefined;
  }
  // A reader that fails leaves its files untouched or READING: they are read here, as they come.
  const finished = new Promise<void>((resolve) => {
    worker.on('message', () => resolve());
    worker.on('error', () => resolve());
    worker.on('exit', () => resolve());
  });
  worker.unref();
  const states = new Int32Array(setup.states);
  const lengths = new Int32Array(setup.lengths);
  const control = new Int32Array(setup.control);
  const slots = Buffer.from(setup.slots);
  return {
    finished() {
      worker.ref();
      return finished;
    },
    take(index) {
      const n = positions[index];
      if (n < 0) return undefined;
      Atomics.store(control, AT, n);
      if (Atomics.load(control, WAITING) === 1 && n >= Atomics.load(control, WAKE)) Atomics.notify(control, AT);
      // Untouched, it is this thread's now; being read, it is read here too rather than waited for
      // (a reader thread descheduled by a busy machine would hold this one up).
      if (Atomics.compareExchange(states, n, UNTOUCHED, MAIN) !== READ) return undefined;
      const start = (n % SLOTS) * SLOT_BYTES;
      return slots.subarray(start, start + lengths[n]);
    },
    // The reader ends by itself once it sees STOP: no terminate(), which the process would wait
    // for at its exit (a reader still starting up answers it only once started).
    close() {
      Atomics.store(control, STOP, 1);
      Atomics.notify(control, AT);
    },
  };
}
