// The threaded stage's batches: a window's split events (kind and seven numbers each), the bytes
// they cover and the key inputs copied into shared memory, and the arrays the worker fills. It
// records and sizes; sending, replaying and the order of verdicts are threaded-stage.ts's.
import { RESULT_WORDS } from './batch-format.js';

export const BOM = 0,
  BLANK = 1,
  UNIT = 2;
// Per event in `nums`: start, end, keyStart, keyEnd, line, endLine, offset.
export const NUMS = 7;

export interface Batch {
  id: number;
  text: Uint8Array;
  keys: Uint8Array;
  keysLength: number;
  ranges: Int32Array;
  results: Uint32Array;
  /** Near mode: `length` signature values per unit; `here`: the worker failed, this thread does it all. */
  signatures: Uint8Array;
  here: boolean;
  units: number;
  events: number;
  /** Bytes of `text` in use; events and units already rebased onto it. */
  textLength: number;
  copiedEvents: number;
  copiedUnits: number;
  kinds: Uint8Array;
  nums: Float64Array;
  done?: Promise<void>;
}

export const shared = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(64, bytes));

export function newBatch(): Batch {
  return {
    id: 0,
    text: new Uint8Array(shared(0)),
    keys: new Uint8Array(shared(0)),
    keysLength: 0,
    ranges: new Int32Array(shared(0)),
    results: new Uint32Array(shared(0)),
    signatures: new Uint8Array(shared(0)),
    here: false,
    units: 0,
    events: 0,
    textLength: 0,
    copiedEvents: 0,
    copiedUnits: 0,
    kinds: new Uint8Array(1024),
    nums: new Float64Array(1024 * NUMS),
  };
}

export function record(
  batch: Batch,
  kind: number,
  start: number,
  end: number,
  ks: number,
  ke: number,
  l: number,
  el: number,
  o: number,
): void {
  const e = batch.events++;
  if (e === batch.kinds.length) {
    const kinds = new Uint8Array(e * 2);
    kinds.set(batch.kinds);
    batch.kinds = kinds;
    const nums = new Float64Array(e * 2 * NUMS);
    nums.set(batch.nums);
    batch.nums = nums;
  }
  batch.kinds[e] = kind;
  const n = e * NUMS;
  const nums = batch.nums;
  nums[n] = start;
  nums[n + 1] = end;
  nums[n + 2] = ks;
  nums[n + 3] = ke;
  nums[n + 4] = l;
  nums[n + 5] = el;
  nums[n + 6] = o;
}

/** Room for `units` units' ranges and results. */
export function ensureUnits(batch: Batch, units: number): void {
  if (batch.ranges.length < units * 3) {
    const ranges = new Int32Array(shared(Math.max(units * 3, batch.ranges.length * 2) * 4));
    ranges.set(batch.ranges);
    batch.ranges = ranges;
  }
  if (batch.results.length < units * RESULT_WORDS)
    batch.results = new Uint32Array(shared(Math.max(units * RESULT_WORDS, batch.results.length * 2) * 4));
}
