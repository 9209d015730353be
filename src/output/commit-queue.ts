// Commits per-file outputs (--out-dir) in the background, a few at a time, while the run reads the
// next sources: each file's fsync runs on libuv's pool, so their waits overlap each other and the
// reading instead of adding up, one after another, on the main thread. It only schedules: the
// order inside one commit (flush, then rename) is the sink's, and drain() is the caller's barrier.

/**
 * How many commits may be in flight, each holding one descriptor. ext4 writes the fsyncs that wait
 * together in one journal commit, so many at once cost little more than one (bench/README.md,
 * "--out-dir, more fsyncs at once"); the CLI gives libuv's pool as many threads (cli/process-io.ts).
 */
export const COMMITS_IN_FLIGHT = 64;

export interface CommitQueue {
  readonly kind: 'commit-queue';
  /**
   * Starts `commit`; resolves once fewer than the limit are in flight (at once, usually). A failure
   * goes to `failed`, called before drain() resolves; it never rejects the run's own promises.
   */
  add(commit: () => Promise<void>, failed: (error: unknown) => void): Promise<void>;
  /** Resolves when every commit added so far has ended, failed ones included. */
  drain(): Promise<void>;
}

export function createCommitQueue(limit = COMMITS_IN_FLIGHT): CommitQueue {
  const inFlight = new Set<Promise<void>>();
  return {
    kind: 'commit-queue',
    async add(commit, failed) {
      const running: Promise<void> = commit()
        .catch(failed)
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
      while (inFlight.size >= limit) await Promise.race(inFlight);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
