// Which LSH candidates are worth verifying, from the two byte lengths and their signature estimate
// alone (the kept length is read from the index record, beside the signature): on a large input most
// candidates are unrelated paragraphs that share one band by chance. It reads no text and scores
// nothing; the verdict is near-score.ts's.
import type { NearScoreName } from './near-score.js';

// The signature's estimate has a standard error near 0.06 at 60 values; 0.2 below the Jaccard
// threshold lets no true match be discarded before the exact check, and almost no unrelated one
// through. The mix accepts edits whose Jaccard is near 0.4 (an estimate of 0.25 lets them all
// through), and a shorter copy contained in the kept one at any Jaccard: for those, the
// containment the estimate and the two lengths imply must reach 0.55 (the rule asks 0.9 of the
// weighted one).
const ESTIMATE_MARGIN = 0.2;
const MIX_EDIT_ESTIMATE = 0.25;
const MIX_CONTAINED_ESTIMATE = 0.55;
// Below this estimate a candidate is only a band that matched by accident (3 of 60 values agree):
// discarded before its place is read. It gives up shortened copies under a fifth of the kept length.
const MIX_LEAST_ESTIMATE = 0.1;
// Byte lengths stand in for code points here (1 to 3 bytes each in Arabic and Latin text): below
// this ratio a longer query cannot pass the length gate (0.66) and is not verified at all.
const MIX_LONGER_RATIO = 0.33;

/**
 * A candidate's signature estimate when it is worth verifying, from the query's byte length and the
 * candidate's entry; -1 when it is not. The lengths are compared first: a candidate they rule out
 * costs no estimate.
 */
export type CandidateGate = (queryLength: number, entry: number) => number;

export function createCandidateGate(
  score: NearScoreName,
  threshold: number,
  keptLength: (entry: number) => number,
  estimate: (entry: number) => number,
): CandidateGate {
  const jaccardFloor = threshold - ESTIMATE_MARGIN;
  return (queryLength, entry) => {
    if (score === 'jaccard') {
      const j = estimate(entry);
      return j >= jaccardFloor ? j : -1;
    }
    const kept = keptLength(entry);
    if (kept < queryLength * MIX_LONGER_RATIO) return -1;
    const e = estimate(entry);
    if (e >= MIX_EDIT_ESTIMATE) return e;
    if (e < MIX_LEAST_ESTIMATE || queryLength >= kept) return -1;
    const r = queryLength / Math.max(1, kept);
    // Containment of the smaller set implied by a Jaccard J and a size ratio r: J(1 + r) / (r(1 + J)).
    return (e * (1 + r)) / (r * (1 + e)) >= MIX_CONTAINED_ESTIMATE ? e : -1;
  };
}
