// The explanation of a near match: which words of the kept copy are missing from the removed
// one, and which words the removed one has instead. Words are compared by their folded form
// (so a change of spelling alone is not a difference) and reported as they are written.

export interface WordDiff {
  /** Words of the kept copy that the removed one does not have, in order. */
  readonly keptOnly: string[];
  /** Words of the removed copy that the kept one does not have, in order. */
  readonly removedOnly: string[];
}

// Beyond this many cells the LCS table costs more than an explanation is worth; a multiset
// difference (order ignored) still names the differing words.
const MAX_CELLS = 1 << 20;

/** Splits text on whitespace (ASCII, NBSP, and other Unicode spaces). */
export function splitWords(text: string): string[] {
  return text.split(/[\s\u00a0\u200f\u200e]+/u).filter((w) => w.length > 0);
}

export function diffWords(kept: string[], removed: string[], fold: (word: string) => string): WordDiff {
  const ops = alignWords(kept, removed, fold);
  if (!ops) return multisetDiff(kept, removed, kept.map(fold), removed.map(fold));
  const keptOnly: string[] = [];
  const removedOnly: string[] = [];
  for (const op of ops) {
    if (op.kind === 'kept-only') keptOnly.push(op.word);
    else if (op.kind === 'removed-only') removedOnly.push(op.word);
  }
  return { keptOnly, removedOnly };
}

/** One step of the alignment of two word lists: a word both have, or a word of one side only. */
export type WordOp =
  | { readonly kind: 'same'; readonly word: string; readonly removedWord: string }
  | { readonly kind: 'kept-only'; readonly word: string }
  | { readonly kind: 'removed-only'; readonly word: string };

/**
 * The word alignment the explanation is read from (longest common subsequence of folded words), for
 * showing the two copies side by side; undefined when the lists are too long to align.
 */
export function alignWords(kept: string[], removed: string[], fold: (word: string) => string): WordOp[] | undefined {
  const a = kept.map(fold);
  const b = removed.map(fold);
  const n = a.length,
    m = b.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) return undefined;
  // lcs[i][j]: longest common subsequence of a[i..] and b[j..], one flat array.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const ops: WordOp[] = [];
  let i = 0,
    j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) ops.push({ kind: 'same', word: kept[i++], removedWord: removed[j++] });
    else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) ops.push({ kind: 'kept-only', word: kept[i++] });
    else ops.push({ kind: 'removed-only', word: removed[j++] });
  }
  while (i < n) ops.push({ kind: 'kept-only', word: kept[i++] });
  while (j < m) ops.push({ kind: 'removed-only', word: removed[j++] });
  return ops;
}

function multisetDiff(kept: string[], removed: string[], a: string[], b: string[]): WordDiff {
  const counts = new Map<string, number>();
  for (const w of b) counts.set(w, (counts.get(w) ?? 0) + 1);
  const keptOnly: string[] = [];
  a.forEach((w, i) => {
    const c = counts.get(w) ?? 0;
    if (c > 0) counts.set(w, c - 1);
    else keptOnly.push(kept[i]);
  });
  const back = new Map<string, number>();
  for (const w of a) back.set(w, (back.get(w) ?? 0) + 1);
  const removedOnly: string[] = [];
  b.forEach((w, j) => {
    const c = back.get(w) ?? 0;
    if (c > 0) back.set(w, c - 1);
    else removedOnly.push(removed[j]);
  });
  return { keptOnly, removedOnly };
}
