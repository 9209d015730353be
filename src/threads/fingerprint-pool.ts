// The main thread's side of the fingerprint workers: starts them (once a run needs them), hands
// batches round the workers and resolves each when its worker answers. A worker that fails
// rejects what it holds and takes no more: the caller then fingerprints on the main thread, so a
// host that refuses threads costs speed, never a result. Owns no seen-set and no verdict.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BatchMessage, WorkerSetup } from './batch-format.js';
import { packageFile } from '../package-file.js';

/**
 * `--threads` when not given. Plain runs: 1. Measured on this 2-core machine at low load
 * (bench/README.md), handing batches to workers cost more main-thread time than the fingerprints
 * it saved (128 MiB of real lines: 1.0 s with 1 thread, 1.3 s with 2), so workers are opt-in
 * there. Near mode: 2 where there are two cores. Its worker also makes the signatures, and on a
 * quiet machine 1 GiB took 28.7 s with 2 threads against 35.6 s with 1 (bench/README.md).
 */
export function defaultThreads(near = false): number {
  return near ? Math.min(2, availableParallelism()) : 1;
}

export interface FingerprintPool {
  /** Workers still taking batches; 0 when none could start or all failed. */
  readonly workers: number;
  /** Fills the batch's results; rejects when its worker fails. */
  run(batch: BatchMessage): Promise<void>;
  close(): Promise<void>;
}

interface Pending {
  resolve(): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  alive: boolean;
}

/** Starts `count` workers; they load in the background while the first batches are being cut. */
export function createFingerprintPool(count: number, setup: WorkerSetup): FingerprintPool {
  const slots: Slot[] = [];
  const fail = (slot: Slot, error: Error): void => {
    slot.alive = false;
    for (const p of slot.pending.values()) p.reject(error);
    slot.pending.clear();
  };
  for (let k = 0; k < count; k++) {
    let worker: Worker;
    try {
      worker = new Worker(packageFile('dist/src/threads/fingerprint-worker.js'), { workerData: setup });
    } catch {
      break;
    }
    const slot: Slot = { worker, pending: new Map(), alive: true };
    // An idle worker must not keep the process alive; one with work is awaited anyway.
    worker.unref();
    worker.on('message', (message: number | 'ready') => {
      if (message === 'ready') return;
      const p = slot.pending.get(message);
      slot.pending.delete(message);
      p?.resolve();
    });
    worker.on('error', (error) => fail(slot, error));
    worker.on('exit', () => fail(slot, new Error('fingerprint worker exited')));
    slots.push(slot);
  }
  let next = 0;
  return {
    get workers() {
      return slots.filter((s) => s.alive).length;
    },
    run(batch) {
      const alive = slots.filter((s) => s.alive);
      if (alive.length === 0) return Promise.reject(new Error('no fingerprint worker'));
      const slot = alive[next++ % alive.length];
      return new Promise<void>((resolve, reject) => {
        slot.pending.set(batch.id, { resolve, reject });
        slot.worker.postMessage(batch);
      });
    },
    async close() {
      await Promise.all(
        slots.map((s) => {
          s.alive = false;
          return s.worker.terminate();
        }),
      );
    },
  };
}
