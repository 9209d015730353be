// How a near match is explained: the similarity and the score's parts (lr, wc5, wwc, mix, the
// slot veto), the kept copy's place, and the words that differ (the kept copy's with a minus, the
// removed copy's with a plus), shortened so a hunk header or a summary row stays one line; and
// the same parts as JSON fields. Decides nothing: the score comes from src/near.
import type { NearMatch } from '../near/near-matcher.js';
import { NEAR_SCORE_VERSION, type PairScore } from '../near/near-score.js';

const MAX_WORDS = 8;

// Words are shown inside one header line, on a terminal too: control and bidi-override
// characters would break the line or reorder what follows.
const UNSAFE = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

function listWords(words: readonly string[]): string {
  const shown = words.slice(0, MAX_WORDS).join(' ').replace(UNSAFE, '\ufffd');
  return words.length > MAX_WORDS ? `${shown} …(+${words.length - MAX_WORDS})` : shown;
}

/** "0.83" style: two decimals, never rounded up to the threshold it did not reach. */
export function formatSimilarity(similarity: number): string {
  return (Math.floor(similarity * 100) / 100).toFixed(2);
}

export function describeWords(near: NearMatch): string {
  const parts: string[] = [];
  if (near.words.keptOnly.length > 0) parts.push(`-[${listWords(near.words.keptOnly)}]`);
  if (near.words.removedOnly.length > 0) parts.push(`+[${listWords(near.words.removedOnly)}]`);
  return parts.length > 0 ? parts.join(' ') : '(same words, spacing or punctuation differs)';
}

/** Never rounded up, like formatSimilarity: a JSON reader comparing with a threshold gets the truth. */
export const fourDecimals = (x: number): number => Math.floor(x * 10000) / 10000;

/** "mix 0.81: lr 0.92, wc5 0.80, wwc 0.83, slots 0/1" or "jaccard 0.61". */
export function describeScore(score: PairScore): string {
  if (score.kind === 'jaccard') return `jaccard ${formatSimilarity(score.similarity)}`;
  const f = formatSimilarity;
  const contained = score.rule === 'contained' ? `contained ${f(score.containment)}, ` : '';
  const veto = score.veto ? ', slot veto' : '';
  const a = score.adds;
  const adds = a.slots + a.words + a.forms > 0 ? `, adds ${a.slots} slots, ${a.words} words, ${a.forms} forms` : '';
  return `mix ${f(score.similarity)}: ${contained}lr ${f(score.lr)}, wc5 ${f(score.wc5)}, wwc ${f(score.wwc)}, slots ${score.slots.kept}/${score.slots.removed}${adds}${veto}`;
}

/** The score's parts for the JSON report's `score` object. */
export function scoreFields(score: PairScore): Record<string, unknown> {
  if (score.kind === 'jaccard')
    return {
      definition: NEAR_SCORE_VERSION.jaccard,
      jaccard: fourDecimals(score.similarity),
      slotVeto: { considered: false },
    };
  return {
    definition: NEAR_SCORE_VERSION.mix,
    rule: score.rule,
    lr: fourDecimals(score.lr),
    wc5: fourDecimals(score.wc5),
    wwc: fourDecimals(score.wwc),
    mix: fourDecimals(score.similarity),
    containment: fourDecimals(score.containment),
    slotVeto: { considered: true, keptOnly: score.slots.kept, removedOnly: score.slots.removed, vetoed: score.veto },
    adds: {
      slots: score.adds.slots,
      words: score.adds.words,
      rarestIdf: fourDecimals(score.adds.rarest),
      forms: score.adds.forms,
    },
  };
}

export function nearNote(near: NearMatch, kept: string): string {
  const what = near.kind === 'template' ? 'templated variant' : 'near duplicate';
  return `${what} (${describeScore(near.score)}) of ${kept}: ${describeWords(near)}`;
}
