// Connects a run to a persistent index (--index, --index-readonly): opens it (locking it with this
// process's pid), loads its fingerprints into the run's seen
// table, records the fingerprints each input adds, and appends them as one frame per input once
// that input's output is safely written, with its near records (--near) in the same append. Inputs already committed with the same content are
// recognised so a rerun after a crash leaves their outputs alone.
import { resolve } from 'node:path';
import { openIndex, type IndexReader, type IndexWriter, type NearAppend } from '../index-store/index.js';
import { digestFile } from '../fs/digest.js';
import { canReadTwice } from '../input/spool.js';
import { HASH_SPEC } from '../hash/hash-spec.js';
import type { SeenSet } from '../seen/seen-table.js';
import { createJudgeSeenSet } from '../engine/judge-seen-set.js';

export interface IndexSession {
  readonly seen: SeenSet;
  /** The open index, for near matching to load its near records from. */
  readonly file: IndexReader;
  /** With --near: where each input's near records come from, taken when its frame is built. */
  attachNear(take: () => NearAppend): void;
  readonly warnings: readonly string[];
  /** This run made the index (there was no file): it holds nothing a run before wrote. */
  readonly created: boolean;
  /**
   * What the index knows of this file: never committed; committed with exactly its present
   * content; or committed with other content (its earlier units are in the index). Always 'new'
   * for an input that is not a regular file, and for a read-only index.
   */
  commitState(path: string): 'new' | 'same' | 'changed';
  /** Starts collecting the fingerprints the next input adds. */
  beginInput(): void;
  /**
   * Appends the collected fingerprints of an input whose output is written (writers only), with
   * the digest of the bytes that were read (taken while reading: the file may have grown since).
   */
  commitInput(path: string | undefined, digest: string | undefined): Promise<void>;
  /**
   * For outputs committed later (a shared output at the run's end, --out-dir's in the background):
   * keep the frame until the caller has made those outputs durable, then commitHeld().
   */
  holdInput(path: string | undefined, digest: string | undefined): void;
  /** An input whose output failed after its frame was held: its units are not remembered. */
  dropHeld(path: string): void;
  /** How many frames are held. */
  readonly held: number;
  /** Appends every held frame, in input order, made durable by one fdatasync. */
  commitHeld(): Promise<void>;
  close(): Promise<void>;
}

export type IndexOpen = { kind: 'ok'; session: IndexSession } | { kind: 'error'; message: string };

export async function openIndexSession(
  path: string,
  keySpec: string,
  readonly: boolean,
  tracked: boolean,
  owner: { pid: number; isAlive(pid: number): boolean; breakLock?: boolean },
): Promise<IndexOpen> {
  const expect = { keySpec, hash: HASH_SPEC };
  const opened = readonly
    ? await openIndex(path, { mode: 'readonly', expect })
    : await openIndex(path, {
        mode: 'write',
        expect,
        pid: owner.pid,
        isAlive: (pid) => owner.isAlive(pid),
        breakLock: owner.breakLock,
      });
  if (opened.kind !== 'ok') return { kind: 'error', message: `${path}: ${opened.message}` };
  const index: IndexReader | IndexWriter = opened.index;
  const committed = index.committedInputs();
  let added = new Uint32Array(1024);
  let addedWords = 0;
  const held: { path: string | undefined; digest: string | undefined; fps: Uint32Array; near?: NearAppend }[] = [];
  let takeNear: (() => NearAppend) | undefined;
  let closing: Promise<void> | undefined;

  const record = (f: Uint32Array): void => {
    if (addedWords + 4 > added.length) {
      const bigger = new Uint32Array(added.length * 2);
      bigger.set(added);
      added = bigger;
    }
    added.set(f.subarray(0, 4), addedWords);
    addedWords += 4;
  };
  // Every fingerprint this run adds (not those the index already holds) goes into its frame.
  const seen = createJudgeSeenSet(tracked, Math.ceil(index.keys / 0.75) + 16, record);
  const fp = new Uint32Array(4);
  index.forEachFingerprintBatch((words) => {
    for (let i = 0; i < words.length; i += 4) {
      fp[0] = words[i];
      fp[1] = words[i + 1];
      fp[2] = words[i + 2];
      fp[3] = words[i + 3];
      seen.rememberEarlier(fp);
    }
  });
  // Only a regular file can be found again by its path with the same content: standard input, a
  // FIFO or a process substitution (`<(zcat day.gz)` is /dev/fd/63 every day) is recorded without
  // one, so its frame is never recognised as committed, and it is never read again for a digest.
  const byPath = (path: string | undefined): path is string => path !== undefined && canReadTwice(path);
  const inputRecord = (path: string | undefined, digest: string | undefined): { path: string; digest: string } =>
    byPath(path) && digest !== undefined ? { path: resolve(path), digest } : { path: '-', digest: 'stdin' };
  const append = async (
    path: string | undefined,
    digest: string | undefined,
    fps: Uint32Array,
    near: NearAppend | undefined,
  ): Promise<void> => {
    if (readonly) return;
    await (index as IndexWriter).appendFrame(fps, inputRecord(path, digest), near);
  };

  return {
    kind: 'ok',
    session: {
      seen,
      file: index,
      attachNear(take) {
        takeNear = take;
      },
      warnings: opened.warnings,
      created: opened.created,
      commitState(path) {
        // Read-only use checks inputs against the archive, archived ones included: nothing is
        // written, so a committed input cannot remove itself from anything.
        if (readonly || !byPath(path)) return 'new';
        const digest = committed.get(resolve(path));
        if (digest === undefined) return 'new';
        return digest === digestFile(path) ? 'same' : 'changed';
      },
      beginInput() {
        addedWords = 0;
        takeNear?.();
      },
      async commitInput(path, digest) {
        await append(path, digest, added.slice(0, addedWords), takeNear?.());
      },
      holdInput(path, digest) {
        held.push({ path, digest, fps: added.slice(0, addedWords), near: takeNear?.() });
      },
      dropHeld(path) {
        const at = held.findIndex((frame) => frame.path === path);
        if (at >= 0) held.splice(at, 1);
      },
      get held() {
        return held.length;
      },
      async commitHeld() {
        const frames = held.splice(0);
        if (readonly || frames.length === 0) return;
        await (index as IndexWriter).appendFrames(
          frames.map((f) => ({ fingerprints: f.fps, input: inputRecord(f.path, f.digest), near: f.near })),
        );
      },
      close() {
        closing ??= index.close();
        return closing;
      },
    },
  };
}
