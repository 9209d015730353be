// Apply's view of the reduce output: its group's slice of every shard's drop list (or keep list),
// checked and merged into one list sorted by (rank, ordinal), with each rank's range findable.
import { readSlice, type SliceKind } from './slice-file.js';
import { sortByRankOrdinal } from './radix-sort.js';

export interface RankedEntries {
  readonly rank: Uint32Array;
  readonly ordinal: Uint32Array;
  /** Entry words in sorted order (fingerprints for keep lists; empty for drop lists). */
  readonly fps: Uint32Array;
  readonly count: number;
  /** [start, end) of a rank's entries. */
  rangeOf(rank: number): [number, number];
}

/** An error names the shard whose file could not be read, and whether that file is damaged (see readSlice). */
export type EntriesRead =
  { kind: 'ok'; entries: RankedEntries } | { kind: 'error'; message: string; damaged: boolean; shard: number };

export function readGroupEntries(
  paths: readonly string[],
  kind: SliceKind,
  entryBytes: number,
  planId: string,
  groups: number,
  group: number,
): EntriesRead {
  const pieces: Buffer[] = [];
  let total = 0;
  for (const [shard, path] of paths.entries()) {
    const read = readSlice(path, { kind, entryBytes, planId, slices: groups, owner: shard }, group);
    if (read.kind === 'error') return { ...read, shard };
    pieces.push(read.data);
    total += read.count;
  }
  const words = entryBytes / 4;
  const all = new Uint32Array(total * words);
  const bytes = new Uint8Array(all.buffer);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  // Drop entries are (rank, ordinal); keep entries are (fingerprint, rank, ordinal).
  const rankAt = words === 2 ? 0 : 4;
  const rankIn = new Uint32Array(total);
  const ordinalIn = new Uint32Array(total);
  for (let i = 0; i < total; i++) {
    rankIn[i] = all[i * words + rankAt];
    ordinalIn[i] = all[i * words + rankAt + 1];
  }
  const order = sortByRankOrdinal(rankIn, ordinalIn, total);
  const rank = new Uint32Array(total);
  const ordinal = new Uint32Array(total);
  const fps = new Uint32Array(words === 2 ? 0 : total * 4);
  for (let i = 0; i < total; i++) {
    const r = order[i];
    rank[i] = rankIn[r];
    ordinal[i] = ordinalIn[r];
    if (words !== 2) fps.set(all.subarray(r * words, r * words + 4), i * 4);
  }
  const lowerBound = (value: number): number => {
    let lo = 0;
    let hi = total;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rank[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    kind: 'ok',
    entries: { rank, ordinal, fps, count: total, rangeOf: (r) => [lowerBound(r), lowerBound(r + 1)] },
  };
}
