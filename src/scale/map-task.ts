// The map phase, one task per input group: each input goes through the normal split, key and
// fingerprint stages, and every unit the engine could remove (key not empty, not under the
// minimums) becomes a 24-byte record (fingerprint, file rank, unit ordinal) in the slice of its
// shard. Output: WORK/map/<task>-<part>.rec, then the done marker listing the parts.
import { mkdirSync } from '../fs/lossless-fs.js';
import { join } from 'node:path';
import { splitUnits } from '../split/split-units.js';
import { keyPass } from '../run/unit-pass.js';
import { recordKeyEvents, splitRecords } from '../formats/record-split.js';
import { createJudge } from '../engine/judge.js';
import { describeIoError } from '../input/io-error.js';
import type { SeenSet } from '../seen/seen-table.js';
import type { Manifest } from './manifest.js';
import { readDone, writeDone } from './markers.js';
import { createRecordBuffer } from './record-buffer.js';
import { writeSliceFile } from './slice-file.js';
import { openInput } from './open-input.js';
import { createTaskContext } from './task-context.js';
import { digestFile } from '../fs/digest.js';
import { failed, type InputMessage, type TaskOutcome } from './task-outcome.js';
import { RECORD_BYTES } from './partition.js';

/** Records a part file holds at most: 48 MiB of records, the map task's memory bound. */
export const DEFAULT_PART_RECORDS = 1 << 21;

export interface MapInputResult {
  readonly rank: number;
  readonly status: 'text' | 'binary';
  readonly units: number;
  /** SHA-256 of the input, taken only when the plan has an index (commit records it). */
  readonly digest?: string;
}

export interface MapDone {
  readonly parts: number;
  readonly records: number;
  readonly inputs: MapInputResult[];
}

export function mapPartPath(work: string, task: number, part: number): string {
  return join(work, 'map', `${task}-${part}.rec`);
}

export async function runMapTask(
  work: string,
  manifest: Manifest,
  task: number,
  options: { partRecords?: number; yieldNow: () => Promise<void> },
): Promise<TaskOutcome> {
  const previous = readDone<MapDone>(work, manifest.planId, 'map', task);
  if (previous.kind === 'done') return { kind: 'already-done' };
  if (previous.kind === 'foreign') return failed(previous.message);
  const made = await createTaskContext(manifest);
  if (made.kind === 'error') return failed(made.message);
  const { keyer, fingerprinter } = made.context;
  const o = manifest.options;

  // The engine's own judge decides which units are removable; this seen-set only collects the
  // fingerprint of each such unit instead of claiming it.
  let claimed = false;
  const fp = new Uint32Array(4);
  const collector: SeenSet = {
    claim(f) {
      fp[0] = f[0];
      fp[1] = f[1];
      fp[2] = f[2];
      fp[3] = f[3];
      claimed = true;
      return true;
    },
    upsert() {
      throw new Error('map: upsert is not used without tracking');
    },
    find: () => -1,
    wasNew: true,
    values: new Uint32Array(0),
    valueWords: 0,
    size: 0,
    bytes: 0,
  };
  const judge = createJudge(keyer, fingerprinter, () => collector, {
    policy: 'first',
    track: false,
    minChars: o.minChars,
    minWords: o.minWords,
    claimWatches: true,
  });
  const buffer = createRecordBuffer(manifest.shards, options.partRecords ?? DEFAULT_PART_RECORDS);
  mkdirSync(join(work, 'map'), { recursive: true });
  let parts = 0;
  let records = 0;
  const flush = (): void => {
    writeSliceFile(
      mapPartPath(work, task, parts),
      {
        kind: 'map-records',
        entryBytes: RECORD_BYTES,
        planId: manifest.planId,
        slices: manifest.shards,
        owner: task,
        part: parts,
      },
      buffer.slices(),
    );
    records += buffer.count;
    parts++;
    buffer.clear();
  };

  const results: MapInputResult[] = [];
  const messages: InputMessage[] = [];
  const scratch = {};
  const fieldScratch = {};
  for (let rank = manifest.groups[task]; rank < manifest.groups[task + 1]; rank++) {
    const input = manifest.inputs[rank];
    const opened = await openInput(input, o.encoding);
    if (opened.kind === 'error') return failed(`${input.label}: ${opened.message}`, messages);
    if (opened.kind === 'binary') {
      results.push({ rank, status: 'binary', units: 0 });
      continue;
    }
    // The run's own key pass: the same positions and ordinals as the one-process run's.
    const { events, position } = keyPass(
      rank,
      (key, start, end, at) => {
        claimed = false;
        judge.decide(key, start, end, at);
        // The all-zero fingerprint is always new to the seen-set: that unit is always kept.
        if (!claimed || (fp[0] | fp[1] | fp[2] | fp[3]) === 0) return;
        if (buffer.full) flush();
        buffer.add(fp, rank, at.ordinal);
      },
      options.yieldNow,
    );
    try {
      const split = { mode: o.mode, bufferSize: o.bufferSize, scratch };
      if (o.records) {
        await splitRecords(opened.reader, { ...split, format: o.records, fieldScratch }, recordKeyEvents(events));
      } else {
        await splitUnits(opened.reader, split, events);
      }
    } catch (error) {
      return failed(`${input.label}: ${describeIoError(error)}`, messages);
    } finally {
      opened.reader.close();
    }
    if (position.ordinal > 0xffffffff) return failed(`${input.label}: more than 2^32 units; split the file`);
    results.push({
      rank,
      status: 'text',
      units: position.ordinal,
      digest: manifest.index ? digestFile(input.path) : undefined,
    });
  }
  if (buffer.count > 0 || parts === 0) flush();
  writeDone(work, manifest.planId, 'map', task, { parts, records, inputs: results } satisfies MapDone);
  return { kind: 'done', messages };
}
