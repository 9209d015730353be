// A worker thread's whole job: fingerprint the key inputs of a window of units, exactly as the
// main thread's judge would (it runs the same judge's fingerprintOf, so the fold, the giant-unit
// pieces, the minimums and the exact-bytes rule for huge units cannot drift apart), and in near
// mode their near signatures. It never sees a seen-set or an index and never decides anything:
// the verdicts stay in input order on the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { createJudge } from '../engine/judge.js';
import { createJudgeSeenSet } from '../engine/judge-seen-set.js';
import { createFingerprinter } from '../hash/fingerprint.js';
import { createKeyer } from '../key/index.js';
import { hasChars } from '../near/shingles.js';
import { writeKeySignature } from '../near/signature.js';
import { COMPARES, NEAR_SIGNED, RESULT_WORDS, type BatchMessage, type WorkerSetup } from './batch-format.js';

const setup = workerData as WorkerSetup;
const fingerprinter = await createFingerprinter();
// The judge is only asked for fingerprints: its seen-set stays empty.
const idle = createJudgeSeenSet(false);
const keyer = createKeyer(setup.keySpec, 'lazy', fingerprinter.keyRoom());
const judgeOf = (nearMode: boolean): ReturnType<typeof createJudge> =>
  createJudge(keyer, fingerprinter, () => idle, {
    policy: 'first',
    track: false,
    minChars: setup.minChars,
    minWords: setup.minWords,
    // Never called: it makes the judge keep the whole key (no memo, no pieces), as near mode's does.
    near: nearMode
      ? () => {
          throw new Error('no near matching in a worker');
        }
      : undefined,
  });
const judge = judgeOf(false);
let nearJudge: ReturnType<typeof createJudge> | undefined;
const fp = new Uint32Array(4);
let signature = new Uint8Array(0);
let mins = new Int32Array(0);

// The signature of the unit nearJudge just fingerprinted, when its key enters near matching.
function sign(near: NonNullable<BatchMessage['near']>, out: Uint8Array, at: number): boolean {
  const keyLength = nearJudge!.keyLength;
  if (keyLength < 0 || !hasChars(keyer.out, keyLength, near.minChars)) return false;
  if (signature.length !== near.length) {
    signature = new Uint8Array(near.length);
    mins = new Int32Array(near.length);
  }
  writeKeySignature(keyer.out, keyLength, signature, mins);
  out.set(signature, at);
  return true;
}

parentPort!.on('message', (batch: BatchMessage) => {
  const text = new Uint8Array(batch.text);
  const keys = new Uint8Array(batch.keys);
  const ranges = new Int32Array(batch.ranges);
  const results = new Uint32Array(batch.results);
  const near = batch.near;
  const signatures = near ? new Uint8Array(near.signatures) : undefined;
  const judging = near ? (nearJudge ??= judgeOf(true)) : judge;
  for (let u = 0, r = 0, o = 0; u < batch.units; u++, r += 3, o += RESULT_WORDS) {
    const compares = judging.fingerprintOf(ranges[r] === 0 ? text : keys, ranges[r + 1], ranges[r + 2], fp);
    const signed = compares && near !== undefined && sign(near, signatures!, u * near.length);
    results[o] = (compares ? COMPARES : 0) | (signed ? NEAR_SIGNED : 0);
    results[o + 1] = fp[0];
    results[o + 2] = fp[1];
    results[o + 3] = fp[2];
    results[o + 4] = fp[3];
  }
  parentPort!.postMessage(batch.id);
});
parentPort!.postMessage('ready');
