// The near/3 score of a kept paragraph and a later one: a length gate applied when the later
// (removed) copy is the longer, IDF-weighted containment of 5-grams (wc5) and of words (wwc),
// their mean (mix), the containment of the removed copy in the kept one, what the removed copy
// adds (slot values, new words) and the slot veto. Also near/1 (plain 5-gram Jaccard). Pure.
import type { DfTable } from './df-table.js';
import { wordHash } from './df-table.js';
import { jaccard } from './shingles.js';
import { slotDifference, slotValues, type SlotValues } from './slot-values.js';
import { addedWords, keyWords } from './added-words.js';

export type NearScoreName = 'mix' | 'jaccard';
export const NEAR_SCORE_NAMES: readonly NearScoreName[] = ['mix', 'jaccard'];
/** The definition's version, as reports name it. */
export const NEAR_SCORE_VERSION: Record<NearScoreName, string> = { mix: 'near/3', jaccard: 'near/1' };
/** The default --near-threshold of each score (the mix's chosen on fixtures/near: docs/near-duplicates.md). */
export const NEAR_THRESHOLD: Record<NearScoreName, number> = { mix: 0.73, jaccard: 0.55 };

// A removed copy with more than a third of material the kept one lacks (lr < 0.66) is another
// paragraph. One that is shorter must instead sit inside the kept one (containment >= 0.9). The
// 5-gram containment alone must reach 0.7: words that all recur in another order (a fixture list
// turned into results) share words, not text.
export const LENGTH_GATE = 0.66;
export const CONTAINED = 0.9;
export const WC5_FLOOR = 0.7;
// Only the removed copy can lose information, so it must sit in the kept one (containment 0.88
// for an edit too) and add nothing a reader would miss: no slot value (number, weekday, month,
// ordinal) the kept copy lacks, at most three new words, none rarer than IDF 5 (about one paragraph
// in 150 holds it: a name, a place, a new fact, not a connective). Chosen on blind judgements of
// removals, fixtures/near/README.md.
export const EDIT_CONTAINED = 0.88;
export const MAX_ADDED_WORDS = 3;
export const RARE_WORD_IDF = 5;

/** One paragraph's material: code points, sorted distinct 5-gram hashes, sorted distinct word hashes, slots. */
export interface ScoreSide {
  readonly chars: number;
  readonly grams: Uint32Array;
  readonly gramCount: number;
  readonly words: Uint32Array;
  /** The distinct words as text, to tell a new word from a spelling of a kept one. */
  readonly wordTexts: readonly string[];
  readonly slots: SlotValues;
}

export type PairScore =
  | {
      readonly kind: 'jaccard';
      readonly similarity: number;
      readonly similar: boolean;
      readonly accepted: boolean;
      readonly veto: false;
    }
  | {
      readonly kind: 'mix';
      /** The mix: what ranks candidates and what reports call the similarity. */
      readonly similarity: number;
      readonly lr: number;
      readonly wc5: number;
      readonly wwc: number;
      /** IDF-weighted containment of the removed copy in the kept one (5-grams and words, mean). */
      readonly containment: number;
      /** Which test decided: an edit (gate, mix, wc5 floor) or a shorter copy contained in the kept one. */
      readonly rule: 'edit' | 'contained';
      readonly slots: { readonly kept: number; readonly removed: number };
      /** What the removed copy says that the kept one lacks: slot values, new words, the rarest one's IDF. */
      readonly adds: {
        readonly slots: number;
        readonly words: number;
        readonly rarest: number;
        readonly forms: number;
      };
      readonly veto: boolean;
      /** The texts pass near/2's similarity tests (gate, mix, wc5 floor), whatever the removed copy adds. */
      readonly similar: boolean;
      /** Similar, the removed copy sits in the kept one and adds nothing: a near duplicate. */
      readonly accepted: boolean;
    };

/** The words of a key (runs of letters, marks and digits), hashed, sorted and distinct. */
export function keyWordHashes(key: string): Uint32Array {
  const hashes = (key.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map(wordHash);
  const sorted = Uint32Array.from(hashes).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
  return sorted.subarray(0, n);
}

/** A side for scorePair from a key's text and its sorted distinct 5-gram hashes. */
export function scoreSide(key: string, grams: Uint32Array, gramCount: number): ScoreSide {
  const chars = codePoints(key);
  return { chars, grams, gramCount, words: keyWordHashes(key), wordTexts: keyWords(key), slots: slotValues(key) };
}

/** Code points of a key's text, as a ScoreSide counts them. */
export function codePoints(text: string): number {
  let chars = 0;
  for (const _ of text) chars++;
  return chars;
}

// Rounding room for the bounds below, which are implied by the tests, not the tests themselves.
const BOUND_SLACK = 1e-9;

/**
 * False when the 5-grams and lengths alone show that two keys cannot pass near/3's similarity
 * tests, whatever their words: an edit needs the length gate, wc5 >= the floor and, since wwc <= 1,
 * wc5 >= 2 x threshold - 1; a shorter copy needs its 5-gram containment >= 2 x 0.9 - 1. The
 * matcher asks this before it splits the words and reads the slots of a candidate (most of them,
 * on a large input, are unrelated paragraphs): those pairs were never matches.
 */
export function mayBeSimilar(
  keptChars: number,
  kept: Uint32Array,
  keptCount: number,
  removedChars: number,
  removed: Uint32Array,
  removedCount: number,
  df: DfTable,
  threshold: number,
): boolean {
  const lr = Math.min(keptChars, removedChars) / Math.max(keptChars, removedChars, 1);
  const contained = removedChars <= keptChars && lr < LENGTH_GATE;
  if (!contained && lr < LENGTH_GATE) return false;
  const g = weighed(kept, keptCount, removed, removedCount, df.gramIdf);
  if (contained) return ratio(g.shared, g.removed) >= 2 * CONTAINED - 1 - BOUND_SLACK;
  const wc5 = ratio(g.shared, Math.min(g.kept, g.removed));
  return wc5 >= WC5_FLOOR && wc5 >= 2 * threshold - 1 - BOUND_SLACK;
}

/**
 * The pair's score. With `addsOnlyIfSimilar`, what the removed copy adds in words and forms is
 * worked out only for similar texts (else reported as 0): a pair that is not similar is no match
 * whatever it adds, and the matcher discards its score.
 */
export function scorePair(
  name: NearScoreName,
  kept: ScoreSide,
  removed: ScoreSide,
  df: DfTable,
  threshold: number,
  addsOnlyIfSimilar = false,
): PairScore {
  if (name === 'jaccard') {
    const similarity = jaccard(kept.grams, kept.gramCount, removed.grams, removed.gramCount);
    const similar = similarity >= threshold;
    return { kind: 'jaccard', similarity, similar, accepted: similar, veto: false };
  }
  const g = weighed(kept.grams, kept.gramCount, removed.grams, removed.gramCount, df.gramIdf);
  const w = weighed(kept.words, kept.words.length, removed.words, removed.words.length, df.wordIdf);
  const wc5 = ratio(g.shared, Math.min(g.kept, g.removed));
  const wwc = ratio(w.shared, Math.min(w.kept, w.removed));
  const mix = (wc5 + wwc) / 2;
  const containment = (ratio(g.shared, g.removed) + ratio(w.shared, w.removed)) / 2;
  const lr = Math.min(kept.chars, removed.chars) / Math.max(kept.chars, removed.chars, 1);
  const rule = removed.chars <= kept.chars && lr < LENGTH_GATE ? 'contained' : 'edit';
  const d = slotDifference(kept.slots, removed.slots);
  const similar =
    rule === 'contained' ? containment >= CONTAINED : lr >= LENGTH_GATE && mix >= threshold && wc5 >= WC5_FLOOR;
  const added =
    addsOnlyIfSimilar && !similar
      ? { count: 0, rarest: 0, forms: 0 }
      : addedWords(kept.wordTexts, removed.wordTexts, df.wordIdf);
  const adds = { slots: d.removedExtra, words: added.count, rarest: added.rarest, forms: added.forms };
  const addsNothing =
    adds.slots === 0 && adds.forms === 0 && adds.words <= MAX_ADDED_WORDS && adds.rarest < RARE_WORD_IDF;
  // An edit must also sit in the kept copy; a templated variant need not (its slots differ).
  const inKept = rule === 'contained' || containment >= EDIT_CONTAINED;
  // Each copy holds values the other lacks: two slot values each, or one weekday, month or
  // ordinal each. One updated count alone still passes as an edit.
  const veto = (d.keptOnly >= 2 && d.removedOnly >= 2) || (d.namedKeptOnly >= 1 && d.namedRemovedOnly >= 1);
  return {
    kind: 'mix',
    similarity: mix,
    lr,
    wc5,
    wwc,
    containment,
    rule,
    slots: { kept: d.keptOnly, removed: d.removedOnly },
    adds,
    veto,
    similar,
    accepted: similar && inKept && addsNothing,
  };
}

const ratio = (part: number, whole: number): number => (whole > 0 ? Math.min(1, part / whole) : 1);

// Sums of idf over each sorted set and over what they share, in one merge.
function weighed(
  a: Uint32Array,
  aLength: number,
  b: Uint32Array,
  bLength: number,
  idf: (hash: number) => number,
): { kept: number; removed: number; shared: number } {
  let kept = 0,
    removed = 0,
    shared = 0,
    i = 0,
    j = 0;
  while (i < aLength || j < bLength) {
    if (j >= bLength || (i < aLength && a[i] < b[j])) kept += idf(a[i++]);
    else if (i >= aLength || b[j] < a[i]) removed += idf(b[j++]);
    else {
      const v = idf(a[i]);
      kept += v;
      removed += v;
      shared += v;
      i++;
      j++;
    }
  }
  return { kept, removed, shared };
}
