// How a near match is explained to a person: the similarity, the kept copy's place, and the
// words that differ (the kept copy's with a minus, the removed copy's with a plus), shortened
// so a hunk header or a summary row stays one line.
import type { NearMatch } from '../near/near-matcher.js';

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

export function nearNote(near: NearMatch, kept: string): string {
  const what = near.kind === 'template' ? 'templated variant' : 'near duplicate';
  return `${what} (similarity ${formatSimilarity(near.similarity)}) of ${kept}: ${describeWords(near)}`;
}
