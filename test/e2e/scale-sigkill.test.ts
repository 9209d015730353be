// SIGKILL a map, a reduce and an apply task part-way, then run the same task again: the work
// folder's intermediates and the output tree end byte-identical to an uninterrupted run's (and to
// the one-process run), and a killed task is never marked done. Kill moments are spread over each
// task's measured running time, so they land before, while and after it writes its files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runBin, runInProcess, treeFactory } from '../helpers/cli.js';
import { generateCorpus, readTreeBytes } from '../helpers/scale.js';

const tree = treeFactory();

function killAfter(args: string[], ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

test('SIGKILL of a map, a reduce and an apply task, then a rerun: the same bytes as an uninterrupted run', async (t) => {
  const dir = tree(generateCorpus({ files: 12, units: 2500, pool: 3000, seed: 5 }));
  const corpus = join(dir.dir, 'corpus');
  const plan = ['--files-per-task', '100', '--shards', '1', '--quiet'];
  const ref = dir.path('ref');
  const work = dir.path('work');
  const out = dir.path('out');
  for (const w of [ref, work]) assert.equal((await runInProcess(['plan', corpus, '--work', w, ...plan])).code, 0);
  const steps: [string, string[]][] = [
    ['map', ['map', '--task', '0', '--part-records', '4000']],
    ['reduce', ['reduce', '--task', '0']],
    ['apply', ['apply', '--task', '0']],
  ];
  let killedMidway = 0;
  for (const [phase, args] of steps) {
    // The uninterrupted reference, timed as a real process.
    const started = performance.now();
    const r = await runBin([...args, '--work', ref, ...(phase === 'apply' ? ['--out-dir', dir.path('ref-out')] : [])]);
    const took = performance.now() - started;
    assert.equal(r.code, 0, r.stderr);
    let killed = 0;
    for (const fraction of [0.5, 0.7, 0.85, 0.95]) {
      const k = await killAfter(
        [...args, '--work', work, ...(phase === 'apply' ? ['--out-dir', out] : [])],
        took * fraction,
      );
      const done = existsSync(join(work, 'status', `${phase}-0.done`));
      // Killed after its done marker was written: the task had finished; the rest is exit.
      if (k.signal === 'SIGKILL' && !done) {
        killed++;
        // Killed after some of its files appeared: part-way in the strictest sense.
        const wrote = Object.keys(readTreeBytes(phase === 'apply' ? out : join(work, phase))).length > 0;
        if (wrote) killedMidway++;
      } else {
        assert.ok(k.code === 0 || k.signal === 'SIGKILL', `${phase} exited ${k.code}`);
        break;
      }
    }
    t.diagnostic(`${phase}: ${killed} kill(s), reference ${took.toFixed(0)} ms`);
    assert.ok(killed > 0, `no ${phase} attempt was killed before it finished`);
    // A killed task is pending (not failed: nothing recorded a failure), unless it had finished.
    const status = (await runInProcess(['status', '--work', work])).stdout.toString();
    if (!existsSync(join(work, 'status', `${phase}-0.done`)))
      assert.match(status, new RegExp(`\\n${phase} +done 0, failed 0, pending 1 of 1\\n`));
    const rerun = await runInProcess([...args, '--work', work, ...(phase === 'apply' ? ['--out-dir', out] : [])]);
    assert.equal(rerun.code, 0, rerun.stderr);
    if (phase !== 'apply')
      assert.deepEqual(
        readTreeBytes(join(work, phase)),
        readTreeBytes(join(ref, phase)),
        `${phase} files after kill + rerun`,
      );
  }
  t.diagnostic(`kills after the task had published files: ${killedMidway}`);
  assert.deepEqual(readTreeBytes(out), readTreeBytes(dir.path('ref-out')));
  const plain = await runInProcess([corpus, '--out-dir', dir.path('plain'), '--quiet']);
  assert.equal(plain.code, 0);
  assert.deepEqual(readTreeBytes(out), readTreeBytes(dir.path('plain')));
});
