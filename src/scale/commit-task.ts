// The commit phase (one task, after every apply task): appends to the persistent index, in rank
// order, one frame per written input holding the fingerprints of its kept new units, in unit
// order: what `dedupe ... --out-dir X --index FILE` appends. Each frame is durable before the
// next; a commit killed half-way is rerun and appends only the frames still missing.
import { resolve } from 'node:path';
import { openIndex } from '../index-store/index.js';
import { HASH_SPEC } from '../hash/hash-spec.js';
import { taskCount, type Manifest } from './manifest.js';
import { readDone, requirePhaseDone, withdrawDone, writeDone } from './markers.js';
import type { MapDone } from './map-task.js';
import type { ApplyDone } from './apply-task.js';
import { KEEP_BYTES, keepListPath } from './reduce-task.js';
import { readGroupEntries } from './drop-set.js';
import { changedSincePlan } from './open-input.js';
import { failed, refused, type TaskOutcome } from './task-outcome.js';

export interface CommitOwner {
  readonly pid: number;
  isAlive(pid: number): boolean;
}

export async function runCommitTask(
  work: string,
  manifest: Manifest,
  indexPath: string | undefined,
  owner: CommitOwner,
): Promise<TaskOutcome> {
  const planned = manifest.index;
  if (indexPath !== undefined && planned === undefined)
    return refused(
      'this plan was made without --index; plan again with --index FILE to deduplicate against it and commit to it',
    );
  if (indexPath !== undefined && planned !== undefined && resolve(indexPath) !== planned.path) {
    return refused(`--index ${indexPath} is not the index this plan was made against (${planned.path})`);
  }
  const previous = readDone<{ frames: number }>(work, manifest.planId, 'commit', 0);
  if (previous.kind === 'done') return { kind: 'already-done' };
  if (previous.kind === 'foreign') return failed(previous.message);
  const groups = taskCount(manifest, 'apply');
  const notReady = requirePhaseDone(work, manifest.planId, 'apply', groups);
  if (notReady) return refused(notReady);
  if (!planned) {
    writeDone(work, manifest.planId, 'commit', 0, { frames: 0 });
    return { kind: 'done', messages: [] };
  }

  // What each group wrote, and each input's digest as map read it.
  const written: { rank: number; digest: string }[][] = [];
  for (let g = 0; g < groups; g++) {
    const applied = readDone<ApplyDone>(work, manifest.planId, 'apply', g);
    const mapped = readDone<MapDone>(work, manifest.planId, 'map', g);
    if (applied.kind !== 'done' || mapped.kind !== 'done')
      return refused(`apply or map task ${g} is not done (see dedupe status --work ${work})`);
    const digests = new Map(mapped.data.inputs.map((i) => [i.rank, i.digest ?? '']));
    written.push(
      applied.data.inputs
        .filter((i) => i.status === 'written')
        .map((i) => ({ rank: i.rank, digest: digests.get(i.rank) ?? '' })),
    );
  }

  const opened = await openIndex(planned.path, {
    mode: 'write',
    expect: { keySpec: manifest.options.keySpec, hash: HASH_SPEC },
    pid: owner.pid,
    isAlive: (pid) => owner.isAlive(pid),
  });
  if (opened.kind !== 'ok') return failed(`${planned.path}: ${opened.message}`);
  const index = opened.index;
  try {
    // Frames beyond the planned generation must all be this job's own (an earlier, killed commit).
    const committed = index.committedInputs();
    const ours = written.flat().filter((w) => committed.get(manifest.inputs[w.rank].path) === w.digest).length;
    if (index.frames !== planned.frames + ours) {
      return failed(
        `${planned.path}: the index changed since plan (${planned.frames} frames then, ${index.frames} now, ${ours} of them this job's); plan again`,
      );
    }
    let frames = 0;
    for (let g = 0; g < groups; g++) {
      if (written[g].length === 0) continue;
      const paths = Array.from({ length: manifest.shards }, (_, s) => keepListPath(work, s));
      const read = readGroupEntries(paths, 'keep-list', KEEP_BYTES, manifest.planId, groups, g);
      if (read.kind === 'error')
        return failed(
          read.damaged
            ? withdrawDone(work, manifest.planId, 'reduce', read.shard, read.message, 'commit')
            : read.message,
        );
      for (const { rank, digest } of written[g]) {
        const input = manifest.inputs[rank];
        if (committed.get(input.path) === digest) continue;
        const changed = changedSincePlan(input);
        if (changed) return failed(`${input.label}: ${changed}`);
        const [from, to] = read.entries.rangeOf(rank);
        await index.appendFrame(read.entries.fps.slice(from * 4, to * 4), { path: input.path, digest });
        frames++;
      }
    }
    writeDone(work, manifest.planId, 'commit', 0, { frames });
  } finally {
    await index.close();
  }
  return { kind: 'done', messages: [] };
}
