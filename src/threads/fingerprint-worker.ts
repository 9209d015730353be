// A worker thread's whole job: fingerprint the key inputs of a window of units, exactly as the
// main thread's judge would (it runs the same judge's fingerprintOf, so the fold, the giant-unit
// pieces, the minimums and the exact-bytes rule for huge units cannot drift apart). It never
// sees a seen-set and never decides anything: the verdicts stay in input order on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createJudge } from '../engine/judge.js';
import { createJudgeSeenSet } from '../engine/judge-seen-set.js';
import { createFingerprinter } from '../hash/fingerprint.js';
import { createKeyer } from '../key/index.js';
import { RESULT_WORDS, type BatchMessage, type WorkerSetup } from './batch-format.js';

const setup = workerData as WorkerSetup;
const fingerprinter = await createFingerprinter();
// The judge is only asked for fingerprints: its seen-set stays empty.
const idle = createJudgeSeenSet(false);
const judge = createJudge(createKeyer(setup.keySpec, 'lazy', fingerprinter.keyRoom()), fingerprinter, () => idle, {
  policy: 'first',
  track: false,
  minChars: setup.minChars,
  minWords: setup.minWords,
});
const fp = new Uint32Array(4);

parentPort!.on('message', (batch: BatchMessage) => {
  const text = new Uint8Array(batch.text);
  const keys = new Uint8Array(batch.keys);
  const ranges = new Int32Array(batch.ranges);
  const results = new Uint32Array(batch.results);
  for (let u = 0, r = 0, o = 0; u < batch.units; u++, r += 3, o += RESULT_WORDS) {
    const compares = judge.fingerprintOf(ranges[r] === 0 ? text : keys, ranges[r + 1], ranges[r + 2], fp);
    results[o] = compares ? 1 : 0;
    results[o + 1] = fp[0];
    results[o + 2] = fp[1];
    results[o + 3] = fp[2];
    results[o + 4] = fp[3];
  }
  parentPort!.postMessage(batch.id);
});
parentPort!.postMessage('ready');
