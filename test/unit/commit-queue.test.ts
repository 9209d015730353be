// The background commit queue of --out-dir (src/output/commit-queue.ts): never more than its limit
// in flight, every failure reported to its own callback, and drain() a real barrier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCommitQueue } from '../../src/output/commit-queue.js';

const later = (): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } => {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

test('add() waits for room once the limit is in flight; drain() waits for all; failures go to their callback', async () => {
  const queue = createCommitQueue(3);
  const commits = Array.from({ length: 5 }, later);
  const failed: string[] = [];
  let running = 0;
  let most = 0;
  const added: number[] = [];
  const adding = (async () => {
    for (const [i, c] of commits.entries()) {
      await queue.add(
        async () => {
          running++;
          most = Math.max(most, running);
          try {
            await c.promise;
          } finally {
            running--;
          }
        },
        (error) => failed.push(`${i}: ${(error as Error).message}`),
      );
      added.push(i);
    }
  })();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(added, [0, 1], 'the third add waits: three in flight');
  commits[1].reject(new Error('EIO'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(added, [0, 1, 2], 'a failed commit makes room too');
  assert.deepEqual(failed, ['1: EIO']);
  let drained = false;
  const draining = adding.then(() => queue.drain()).then(() => (drained = true));
  commits[0].resolve();
  commits[2].resolve();
  commits[3].resolve();
  await new Promise((r) => setImmediate(r));
  assert.equal(drained, false, 'one commit still runs');
  commits[4].reject(new Error('ENOSPC'));
  await draining;
  assert.equal(drained, true);
  assert.deepEqual(failed, ['1: EIO', '4: ENOSPC']);
  assert.ok(most <= 3, `at most the limit in flight (${most})`);
});
