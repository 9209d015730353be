// The reader thread: reads the run's small regular files in input order, each synchronously (open,
// fstat, read to the end, close), into shared slots a little ahead of the main thread. It never
// blocks on a FIFO (O_NONBLOCK), never reports an error and decides nothing: a file it did not
// read cleanly is marked NOT_READ, and the main thread opens it again as it would have anyway.
import { closeSync, constants, fstatSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openSync } from '../fs/lossless-fs.js';
import {
  AT,
  NOT_READ,
  READ,
  READING,
  SLOT_BYTES,
  SLOTS,
  STOP,
  UNTOUCHED,
  WAITING,
  WAKE,
  type ReaderSetup,
} from './read-ahead-format.js';

const setup = workerData as ReaderSetup;
const states = new Int32Array(setup.states);
const lengths = new Int32Array(setup.lengths);
const control = new Int32Array(setup.control);
const slots = Buffer.from(setup.slots);
// A sleep is cut short by the main thread moving on; the timeout only bounds a missed wake-up.
const WAIT_MS = 50;

for (let n = 0; n < setup.paths.length && Atomics.load(control, STOP) === 0; n++) {
  // Files the main thread has reached are its own; a slot is free once its last file is done with.
  let at = Atomics.load(control, AT);
  if (n < at) n = at;
  if (n >= at + SLOTS) {
    Atomics.store(control, WAKE, n - SLOTS / 2);
    Atomics.store(control, WAITING, 1);
    while ((at = Atomics.load(control, AT)) < n - SLOTS / 2 && Atomics.load(control, STOP) === 0)
      Atomics.wait(control, AT, at, WAIT_MS);
    Atomics.store(control, WAITING, 0);
  }
  if (Atomics.compareExchange(states, n, UNTOUCHED, READING) !== UNTOUCHED) continue;
  const length = readOne(setup.paths[n], (n % SLOTS) * SLOT_BYTES);
  if (length >= 0) lengths[n] = length;
  Atomics.store(states, n, length >= 0 ? READ : NOT_READ);
  Atomics.notify(states, n);
}
parentPort!.postMessage('done');

// The file's length, its bytes in the slot at `at`; -1 for anything but a clean small read.
function readOne(path: string, at: number): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return -1;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size >= SLOT_BYTES) return -1;
    let length = 0;
    for (;;) {
      // A file that grew to the slot's size since its fstat is the main thread's, as a big one is.
      if (length === SLOT_BYTES) return -1;
      const n = readSync(fd, slots, at + length, SLOT_BYTES - length, null);
      if (n === 0) return length;
      length += n;
    }
  } catch {
    return -1;
  } finally {
    try {
      closeSync(fd);
    } catch {
      // The bytes read are whole; a failed close loses nothing.
    }
  }
}
