// An independent model of near similarity for the tests: Jaccard of the sets of character
// 5-grams (code points, spaces kept) of two keys, with JavaScript strings and Sets, sharing no
// code with src/near.

export function shingles(key: string): Set<string> {
  const chars = [...key];
  const out = new Set<string>();
  if (chars.length < 5) {
    out.add(chars.join(''));
    return out;
  }
  for (let i = 0; i + 5 <= chars.length; i++) out.add(chars.slice(i, i + 5).join(''));
  return out;
}

export function jaccardOf(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  let shared = 0;
  for (const s of x) if (y.has(s)) shared++;
  const union = x.size + y.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** The length ratio of two keys: code points of the shorter over code points of the longer. */
export function lengthRatio(a: string, b: string): number {
  const x = [...a].length;
  const y = [...b].length;
  return Math.min(x, y) / Math.max(x, y, 1);
}
