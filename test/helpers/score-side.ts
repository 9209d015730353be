// A near/3 score side built from a key's text the way the matcher builds one (its sorted distinct
// 5-gram hashes, then scoreSide), for tests that score pairs in-process.
import { scoreSide, type ScoreSide } from '../../src/near/near-score.js';
import { createShingleScratch, distinctSorted, shingleSet } from '../../src/near/shingles.js';

const enc = new TextEncoder();

export function sideOfKey(key: string): ScoreSide {
  const bytes = enc.encode(key);
  const scratch = createShingleScratch();
  // shingleSet may replace scratch.hashes with a larger array: read it only afterwards.
  const all = shingleSet(bytes, bytes.length, scratch);
  const n = distinctSorted(scratch.hashes, all);
  return scoreSide(key, scratch.hashes.slice(0, n), n);
}
