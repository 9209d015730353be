// `dedupe index stats`: what an index holds and how big it is, read without a lock and without
// changing a byte (a writer may be appending meanwhile; its unfinished frame is left out).
// Formatting for people is the CLI's job; this returns numbers and dates.
import type { HashSpec } from './format.js';
import { inspectPath, type Refusal } from './inspect.js';

export interface IndexStats {
  readonly path: string;
  readonly formatVersion: number;
  readonly keySpec: string;
  readonly hash: HashSpec;
  /** Fingerprints stored: distinct keys, since writers append only new ones and merge dedupes. */
  readonly keys: number;
  readonly frames: number;
  /** Near records (kept long paragraphs for --near across runs) and their bytes on disk (frames included). */
  readonly nearRecords: number;
  readonly nearBytes: number;
  /** Distinct input paths committed. */
  readonly inputs: number;
  readonly sizeBytes: number;
  /** Bytes of frames that are whole and verified (less than sizeBytes only with a torn tail). */
  readonly validBytes: number;
  readonly created: Date;
  /** Commit time of the last frame (the creation time when there is none). */
  readonly updated: Date;
  readonly warnings: string[];
}

export type StatsResult = { kind: 'ok'; stats: IndexStats } | Refusal;

export async function indexStats(path: string): Promise<StatsResult> {
  const seen = inspectPath(path);
  if (seen.kind !== 'ok') return seen;
  const warnings: string[] = [];
  if (seen.scan.end.kind === 'torn') {
    warnings.push(`the last frame is incomplete (${seen.scan.end.detail}); a run is appending or was interrupted`);
  }
  return {
    kind: 'ok',
    stats: {
      path,
      formatVersion: seen.header.formatVersion,
      keySpec: seen.header.keySpec,
      hash: seen.header.hash,
      keys: seen.scan.keys,
      frames: seen.scan.frames,
      nearRecords: seen.scan.nearRecords,
      nearBytes: seen.scan.nearBytes,
      inputs: seen.inputs.size,
      sizeBytes: seen.sizeBytes,
      validBytes: seen.scan.validEnd,
      created: new Date(seen.header.createdMs),
      updated: new Date(seen.updatedMs),
      warnings,
    },
  };
}
