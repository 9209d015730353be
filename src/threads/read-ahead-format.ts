// What the main thread and the reader thread share (read-ahead.ts, reader-worker.ts): the reader's
// setup, and the layout of the shared memory both sides claim files and hand bytes over in. No
// message crosses per file or per batch: each file's state is one Int32 both sides change atomically.

/** Handed to the reader as its workerData. */
export interface ReaderSetup {
  /** The run's small regular files, in input order: a file's position in this list is its number. */
  readonly paths: readonly string[];
  /** Per file: its state (below). */
  readonly states: SharedArrayBuffer;
  /** Per file: its length once READ. */
  readonly lengths: SharedArrayBuffer;
  /** CONTROL_WORDS Int32: the main thread's position, the reader's waiting flag and wake-up point, the stop flag. */
  readonly control: SharedArrayBuffer;
  /** SLOTS slots of SLOT_BYTES: file number n is read into slot n % SLOTS. */
  readonly slots: SharedArrayBuffer;
}

// A file's states. UNTOUCHED goes to READING (the reader's) or MAIN (the main thread's), by
// compare-and-exchange, so exactly one side reads it; READING goes on to READ or NOT_READ.
export const UNTOUCHED = 0;
export const READING = 1;
export const READ = 2;
/** The reader left it (an error, not regular, too big): the main thread opens it again, as it would have. */
export const NOT_READ = 3;
export const MAIN = 4;

/** control[AT]: the main thread is at this file; every file before it is done with, its slot free. */
export const AT = 0;
/** control[WAITING]: 1 while the reader sleeps until the main thread moves on. */
export const WAITING = 1;
/** control[STOP]: 1 once the run no longer wants files read. */
export const STOP = 2;
/**
 * control[WAKE]: the sleeping reader wants waking once the main thread is at this file, with half
 * the slots free, not at every file: a wake-up per file would cost both threads a switch per file.
 */
export const WAKE = 3;
export const CONTROL_WORDS = 4;

/**
 * A file of SLOT_BYTES or more is the main thread's; SLOTS files at most are read ahead, so the
 * memory read ahead is bounded (4 MiB), whatever the files.
 */
export const SLOT_BYTES = 1 << 16;
export const SLOTS = 64;
