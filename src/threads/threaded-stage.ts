// The stage between the splitter and the unit router that moves folding and fingerprinting to
// worker threads: a window's split events are recorded, its bytes copied into shared memory and
// sent to a worker, and while the worker fingerprints it the main thread replays the previous
// window to the router in input order, each unit's fingerprint handed to the judge beforehand.
// In near mode the worker also makes each unit's near signature; the index and the verdicts stay
// here. Claims, verdicts and writes never leave the main thread, so the output cannot depend on threads.
import type { SplitEvents } from '../split/split-units.js';
import { COMPARES, NEAR_SIGNED, RESULT_WORDS, type BatchMessage } from './batch-format.js';
import { BLANK, BOM, ensureUnits, newBatch, NUMS, record, shared, UNIT, type Batch } from './batch-buffers.js';
import type { FingerprintPool } from './fingerprint-pool.js';

// Batch ids are unique in the process: one pool serves every source of a run.
let ids = 0;

/** A source reaches the workers only past this many bytes: a small input must not pay for one. */
// Starting a worker costs about 0.2 s of CPU (modules, key tables, WASM): on a busy machine that
// is what a 32 MiB source saves, so smaller ones stay on this thread.
export const THREADS_AFTER_BYTES = 32 * 1024 * 1024;

/** A batch is sent once its text reaches this size (or the source ends). */
const BATCH_BYTES = 1024 * 1024;
/** Batches in flight per worker (each holds a copy of its text: about BATCH_BYTES). */
const BATCHES_PER_WORKER = 4;

/** What the stage needs of the judge: the worker's answer for the next unit, or its own. */
export interface PreparedJudge {
  /**
   * The next decide() uses this instead of folding: compares false = the unit is kept whatever it
   * repeats; in near mode, its near signature (undefined: it enters no near matching).
   */
  prepared(compares: boolean, words: Uint32Array, at: number, signatures?: Uint8Array, sigAt?: number): void;
  fingerprintOf(src: Uint8Array, start: number, end: number, out: Uint32Array): boolean;
  /** Near mode: the signature each unit needs (read when a batch is sent). */
  readonly nearSigning?: { readonly length: number; readonly minChars: number } | undefined;
}

export interface ThreadedStage extends SplitEvents {
  /** After the splitter's last window: every recorded unit is routed. */
  flush(): Promise<void>;
}

/**
 * Wraps `next` (the router, whose window() drains the output). Until `afterBytes` of the source
 * went by, events pass straight through; then windows go to the pool, `depth` of them in flight.
 */
export function createThreadedStage(
  next: SplitEvents,
  judge: PreparedJudge,
  pool: () => FingerprintPool,
  afterBytes = THREADS_AFTER_BYTES,
): ThreadedStage {
  let threaded = false;
  let bytesSeen = 0;
  const free: Batch[] = [];
  const inFlight: Batch[] = [];
  let current: Batch = newBatch();
  const fp = new Uint32Array(4);

  // The worker could not answer: the same judge code fingerprints the batch here. Near mode's
  // signatures are made by the matcher itself, which needs the key: the judge folds as without threads.
  const fingerprintHere = (batch: Batch, near: boolean): void => {
    if (near) {
      batch.here = true;
      return;
    }
    const { ranges, results } = batch;
    for (let u = 0; u < batch.units; u++) {
      const r = u * 3,
        o = u * RESULT_WORDS;
      results[o] = judge.fingerprintOf(ranges[r] === 0 ? batch.text : batch.keys, ranges[r + 1], ranges[r + 2], fp)
        ? 1
        : 0;
      results.set(fp, o + 1);
    }
  };

  const send = (batch: Batch): void => {
    let p: Pool | undefined;
    try {
      p = pool();
    } catch {
      p = undefined;
    }
    const signing = judge.nearSigning;
    if (signing && batch.signatures.length < batch.units * signing.length)
      batch.signatures = new Uint8Array(shared(Math.max(batch.units * signing.length, batch.signatures.length * 2)));
    const message: BatchMessage = {
      id: batch.id,
      units: batch.units,
      text: batch.text.buffer as SharedArrayBuffer,
      keys: batch.keys.buffer as SharedArrayBuffer,
      ranges: batch.ranges.buffer as SharedArrayBuffer,
      results: batch.results.buffer as SharedArrayBuffer,
      near: signing && { ...signing, signatures: batch.signatures.buffer as SharedArrayBuffer },
    };
    const near = signing !== undefined;
    batch.here = false;
    batch.done =
      p && p.workers > 0
        ? p.run(message).catch(() => fingerprintHere(batch, near))
        : Promise.resolve().then(() => fingerprintHere(batch, near));
  };

  const replay = async (batch: Batch): Promise<void> => {
    await batch.done;
    const { kinds, nums, text, keys, results, signatures } = batch;
    const length = judge.nearSigning?.length ?? 0;
    for (let e = 0, n = 0, u = 0; e < batch.events; e++, n += NUMS) {
      const kind = kinds[e];
      if (kind === UNIT) {
        const o = u * RESULT_WORDS;
        const first = results[o];
        if (!batch.here)
          judge.prepared(
            (first & COMPARES) !== 0,
            results,
            o + 1,
            (first & NEAR_SIGNED) !== 0 ? signatures : undefined,
            u * length,
          );
        const keyBuf = batch.ranges[u * 3] === 0 ? text : keys;
        next.unit(text, nums[n], nums[n + 1], keyBuf, nums[n + 2], nums[n + 3], nums[n + 4], nums[n + 5], nums[n + 6]);
        u++;
      } else if (kind === BLANK) {
        next.blank(text, nums[n], nums[n + 1], nums[n + 6]);
      } else {
        next.bom(text, nums[n], nums[n + 1]);
      }
    }
    await next.window(text);
    batch.events = batch.copiedEvents = 0;
    batch.units = batch.copiedUnits = 0;
    batch.keysLength = batch.textLength = 0;
    free.push(batch);
  };

  // Copies the bytes the events recorded since the last window cover onto the batch's text, and
  // rebases those events onto the copy: the splitter may move its window once this returns.
  const copyWindow = (buf: Uint8Array): void => {
    const batch = current;
    const { kinds, nums } = batch;
    const lo = nums[batch.copiedEvents * NUMS];
    const hi = nums[(batch.events - 1) * NUMS + 1];
    const at = batch.textLength;
    if (batch.text.length < at + hi - lo) {
      const text = new Uint8Array(shared(Math.max(at + hi - lo, batch.text.length * 2)));
      text.set(batch.text.subarray(0, at));
      batch.text = text;
    }
    batch.text.set(buf.subarray(lo, hi), at);
    const shift = at - lo;
    let u = batch.copiedUnits;
    for (let e = batch.copiedEvents, n = e * NUMS; e < batch.events; e++, n += NUMS) {
      nums[n] += shift;
      nums[n + 1] += shift;
      if (kinds[e] !== UNIT) continue;
      if (batch.ranges[u * 3] === 0) {
        nums[n + 2] += shift;
        nums[n + 3] += shift;
      }
      batch.ranges[u * 3 + 1] = nums[n + 2];
      batch.ranges[u * 3 + 2] = nums[n + 3];
      u++;
    }
    batch.textLength = at + hi - lo;
    batch.copiedEvents = batch.events;
    batch.copiedUnits = batch.units;
  };

  // The current batch goes to a worker. Several batches a worker may wait: on a busy machine a
  // thread that must wait for the other at every batch loses a scheduling slice each time.
  const dispatch = async (): Promise<void> => {
    const batch = current;
    batch.id = ids++;
    current = free.pop() ?? newBatch();
    send(batch);
    inFlight.push(batch);
    const depth = Math.max(1, safeWorkers(pool)) * BATCHES_PER_WORKER;
    while (inFlight.length > depth) await replay(inFlight.shift()!);
  };

  return {
    bom(buf, start, end) {
      if (!threaded) return next.bom(buf, start, end);
      record(current, BOM, start, end, 0, 0, 0, 0, 0);
    },
    blank(buf, start, end, offset) {
      bytesSeen = offset + end - start;
      if (!threaded) return next.blank(buf, start, end, offset);
      record(current, BLANK, start, end, 0, 0, 0, 0, offset);
    },
    unit(buf, start, end, keyBuf, keyStart, keyEnd, line, endLine, offset) {
      bytesSeen = offset + end - start;
      if (!threaded) return next.unit(buf, start, end, keyBuf, keyStart, keyEnd, line, endLine, offset);
      const batch = current;
      ensureUnits(batch, batch.units + 1);
      const r = batch.units * 3;
      if (keyBuf === buf) {
        batch.ranges[r] = 0;
        record(batch, UNIT, start, end, keyStart, keyEnd, line, endLine, offset);
      } else {
        // A paragraph's key input lives in a scratch buffer the splitter reuses: copied now.
        const length = keyEnd - keyStart;
        if (batch.keys.length < batch.keysLength + length) {
          const keys = new Uint8Array(shared(Math.max(batch.keysLength + length, batch.keys.length * 2)));
          keys.set(batch.keys.subarray(0, batch.keysLength));
          batch.keys = keys;
        }
        batch.keys.set(keyBuf.subarray(keyStart, keyEnd), batch.keysLength);
        batch.ranges[r] = 1;
        record(batch, UNIT, start, end, batch.keysLength, batch.keysLength + length, line, endLine, offset);
        batch.keysLength += length;
      }
      batch.units++;
    },
    async window(buf) {
      if (!threaded) {
        await next.window(buf);
        threaded = bytesSeen >= afterBytes;
        return;
      }
      if (current.events > current.copiedEvents) copyWindow(buf);
      // Reads are smaller than a window: batches gather several, so that a message carries enough work.
      if (current.textLength >= BATCH_BYTES) await dispatch();
    },
    async flush() {
      if (current.events > 0) await dispatch();
      while (inFlight.length > 0) await replay(inFlight.shift()!);
    },
  };
}

type Pool = FingerprintPool;

function safeWorkers(pool: () => FingerprintPool): number {
  try {
    return pool().workers;
  } catch {
    return 0;
  }
}
