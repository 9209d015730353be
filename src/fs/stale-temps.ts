// Removes the temporary files that killed runs left in a folder, the first time this process
// writes there. Only files made on this host by a process that no longer exists go: a live run's
// temporary file (here or on another host sharing the folder) is never touched. A leftover is
// never the only copy of anything: the file it would have replaced is still in place.
import { readdirSync, readFileSync, unlinkSync } from './lossless-fs.js';
import { join, resolve } from 'node:path';
import { hostId, tempOwner } from './temp-name.js';

/** True while `pid` names a running process (EPERM: it runs under another user). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 checks without sending anything
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

// A killed process whose parent has not reaped it yet still answers signal 0; in a container whose
// first process never reaps, it never stops answering. Its state in /proc says it is gone.
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false; // no /proc here (or the process just went): signal 0's answer stands
  }
}

const swept = new Set<string>();

/** Sweeps `folder` once per process; later calls for the same folder do nothing. */
export function sweepStaleTempsOnce(folder: string): void {
  const key = resolve(folder);
  if (swept.has(key)) return;
  swept.add(key);
  sweepStaleTemps(folder);
}

/** Removes this host's temporary files in `folder` whose process is gone; returns their names. */
export function sweepStaleTemps(folder: string, isAlive: (pid: number) => boolean = isPidAlive): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return []; // an unlistable folder: the write that follows reports what is wrong
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = tempOwner(name);
    if (!owner || owner.host !== hostId() || owner.pid === process.pid || isAlive(owner.pid)) continue;
    try {
      unlinkSync(join(folder, name));
      removed.push(name);
    } catch {
      // Another run removed it first, or the folder refuses: a leftover is harmless, never read.
    }
  }
  return removed;
}
