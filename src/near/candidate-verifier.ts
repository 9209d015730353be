// Verifies the candidates the gate let through against the query: each kept paragraph's text is
// recalled from where it was read, checked against its key hash, and scored (near-score.ts); the
// best one is picked. The query's own 5-gram set and text are made once, and only when a candidate
// is worth verifying. It finds no candidates and says nothing of templates: the matcher's business.
import { createShingleScratch, distinctSorted, shingleSet } from './shingles.js';
import { codePoints, mayBeSimilar, scorePair, scoreSide, type PairScore, type ScoreSide } from './near-score.js';
import type { NearStore } from './near-store.js';
import type { NearConfig, NearText } from './near-matcher.js';

/** A candidate worth verifying: its entry and its signature estimate (the order of verification). */
export interface Ranked {
  entry: number;
  estimate: number;
}

export interface CandidateVerifier {
  /** The query at hand, before best(): its key (read only if something is to be verified). */
  query(key: Uint8Array, keyLength: number): void;
  /** The best match among the ranked candidates (at most MAX_VERIFIED of them, by estimate), or undefined. */
  best(ranked: Ranked[]): { entry: number; similarity: number; score: PairScore } | undefined;
}

const MAX_VERIFIED = 16;

// A near copy ranks above a templated variant: a similar text whose only additions are slot values
// (numbers, dates, weekdays: another occasion of one frame). A similar text that adds words or
// another form of a word is no match at all: it is kept, and indexed as a paragraph of its own.
function matchRank(score: PairScore): number {
  if (score.accepted) return 1;
  if (score.kind === 'mix' && score.similar && score.adds.words === 0 && score.adds.forms === 0) return 0;
  return -1;
}

export function createCandidateVerifier(
  config: Pick<NearConfig, 'score' | 'threshold' | 'df'>,
  text: NearText,
  store: NearStore,
): CandidateVerifier {
  const scratch = createShingleScratch();
  const other = createShingleScratch();
  const decoder = new TextDecoder();
  // The query's side: its 5-gram set and length when a candidate is worth verifying, its words
  // and slots only once a candidate's 5-grams say it may be similar.
  let query: ScoreSide | undefined;
  let queryText = '';
  let queryChars = 0;
  let queryGrams = 0;

  const verify = (entry: number): PairScore | undefined => {
    const place = store.place(entry);
    const recalled = store.copyOf(entry) ?? text.reread(place);
    if (!recalled) return undefined;
    const key = text.key(recalled);
    // Changed since it was read: its similarity would be to other text. Not a match.
    if (text.keyHash(key, key.length) !== store.keyHash(entry)) return undefined;
    // shingleSet may replace other.hashes with a larger array: read it only afterwards.
    const all = shingleSet(key, key.length, other);
    const n = distinctSorted(other.hashes, all);
    if (config.score === 'jaccard') {
      query ??= scoreSide('', scratch.hashes, queryGrams);
      return scorePair('jaccard', scoreSide('', other.hashes, n), query, config.df(), config.threshold);
    }
    const keptText = decoder.decode(key);
    const df = config.df();
    const { threshold } = config;
    if (!mayBeSimilar(codePoints(keptText), other.hashes, n, queryChars, scratch.hashes, queryGrams, df, threshold))
      return undefined;
    query ??= scoreSide(queryText, scratch.hashes, queryGrams);
    return scorePair('mix', scoreSide(keptText, other.hashes, n), query, df, threshold, true);
  };

  return {
    query(key, keyLength) {
      // shingleSet may replace scratch.hashes with a larger array: read it only afterwards.
      const all = shingleSet(key, keyLength, scratch);
      queryGrams = distinctSorted(scratch.hashes, all);
      queryText = config.score === 'mix' ? decoder.decode(key.subarray(0, keyLength)) : '';
      queryChars = codePoints(queryText);
      query = undefined;
    },
    best(ranked) {
      ranked.sort((a, b) => b.estimate - a.estimate || a.entry - b.entry);
      let best = -1;
      let bestSimilarity = 0;
      let bestScore: PairScore | undefined;
      for (let r = 0; r < ranked.length && r < MAX_VERIFIED; r++) {
        const entry = ranked[r].entry;
        const score = verify(entry);
        const rank = score === undefined ? -1 : matchRank(score);
        if (rank < 0) continue;
        const similarity = score!.similarity;
        const bestRank = bestScore === undefined ? -1 : matchRank(bestScore);
        if (
          rank > bestRank ||
          (rank === bestRank && (similarity > bestSimilarity || (similarity === bestSimilarity && entry < best)))
        ) {
          best = entry;
          bestSimilarity = similarity;
          bestScore = score;
        }
      }
      return bestScore === undefined ? undefined : { entry: best, similarity: bestSimilarity, score: bestScore };
    },
  };
}
