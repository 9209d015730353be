// A run killed while it holds the index lock, whose parent never reaps it (a container whose first
// process does not wait), stays a zombie that still answers signal 0. Its lock is stale all the
// same: the next run takes it over with the usual warning instead of waiting for a dead writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';

const newTree = treeFactory();

async function until<T>(what: string, look: () => T | undefined): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const found = look();
    if (found !== undefined) return found;
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}`);
}

const stateOf = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
};

test('a lock held by a killed, unreaped run (a zombie) is taken over with a warning', async (t) => {
  if (!existsSync('/proc/self/stat')) return t.skip('needs /proc to tell a zombie from a live process');
  const tree = newTree({ 'b.txt': 'a\na\n' });
  if (spawnSync('mkfifo', [join(tree.dir, 'in.fifo')]).status !== 0) return t.skip('mkfifo is not available here');
  // The holder waits on a FIFO nobody writes, holding the lock; its parent then becomes `sleep`,
  // which never reaps it.
  const parent = spawn('sh', ['-c', `"${process.execPath}" "${BIN}" in.fifo --index k.idx > out.txt & exec sleep 60`], {
    cwd: tree.dir,
    stdio: 'ignore',
  });
  t.after(() => parent.kill('SIGKILL'));
  const lockPath = join(tree.dir, 'k.idx.lock');
  const holder = await until('the lock', () => {
    if (!existsSync(lockPath)) return undefined;
    try {
      return (JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number }).pid;
    } catch {
      return undefined; // being written
    }
  });
  process.kill(holder, 'SIGKILL');
  await until('the holder to be a zombie', () => (stateOf(holder) === 'Z' ? true : undefined));

  const next = await runBin(['b.txt', '--index', 'k.idx'], { cwd: tree.dir });
  assert.equal(next.code, 0, next.stderr);
  assert.equal(next.stdout.toString('utf8'), 'a\n');
  assert.match(next.stderr, new RegExp(`took over the lock left by pid ${holder}, which is no longer running`));
  assert.equal(stateOf(holder), 'Z', 'the holder was still unreaped when the lock was taken over');
});
