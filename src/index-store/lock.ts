// The writer lock: a file next to the index (`<index>.lock`) naming the pid, host and a random
// token of the one run allowed to append. Readers never take it or write anything. It never
// looks at `process`: the caller passes its pid and an isAlive(pid) probe (only src/cli may).
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from '../fs/lossless-fs.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { tempPathFor } from '../fs/temp-name.js';
import { describeIoError } from '../input/io-error.js';

export interface LockOwner {
  readonly pid: number;
  /** True when a process with this pid exists on this machine (e.g. process.kill(pid, 0)). */
  isAlive(pid: number): boolean;
  /** The user said no other run holds it (--break-lock): take a live or foreign lock too. */
  readonly breakLock?: boolean;
}

export interface HeldLock {
  readonly path: string;
  /** Set when a lock left by a dead process was broken to take this one. */
  readonly tookOverFrom: number | undefined;
  /** False when someone removed or replaced the lock file since we took it. */
  stillHeld(): boolean;
  release(): void;
}

export type LockResult = { kind: 'ok'; lock: HeldLock } | { kind: 'error'; reason: 'locked' | 'io'; message: string };

interface LockContent {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export function lockPathFor(indexPath: string): string {
  return `${indexPath}.lock`;
}

type Holder = { kind: 'missing' } | { kind: 'unreadable'; text: string } | { kind: 'held'; content: LockContent };

function readHolder(path: string): Holder {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string' && typeof parsed.host === 'string') {
      return {
        kind: 'held',
        content: { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '?'), token: parsed.token },
      };
    }
  } catch {
    /* fall through: not ours, or still being written by a fallback create */
  }
  return { kind: 'unreadable', text };
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

export function acquireLock(indexPath: string, owner: LockOwner): LockResult {
  try {
    return tryLock(indexPath, owner);
  } catch (error) {
    if (!code(error)) throw error;
    return {
      kind: 'error',
      reason: 'io',
      message: `cannot lock index ${indexPath} (is its folder there and writable?): ${describeIoError(error)}`,
    };
  }
}

function tryLock(indexPath: string, owner: LockOwner): LockResult {
  const path = lockPathFor(indexPath);
  const host = hostname();
  const mine: LockContent = {
    pid: owner.pid,
    host,
    since: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  const text = `${JSON.stringify(mine)}\n`;
  // The content is written to a private file first and then hard-linked into place, so the lock
  // file appears with its pid already in it: nobody can read a half-made lock and call it stale.
  const temp = tempPathFor(path);
  writeFileSync(temp, text, { flag: 'wx' });
  let tookOverFrom: number | undefined;
  try {
    for (let attempt = 0; attempt < 8; attempt++) {
      if (place(temp, path, text)) {
        return { kind: 'ok', lock: heldLock(path, mine.token, tookOverFrom) };
      }
      const holder = readHolder(path);
      if (holder.kind === 'missing') continue;
      if (owner.breakLock) {
        // Moved aside, then removed: the same two steps as for a stale lock, on the user's word.
        const aside = `${path}.broken.${randomBytes(6).toString('hex')}`;
        try {
          renameSync(path, aside);
          unlinkSync(aside);
        } catch (error) {
          if (code(error) !== 'ENOENT') throw error;
        }
        if (holder.kind === 'held') tookOverFrom = holder.content.pid;
        continue;
      }
      if (holder.kind === 'unreadable') {
        return locked(indexPath, path, `the lock file ${path} exists but does not name a dedupe run`);
      }
      const { content } = holder;
      if (content.host !== host) {
        return locked(
          indexPath,
          path,
          `pid ${content.pid} on ${content.host} holds it since ${content.since}; its liveness cannot be checked from ${host}`,
        );
      }
      if (content.pid === owner.pid || owner.isAlive(content.pid)) {
        return content.pid === owner.pid
          ? inThisProcess(indexPath)
          : locked(indexPath, path, `pid ${content.pid} holds it since ${content.since}`);
      }
      if (breakStale(path, content.token)) tookOverFrom = content.pid;
    }
    return locked(indexPath, path, 'other runs keep taking it');
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      /* already gone */
    }
  }
}

// link() fails with EEXIST when the lock exists; file systems without hard links fall back to an
// exclusive create (a reader may then briefly see an empty file, which counts as held).
function place(temp: string, path: string, text: string): boolean {
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    if (code(error) !== 'EPERM' && code(error) !== 'ENOTSUP' && code(error) !== 'EOPNOTSUPP') throw error;
  }
  try {
    writeFileSync(path, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  }
}

// Two runs may find the same stale lock at once. Each renames it aside before deleting: only one
// rename gets the stale file; a run that instead moved a lock someone just took puts it back.
// What remains is a window of a few syscalls, which stillHeld() before every append closes.
function breakStale(path: string, staleToken: string): boolean {
  const aside = `${path}.stale.${randomBytes(6).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if (code(error) === 'ENOENT') return false;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved.kind === 'held' && moved.content.token === staleToken) {
    unlinkSync(aside);
    return true;
  }
  try {
    linkSync(aside, path);
  } catch {
    /* a third run holds it now; it stays the owner */
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
  return false;
}

function locked(indexPath: string, lockPath: string, who: string): LockResult {
  return {
    kind: 'error',
    reason: 'locked',
    message:
      `index ${indexPath} is being written by another dedupe run (${who}). ` +
      `Wait for that run to finish; if you are sure none is running, run again with --break-lock (or delete ${lockPath}).`,
  };
}

/** What a run, a merge or a salvage says when it took a lock over (one wording for all three). */
export function takeOverWarning(indexPath: string, lock: HeldLock, broke: boolean): string | undefined {
  if (lock.tookOverFrom === undefined) return undefined;
  return broke
    ? `index ${indexPath}: broke the lock held by pid ${lock.tookOverFrom} (--break-lock)`
    : `index ${indexPath}: took over the lock left by pid ${lock.tookOverFrom}, which is no longer running`;
}

// Two runs of one program (the library called twice at once) on one index: --break-lock would
// break a lock that is alive, and waiting is the only answer.
function inThisProcess(indexPath: string): LockResult {
  return {
    kind: 'error',
    reason: 'locked',
    message: `index ${indexPath} is being written by another run in this same process; run one after the other`,
  };
}

// Every lock this process holds, so that a signal can release them before the process exits.
const heldByThisProcess = new Set<HeldLock>();

/** Releases every lock still held: for the signal handlers (SIGINT, SIGTERM, SIGHUP). */
export function releaseHeldLocks(): void {
  for (const lock of [...heldByThisProcess]) lock.release();
}

function heldLock(path: string, token: string, tookOverFrom: number | undefined): HeldLock {
  let released = false;
  const stillHeld = (): boolean => {
    if (released) return false;
    const holder = readHolder(path);
    return holder.kind === 'held' && holder.content.token === token;
  };
  const lock: HeldLock = {
    path,
    tookOverFrom,
    stillHeld,
    release() {
      if (released) return;
      const ours = stillHeld();
      released = true;
      heldByThisProcess.delete(lock);
      if (ours) {
        try {
          unlinkSync(path);
        } catch {
          /* someone removed it already */
        }
      }
    },
  };
  heldByThisProcess.add(lock);
  return lock;
}
