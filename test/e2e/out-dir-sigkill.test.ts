// Issue 20: --out-dir commits its files in the background (src/output/commit-queue.ts), several
// fsyncs at once. SIGKILL at any moment must still leave every output either absent or complete
// under its name (never a partial file), at most the in-flight temporaries beside them, and the
// same command run again must give the uninterrupted run's tree byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { killAtHold } from '../helpers/held-run.js';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';
import { isTempName } from '../../src/fs/temp-name.js';
import { COMMITS_IN_FLIGHT } from '../../src/output/commit-queue.js';
import { INDEX_BATCH } from '../../src/run/source-passes.js';

const tree = treeFactory();
const FILES = 400;

// Files sharing lines from one pool, so each file's output depends on every file before it.
function corpus(files: number, seed: number): Record<string, string> {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const out: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    const lines = Array.from({ length: 40 + next(40) }, (_, j) =>
      next(3) === 0 ? `ملف ${i} سطر خاص ${j}` : `pool line ${next(500)} ${'و'.repeat(next(30))}`,
    );
    out[`in/${String(i).padStart(3, '0')}.txt`] = lines.join('\n') + '\n';
  }
  return out;
}

/** The outputs under their final names (name -> bytes) and the temporaries beside them. */
function look(dir: string): { files: Map<string, string>; temporaries: string[] } {
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  return {
    files: new Map(names.filter((n) => !isTempName(n)).map((n) => [n, readFileSync(join(dir, n), 'latin1')])),
    temporaries: names.filter((n) => isTempName(n)),
  };
}

/** Starts the run and SIGKILLs it once `outputs` files are under their names in `out` (0: at once). */
async function killAfter(args: string[], out: string, outputs: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  let exited = false;
  void closed.then(() => {
    exited = true;
  });
  while (!exited && look(out).files.size < outputs) await new Promise((resolve) => setTimeout(resolve, 2));
  child.kill('SIGKILL');
  return closed;
}

function assertNoPartialFile(got: Map<string, string>, expected: Map<string, string>, when: string): void {
  for (const [name, bytes] of got) assert.equal(bytes, expected.get(name), `${when}: ${name} is complete`);
}

test("SIGKILL at several moments of --out-dir: each output absent or complete; the same command then gives the uninterrupted run's tree", async (t0) => {
  const files = corpus(FILES, 11);
  const reference = tree(files);
  const whole = await runBin([reference.path('in'), '--out-dir', reference.path('out'), '--quiet']);
  assert.equal(whole.code, 0, whole.stderr);
  const expected = look(reference.path('out')).files;
  assert.equal(expected.size, FILES);
  assert.deepEqual(look(reference.path('out')).temporaries, [], 'an uninterrupted run leaves no temporary file');

  const moments = [0, 1, Math.floor(FILES / 3), Math.floor((FILES * 4) / 5)];
  let interrupted = 0;
  for (const at of moments) {
    const t = tree(files);
    const args = [t.path('in'), '--out-dir', t.path('out'), '--quiet'];
    const signal = await killAfter(args, t.path('out'), at);
    if (signal === 'SIGKILL') interrupted++;
    const after = look(t.path('out'));
    assertNoPartialFile(after.files, expected, `killed after ${at} outputs`);
    // The file being written plus the commits in flight; never more.
    assert.ok(
      after.temporaries.length <= COMMITS_IN_FLIGHT + 1,
      `killed after ${at}: ${after.temporaries.length} temporaries`,
    );
    const rerun = await runBin(args);
    assert.equal(rerun.code, 0, `killed after ${at}: ${rerun.stderr}`);
    const got = look(t.path('out'));
    assert.deepEqual(got.temporaries, [], `killed after ${at}: the rerun swept the dead run's temporaries`);
    assert.deepEqual([...got.files.keys()], [...expected.keys()], `killed after ${at}: the same files`);
    assertNoPartialFile(got.files, expected, `killed after ${at}, rerun`);
  }
  t0.diagnostic(`${interrupted} of ${moments.length} runs killed part-way`);
  assert.ok(interrupted >= 3, `the runs were really killed part-way (${interrupted} of ${moments.length})`);
});

test('SIGKILL while an output is flushed but not yet renamed: its name is absent; the same command then writes it', async () => {
  const t = tree({ 'in/a.txt': 'one\ntwo\none\n', 'in/b.txt': 'two\nthree\n' });
  const args = [t.path('in'), '--out-dir', t.path('out')];
  // DEDUPE_TEST_HOLD: each commit waits after its fsync, before its rename, until hold/go exists.
  await killAtHold(args, t.path('hold'));
  const after = look(t.path('out'));
  assert.equal(after.files.has('a.txt'), false, 'a.txt was not renamed into place');
  assert.ok(
    after.temporaries.some((n) => readFileSync(t.path(`out/${n}`), 'utf8') === 'one\ntwo\n'),
    `its complete bytes are in a temporary file (${after.temporaries.join(', ')})`,
  );
  const rerun = await runBin([...args, '--quiet']);
  assert.equal(rerun.code, 0, rerun.stderr);
  const end = look(t.path('out'));
  assert.deepEqual(end.temporaries, [], "the dead run's temporary is swept");
  assert.deepEqual(Object.fromEntries(end.files), { 'a.txt': 'one\ntwo\n', 'b.txt': 'three\n' });
});

test('--out-dir --index, SIGKILL at several moments: every input the index committed has its output complete; the same command then gives the uninterrupted tree and index', async (t0) => {
  const files = corpus(FILES, 23);
  assert.ok(FILES > INDEX_BATCH, 'some moments fall after a batch of frames was committed');
  const reference = tree(files);
  const whole = await runBin([
    reference.path('in'),
    '--out-dir',
    reference.path('out'),
    '--index',
    reference.path('i.idx'),
    '--quiet',
  ]);
  assert.equal(whole.code, 0, whole.stderr);
  const expected = look(reference.path('out')).files;
  assert.equal(expected.size, FILES);
  const committed = async (idx: string): Promise<number> => {
    if (!existsSync(idx)) return 0;
    const stats = await runBin(['index', 'stats', '--json', idx]);
    assert.equal(stats.code, 0, stats.stderr);
    return (JSON.parse(stats.stdout.toString()) as { inputs: number }).inputs;
  };
  assert.equal(await committed(reference.path('i.idx')), FILES);

  const moments = [0, 1, Math.floor(FILES / 3), INDEX_BATCH + 20, Math.floor((FILES * 9) / 10)];
  let interrupted = 0;
  let afterABatch = 0;
  for (const at of moments) {
    const t = tree(files);
    const args = [t.path('in'), '--out-dir', t.path('out'), '--index', t.path('i.idx'), '--quiet'];
    const signal = await killAfter(args, t.path('out'), at);
    if (signal === 'SIGKILL') interrupted++;
    const after = look(t.path('out'));
    assertNoPartialFile(after.files, expected, `killed after ${at} outputs`);
    // Frames are appended in input order, only once their outputs are settled: the first k inputs.
    const k = await committed(t.path('i.idx'));
    if (k > 0) afterABatch++;
    for (const name of [...expected.keys()].slice(0, k))
      assert.equal(after.files.get(name), expected.get(name), `killed after ${at}: committed ${name} is on disk`);
    const rerun = await runBin(args);
    assert.equal(rerun.code, 0, `killed after ${at}: ${rerun.stderr}`);
    const got = look(t.path('out'));
    assert.deepEqual(got.temporaries, [], `killed after ${at}: the rerun swept the dead run's temporaries`);
    assert.deepEqual([...got.files.keys()], [...expected.keys()], `killed after ${at}: the same files`);
    assertNoPartialFile(got.files, expected, `killed after ${at}, rerun`);
    assert.equal(await committed(t.path('i.idx')), FILES, `killed after ${at}: every input committed once`);
  }
  t0.diagnostic(`${interrupted} of ${moments.length} runs killed part-way, ${afterABatch} after a batch commit`);
  assert.ok(interrupted >= 3, `the runs were really killed part-way (${interrupted} of ${moments.length})`);
});
