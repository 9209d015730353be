// The previous index generation as the plan saw it. Reduce and commit must work against exactly
// that generation (the result is a function of the manifest and the previous index): an index
// that gained or lost frames since plan is refused, except frames this job's own commit appended.
import { openIndex, type IndexReader } from '../index-store/index.js';
import { HASH_SPEC } from '../hash/hash-spec.js';
import type { ManifestIndex } from './manifest.js';

export interface IndexState {
  readonly exists: boolean;
  readonly frames: number;
  readonly keys: number;
  readonly committed: Map<string, string>;
}

export type StateRead = { kind: 'ok'; state: IndexState } | { kind: 'error'; message: string };

/** The index's frames, keys and committed inputs now (a missing index is an empty one). */
export async function readIndexState(path: string, keySpec: string): Promise<StateRead> {
  const opened = await openIndex(path, { mode: 'readonly', expect: { keySpec, hash: HASH_SPEC } });
  if (opened.kind !== 'ok') {
    if (opened.kind === 'error' && opened.reason === 'missing')
      return { kind: 'ok', state: { exists: false, frames: 0, keys: 0, committed: new Map() } };
    return { kind: 'error', message: `${path}: ${opened.message}` };
  }
  const state = {
    exists: true,
    frames: opened.index.frames,
    keys: opened.index.keys,
    committed: opened.index.committedInputs(),
  };
  await opened.index.close();
  return { kind: 'ok', state };
}

export type SnapshotOpen = { kind: 'ok'; reader?: IndexReader } | { kind: 'error'; message: string };

/** Opens the planned generation read-only for reduce; undefined reader: the index was empty. */
export async function openPlannedIndex(planned: ManifestIndex, keySpec: string): Promise<SnapshotOpen> {
  const opened = await openIndex(planned.path, { mode: 'readonly', expect: { keySpec, hash: HASH_SPEC } });
  if (opened.kind !== 'ok') {
    if (opened.kind === 'error' && opened.reason === 'missing' && !planned.exists) return { kind: 'ok' };
    return { kind: 'error', message: `${planned.path}: ${opened.message}` };
  }
  if (opened.index.frames !== planned.frames || opened.index.keys !== planned.keys) {
    const now = `${opened.index.frames} frames, ${opened.index.keys} keys`;
    await opened.index.close();
    return {
      kind: 'error',
      message: `${planned.path}: the index changed since plan (${planned.frames} frames, ${planned.keys} keys then, ${now} now); plan again`,
    };
  }
  return { kind: 'ok', reader: opened.index };
}
