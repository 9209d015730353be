// The reduce phase, one task per shard: gathers the shard's records from every map part, and for
// each fingerprint (with --scope file: each fingerprint within one file) keeps the smallest
// (run, rank, ordinal): a key already in the previous index generation is of an earlier run, so
// all its copies go. Writes the dropped (rank, ordinal) pairs sorted, one slice per apply group,
// and with an index the kept new fingerprints for commit. Memory: the shard's records, ~70 B each.
import { mkdirSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import { createSeenTable } from '../seen/seen-table.js';
import { taskCount, type Manifest } from './manifest.js';
import { readDone, requirePhaseDone, withdrawDone, writeDone } from './markers.js';
import { mapPartPath, type MapDone } from './map-task.js';
import { readSlice, writeSliceFile } from './slice-file.js';
import { openPlannedIndex } from './index-snapshot.js';
import { RECORD_BYTES, shardOf } from './partition.js';
import { RECORD_WORDS } from './record-buffer.js';
import { sortByRankOrdinal } from './radix-sort.js';
import { failed, refused, type TaskOutcome } from './task-outcome.js';

export const DROP_BYTES = 8;
export const KEEP_BYTES = 24;

export interface ReduceDone {
  readonly records: number;
  readonly drops: number;
  readonly keeps: number;
}

export function dropListPath(work: string, shard: number): string {
  return join(work, 'reduce', `${shard}.drop`);
}
export function keepListPath(work: string, shard: number): string {
  return join(work, 'reduce', `${shard}.keep`);
}

export async function runReduceTask(work: string, manifest: Manifest, shard: number): Promise<TaskOutcome> {
  const previous = readDone<ReduceDone>(work, manifest.planId, 'reduce', shard);
  if (previous.kind === 'done') return { kind: 'already-done' };
  if (previous.kind === 'foreign') return failed(previous.message);
  const mapTasks = taskCount(manifest, 'map');
  const notReady = requirePhaseDone(work, manifest.planId, 'map', mapTasks);
  if (notReady) return refused(notReady);

  // Every slice is read and checked before anything is decided: a damaged one fails the task.
  const pieces: Buffer[] = [];
  let total = 0;
  for (let task = 0; task < mapTasks; task++) {
    const done = readDone<MapDone>(work, manifest.planId, 'map', task);
    if (done.kind !== 'done') return failed(done.kind === 'foreign' ? done.message : `map task ${task} is not done`);
    for (let part = 0; part < done.data.parts; part++) {
      const read = readSlice(
        mapPartPath(work, task, part),
        {
          kind: 'map-records',
          entryBytes: RECORD_BYTES,
          planId: manifest.planId,
          slices: manifest.shards,
          owner: task,
        },
        shard,
      );
      if (read.kind === 'error')
        return failed(
          read.damaged
            ? withdrawDone(work, manifest.planId, 'map', task, read.message, `reduce task ${shard}`)
            : read.message,
        );
      pieces.push(read.data);
      total += read.count;
    }
  }
  const words = new Uint32Array(total * RECORD_WORDS);
  const bytes = new Uint8Array(words.buffer);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.length;
  }
  pieces.length = 0;

  const fileScope = manifest.options.scope === 'file';
  const table = createSeenTable(Math.ceil(total / 0.75) + 16, 2);
  if (manifest.index) {
    const opened = await openPlannedIndex(manifest.index, manifest.options.keySpec);
    if (opened.kind === 'error') return failed(opened.message);
    if (opened.reader) {
      const fp = new Uint32Array(4);
      // Known from an earlier run: (rank 0, ordinal 0) is below every unit's (ordinals start at 1).
      opened.reader.forEachFingerprintBatch((batch) => {
        for (let i = 0; i < batch.length; i += 4) {
          if (shardOf(batch, i, manifest.shards) !== shard) continue;
          fp[0] = batch[i];
          fp[1] = batch[i + 1];
          fp[2] = batch[i + 2];
          fp[3] = batch[i + 3];
          table.upsert(fp);
        }
      });
      await opened.reader.close();
    }
  }

  const key = new Uint32Array(4);
  const keyOf = (r: number): boolean => {
    const o = r * RECORD_WORDS;
    key[0] = words[o];
    key[1] = words[o + 1];
    key[2] = words[o + 2];
    key[3] = words[o + 3];
    if (fileScope) {
      // The rank joins the key: copies in other files are not repeats.
      const rank = words[o + 4];
      key[0] ^= rank;
      key[1] ^= Math.imul(rank + 1, 0x9e3779b1);
    }
    return (key[0] | key[1] | key[2] | key[3]) !== 0; // all-zero: never stored, always kept
  };
  const ranks = new Uint32Array(total);
  const ordinals = new Uint32Array(total);
  for (let r = 0; r < total; r++) {
    const rank = words[r * RECORD_WORDS + 4];
    const ordinal = words[r * RECORD_WORDS + 5];
    ranks[r] = rank;
    ordinals[r] = ordinal;
    if (!keyOf(r)) continue;
    const e = table.upsert(key);
    const v = table.values;
    if (table.wasNew || rank < v[e * 2] || (rank === v[e * 2] && ordinal < v[e * 2 + 1])) {
      v[e * 2] = rank;
      v[e * 2 + 1] = ordinal;
    }
  }

  const order = sortByRankOrdinal(ranks, ordinals, total);
  const groups = taskCount(manifest, 'apply');
  const drops = new Uint32Array(total * 2);
  const keeps = manifest.index ? new Uint32Array(total * 6) : undefined;
  const dropStarts = new Uint32Array(groups + 1);
  const keepStarts = new Uint32Array(groups + 1);
  let nDrops = 0;
  let nKeeps = 0;
  let group = 0;
  for (let i = 0; i < total; i++) {
    const r = order[i];
    const rank = ranks[r];
    const ordinal = ordinals[r];
    let kept = true;
    if (keyOf(r)) {
      const e = table.find(key);
      kept = table.values[e * 2] === rank && table.values[e * 2 + 1] === ordinal;
    }
    // Sorted by rank: the group only moves forward.
    while (rank >= manifest.groups[group + 1] && group < groups - 1) group++;
    if (!kept) {
      drops[nDrops * 2] = rank;
      drops[nDrops * 2 + 1] = ordinal;
      nDrops++;
      dropStarts[group + 1] = nDrops;
    } else if (keeps) {
      const o = r * RECORD_WORDS;
      keeps.set(words.subarray(o, o + 4), nKeeps * 6);
      keeps[nKeeps * 6 + 4] = rank;
      keeps[nKeeps * 6 + 5] = ordinal;
      nKeeps++;
      keepStarts[group + 1] = nKeeps;
    }
  }
  // Groups without entries start where the one before them ended.
  for (let g = 1; g <= groups; g++) {
    if (dropStarts[g] < dropStarts[g - 1]) dropStarts[g] = dropStarts[g - 1];
    if (keepStarts[g] < keepStarts[g - 1]) keepStarts[g] = keepStarts[g - 1];
  }
  mkdirSync(join(work, 'reduce'), { recursive: true });
  const sliced = (data: Uint32Array, starts: Uint32Array, entryWords: number): Uint8Array[] =>
    Array.from(
      { length: groups },
      (_, g) => new Uint8Array(data.buffer, starts[g] * entryWords * 4, (starts[g + 1] - starts[g]) * entryWords * 4),
    );
  if (keeps)
    writeSliceFile(
      keepListPath(work, shard),
      { kind: 'keep-list', entryBytes: KEEP_BYTES, planId: manifest.planId, slices: groups, owner: shard, part: 0 },
      sliced(keeps, keepStarts, 6),
    );
  writeSliceFile(
    dropListPath(work, shard),
    { kind: 'drop-list', entryBytes: DROP_BYTES, planId: manifest.planId, slices: groups, owner: shard, part: 0 },
    sliced(drops, dropStarts, 2),
  );
  writeDone(work, manifest.planId, 'reduce', shard, {
    records: total,
    drops: nDrops,
    keeps: nKeeps,
  } satisfies ReduceDone);
  return { kind: 'done', messages: [] };
}
