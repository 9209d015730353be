// The background form of atomic-sink.ts, for --out-dir's commit queue: a small output's bytes are
// held in memory until its commit, and the calls that wait on ext4's journal or the folder's lock
// (creating the temporary file, its fsync, the last look at the name, the rename) run on libuv's
// pool, so the main thread goes on with the next inputs. Past HELD_BYTES an output streams to its
// temporary file instead, so the bytes held stay bounded. Same promise: the name shows the old file
// or the whole new one, never a mix; a killed run leaves at most the temporary file.
import { fchmod, fchown, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { realWriteFs, type AtomicFileSink, type WriteFs } from './atomic-sink.js';
import { blameTarget } from './atomic-write.js';
import { tempPathFor } from './temp-name.js';
import { sweepStaleTempsOnce } from './stale-temps.js';
import { syncFolder } from './sync-folder.js';
import { removeIfMadeLate } from './late-temps.js';

/**
 * The most bytes one output holds before it streams to its temporary file: with the commits in
 * flight (COMMITS_IN_FLIGHT, output/commit-queue.ts) and the one being written, at most 65 MiB.
 * The kept writer's largest chunk, so an output below it arrives in one write.
 */
export const HELD_BYTES = 1 << 20;

type State = 'writing' | 'committing' | 'done' | 'ended';

/**
 * known: the target's status as the caller has just looked (null: nothing there); a file replaced
 * keeps its permission bits and owner. syncAfterRename: the folder sync, or a batch's collector.
 */
export function createPooledSink(
  target: string,
  known: Stats | null,
  fs: WriteFs = realWriteFs,
  syncAfterRename: (folder: string) => void = syncFolder,
): AtomicFileSink {
  sweepStaleTempsOnce(dirname(target));
  const tempPath = tempPathFor(target);
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let fd: number | undefined;
  let opened = false;
  let created = false;
  let state: State = 'writing';
  // A pool call is running on the descriptor: an abort then leaves closing it to that call's end,
  // so the number is never reused under a call still meant for this file.
  let busy = false;

  const release = (): void => {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
      fd = undefined;
    }
    if (!created) return; // a failed create names no file of ours
    try {
      fs.unlinkSync(tempPath);
    } catch {
      /* already gone */
    }
  };

  const step = async <T>(call: () => Promise<T>): Promise<T> => {
    if (state === 'ended') throw new Error('write after commit or abort');
    busy = true;
    let value: T;
    try {
      value = await call();
    } finally {
      busy = false;
    }
    // Read afresh: abort() may have run while the call did (an interrupt).
    if ((state as State) === 'ended') {
      release();
      throw new Error('aborted');
    }
    return value;
  };

  const open = async (): Promise<number> => {
    if (opened) return fd!;
    opened = true;
    await step(() =>
      fs.open(tempPath, 'wx', 0o666).then(
        (descriptor) => {
          fd = descriptor;
          created = true;
        },
        (error: unknown) => {
          throw blameTarget(error, tempPath, target);
        },
      ),
    );
    if (known) await step(() => keepAccess(fd!, known));
    return fd!;
  };

  // Writing to a file just created waits for no other file: done here, with no round trip.
  const writeAll = (descriptor: number, bytes: Uint8Array): void => {
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(descriptor, bytes, offset, bytes.length - offset);
  };

  const writeHeld = (descriptor: number): void => {
    if (heldBytes === 0) return;
    const bytes = held.length === 1 ? held[0] : Buffer.concat(held, heldBytes);
    held = [];
    heldBytes = 0;
    writeAll(descriptor, bytes);
  };

  // Any failure leaves no temporary file behind; the error is the caller's to report.
  const guarded = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      if (state !== 'done') {
        state = 'ended';
        if (!busy) release();
      }
      throw error;
    }
  };

  return {
    tempPath,
    write: (chunk) =>
      guarded(async () => {
        if (state !== 'writing') throw new Error('write after commit or abort');
        if (!opened && heldBytes + chunk.length <= HELD_BYTES) {
          // The writer reuses its chunk once this resolves: the bytes held are a copy.
          const copy = Buffer.allocUnsafe(chunk.length);
          copy.set(chunk);
          held.push(copy);
          heldBytes += chunk.length;
          return;
        }
        const descriptor = await open();
        writeHeld(descriptor);
        writeAll(descriptor, chunk);
      }),
    commit: (beforeRename) =>
      guarded(async () => {
        if (state !== 'writing') throw new Error('commit after abort');
        state = 'committing';
        const descriptor = await open();
        writeHeld(descriptor);
        await step(() => fs.fsync(descriptor));
        // close(2) of a file already flushed waits for no journal: no round trip through the pool.
        fd = undefined;
        fs.closeSync(descriptor);
        await step(async () => beforeRename?.());
        await step(() => fs.rename(tempPath, target));
        state = 'done';
        syncAfterRename(dirname(target));
      }),
    abort() {
      if (state === 'done' || state === 'ended') return;
      state = 'ended';
      held = [];
      if (!busy) return release();
      // Its create is on the pool: the file may appear after this, when no callback will run.
      if (!created && opened) removeIfMadeLate(tempPath);
      // The name goes now; the descriptor when the running call ends (step above).
      if (created) {
        try {
          fs.unlinkSync(tempPath);
        } catch {
          /* already gone */
        }
      }
    },
  };
}

// Replacing a file keeps its permission bits and owner: an atomic rename must not change access.
function keepAccess(fd: number, was: Stats): Promise<void> {
  return new Promise((resolve, reject) =>
    fchmod(fd, was.mode & 0o7777, (error) => {
      if (error) return reject(error);
      // Only root may give a file away: a refusal leaves the file this user's, as before.
      fchown(fd, was.uid, was.gid, () => resolve());
    }),
  );
}
