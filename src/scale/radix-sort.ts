// Orders records by (rank, ordinal) without a comparator: an LSD radix sort of a permutation over
// two Uint32Arrays, 16 bits a pass, skipping passes whose digit is the same for every record
// (ranks rarely use their high half). Linear time; memory: three Uint32Arrays of n.

/** Returns the permutation p with (rank[p[i]], ordinal[p[i]]) ascending; stable. */
export function sortByRankOrdinal(rank: Uint32Array, ordinal: Uint32Array, n: number): Uint32Array {
  let perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let spare = new Uint32Array(n);
  const counts = new Uint32Array(65_537);
  // Least significant digit first: ordinal low, ordinal high, rank low, rank high.
  for (const [keys, shift] of [
    [ordinal, 0],
    [ordinal, 16],
    [rank, 0],
    [rank, 16],
  ] as const) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((keys[i] >>> shift) & 0xffff) + 1]++;
    if (n === 0 || counts[((keys[0] >>> shift) & 0xffff) + 1] === n) continue; // one digit value: order unchanged
    for (let d = 1; d < counts.length; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) {
      const r = perm[i];
      spare[counts[(keys[r] >>> shift) & 0xffff]++] = r;
    }
    [perm, spare] = [spare, perm];
  }
  return perm;
}
