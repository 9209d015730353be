// Map's output buffer: 24-byte records (fingerprint, rank, ordinal) collected with their shard,
// then laid out shard by shard (a counting sort) as the slices of one map part file. Memory is
// bounded by the part size; a full buffer is flushed as a part and reused.
import { RECORD_BYTES, shardOf } from './partition.js';

export const RECORD_WORDS = RECORD_BYTES / 4;

export interface RecordBuffer {
  readonly count: number;
  readonly full: boolean;
  add(fp: Uint32Array, rank: number, ordinal: number): void;
  /** The records as one byte slice per shard (views valid until the next add). */
  slices(): Uint8Array[];
  clear(): void;
}

export function createRecordBuffer(shards: number, capacity: number): RecordBuffer {
  let words = new Uint32Array(Math.min(capacity, 1 << 16) * RECORD_WORDS);
  let shardIds = new Uint32Array(words.length / RECORD_WORDS);
  let count = 0;
  return {
    get count() {
      return count;
    },
    get full() {
      return count >= capacity;
    },
    add(fp, rank, ordinal) {
      if (count === shardIds.length) {
        const bigger = new Uint32Array(Math.min(capacity, count * 2) * RECORD_WORDS);
        bigger.set(words);
        words = bigger;
        const ids = new Uint32Array(bigger.length / RECORD_WORDS);
        ids.set(shardIds);
        shardIds = ids;
      }
      const o = count * RECORD_WORDS;
      words[o] = fp[0];
      words[o + 1] = fp[1];
      words[o + 2] = fp[2];
      words[o + 3] = fp[3];
      words[o + 4] = rank;
      words[o + 5] = ordinal;
      shardIds[count] = shardOf(fp, 0, shards);
      count++;
    },
    slices() {
      const starts = new Uint32Array(shards + 1);
      for (let i = 0; i < count; i++) starts[shardIds[i] + 1]++;
      for (let s = 0; s < shards; s++) starts[s + 1] += starts[s];
      const out = new Uint32Array(count * RECORD_WORDS);
      const next = starts.slice(0, shards);
      for (let i = 0; i < count; i++) {
        const to = next[shardIds[i]]++ * RECORD_WORDS;
        const from = i * RECORD_WORDS;
        for (let w = 0; w < RECORD_WORDS; w++) out[to + w] = words[from + w];
      }
      const bytes = new Uint8Array(out.buffer);
      const result: Uint8Array[] = [];
      for (let s = 0; s < shards; s++)
        result.push(bytes.subarray(starts[s] * RECORD_BYTES, starts[s + 1] * RECORD_BYTES));
      return result;
    },
    clear() {
      count = 0;
    },
  };
}
