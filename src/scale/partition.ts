// How work is cut up: the shard a fingerprint belongs to, the default shard count from the input
// size, and input groups (one map task and one apply task each) from file counts and bytes.
// Pure functions of the manifest's numbers, so every task computes the same partition.

/** Records a shard aims to hold at most, in bytes (24 bytes a unit). */
export const SHARD_RECORD_BYTES = 64 * 1024 * 1024;
/** Units are assumed to average at least this many input bytes (separators included). */
export const ASSUMED_UNIT_BYTES = 48;
export const RECORD_BYTES = 24;
export const MAX_SHARDS = 65_536;
export const DEFAULT_FILES_PER_TASK = 1_000;
export const DEFAULT_TASK_BYTES = 256 * 1024 * 1024;

/**
 * The default shard count: total input bytes / 48 bytes a unit * 24 bytes a record, over 64 MiB
 * a shard; that is one shard per 128 MiB of input, at least 1. A reduce task then holds about
 * 64 MiB of records and ~200 MiB in all (see docs/scale-out.md).
 */
export function defaultShardCount(totalBytes: number): number {
  const recordBytes = (totalBytes / ASSUMED_UNIT_BYTES) * RECORD_BYTES;
  return Math.min(MAX_SHARDS, Math.max(1, Math.ceil(recordBytes / SHARD_RECORD_BYTES)));
}

/** The shard of a fingerprint: its first word (the low 32 bits of the first xxh64) modulo the count. */
export function shardOf(fp: Uint32Array, at: number, shards: number): number {
  return (fp[at] >>> 0) % shards;
}

/**
 * Input groups over ranks, in order: a group closes before a file that would take it past
 * `filesPerTask` files or `taskBytes` bytes (a group always has at least one file). Returns the
 * boundaries [0, ..., inputs]; no inputs gives one empty group, so every phase has a task.
 */
export function groupInputs(sizes: readonly number[], filesPerTask: number, taskBytes: number): number[] {
  const bounds = [0];
  let files = 0;
  let bytes = 0;
  for (let rank = 0; rank < sizes.length; rank++) {
    if (files > 0 && (files + 1 > filesPerTask || bytes + sizes[rank] > taskBytes)) {
      bounds.push(rank);
      files = 0;
      bytes = 0;
    }
    files++;
    bytes += sizes[rank];
  }
  bounds.push(sizes.length);
  return bounds;
}
