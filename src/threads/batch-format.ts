// What the main thread and a fingerprint worker say to each other: the worker's setup, one
// batch (a window's units, their bytes in shared memory), and the layout of the results. Both
// sides import these shapes from here and nothing else from each other.
import type { KeySpec } from '../key/index.js';

/** Handed to a worker as its workerData: everything the judge's fingerprint depends on. */
export interface WorkerSetup {
  readonly keySpec: KeySpec;
  readonly minChars: number;
  readonly minWords: number;
}

/**
 * One window of units. `ranges` holds three Int32 per unit: which arena its key input is in (0:
 * text, 1: keys), its start and its end. The worker fills `results`, RESULT_WORDS per unit, and
 * answers with the batch's id.
 */
export interface BatchMessage {
  readonly id: number;
  readonly units: number;
  readonly text: SharedArrayBuffer;
  readonly keys: SharedArrayBuffer;
  readonly ranges: SharedArrayBuffer;
  readonly results: SharedArrayBuffer;
  /**
   * Near mode: each compared unit whose key has at least minChars characters also gets its near
   * signature, `length` values at signatures[unit x length], and NEAR_SIGNED in its first word.
   */
  readonly near?: { readonly length: number; readonly minChars: number; readonly signatures: SharedArrayBuffer };
}

/**
 * Per unit: a first word with COMPARES set when it is compared (else its key is empty or short,
 * it is kept) and NEAR_SIGNED when its near signature was written, then the four fingerprint words.
 */
export const RESULT_WORDS = 5;
export const COMPARES = 1;
export const NEAR_SIGNED = 2;
