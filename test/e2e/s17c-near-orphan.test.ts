// Issue 17, item 18: --near's restarted run (src/cli/huge-pages.ts) must not outlive a command
// killed with SIGKILL: it holds a lifeline pipe whose other end only the command has, and stops as
// soon as that pipe closes. The test turns the once-a-second parent check off
// (DEDUPE_TEST_NO_PARENT_POLL=1), so only the lifeline can stop the run: without it, the run would
// wait on its input for ever. No timing is asserted; the 60 s bound only ends a hung trial.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { BIN, treeFactory } from '../helpers/cli.js';
import { currentHost, planHugePages } from '../../src/cli/huge-pages.js';

const tree = treeFactory();
const planned = planHugePages(['--near'], currentHost);
const TRIALS = 3;
const HUNG_AFTER_MS = 60_000;

function restartedChild(parent: number): number | undefined {
  const list = `/proc/${parent}/task/${parent}/children`;
  const pids = existsSync(list) ? readFileSync(list, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
  return pids.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').includes('DEDUPE_HUGE_PAGES_RESTARTED=');
    } catch {
      return false;
    }
  });
}

const isGone = (pid: number): boolean => {
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || readFileSync(stat, 'utf8').split(' ')[2] === 'Z';
};

test('a restarted --near run stops through its lifeline once its command is killed with SIGKILL', async (t) => {
  if (planned.kind === 'stay') {
    t.skip(`this host does not restart (${planned.reason})`);
    return;
  }
  const dir = tree();
  for (let trial = 0; trial < TRIALS; trial++) {
    // Standard input is a FIFO this test holds open for writing: the run waits on it for ever.
    const fifo = dir.path(`in-${trial}.fifo`);
    execFileSync('mkfifo', [fifo]);
    const fd = openSync(fifo, 'r+');
    writeSync(fd, 'سطر أول من النص\n');
    const parent = spawn(process.execPath, [BIN, '--near', '-'], {
      stdio: [fd, 'ignore', 'pipe'],
      env: { ...process.env, DEDUPE_TEST_NO_PARENT_POLL: '1' },
    });
    let child: number | undefined;
    try {
      for (let i = 0; i < 500 && child === undefined; i++) {
        await new Promise((r) => setTimeout(r, 10));
        child = restartedChild(parent.pid!);
      }
      assert.ok(child, 'the restarted run is a child of the command');
      // Past its start-up.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 300));
      assert.ok(!isGone(child), 'the run was still waiting for input');
      parent.kill('SIGKILL');
      const killedAt = performance.now();
      while (!isGone(child) && performance.now() - killedAt < HUNG_AFTER_MS)
        await new Promise((r) => setTimeout(r, 10));
      assert.ok(isGone(child), `trial ${trial}: the orphaned run was still there ${HUNG_AFTER_MS} ms after the kill`);
    } finally {
      if (child !== undefined && !isGone(child)) process.kill(child, 'SIGKILL');
      parent.kill('SIGKILL');
      parent.stderr?.destroy();
      closeSync(fd);
    }
  }
});
