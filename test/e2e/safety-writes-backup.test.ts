// Issue 15, item 4: a rerun of `--in-place --backup SUFFIX` reads and judges every input. A file
// that would not change is not touched; one that would change but whose backup name is taken by
// another file is left with a warning while its units still count as seen; a backup an
// interrupted run already made is the original, so the rerun goes on. SIGKILL, then the same
// command, gives the uninterrupted run's files byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';
import { isTempName } from '../../src/fs/temp-name.js';

const tree = treeFactory();
const BACKUP = ['--in-place', '--backup', '.orig'];

test('issue repro: a rerun with a new file still sees the units of files backed up by the first run', async () => {
  const t = tree({ 'd/a.txt': 'hello\nhello\nworld\n', 'd/b.txt': 'hello\n' });
  const first = await runBin([t.path('d'), ...BACKUP, '--quiet']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(readFileSync(t.path('d/a.txt'), 'utf8'), 'hello\nworld\n');
  const before = { a: statSync(t.path('d/a.txt')).mtimeMs, b: statSync(t.path('d/b.txt')).mtimeMs };
  writeFileSync(t.path('d/c.txt'), 'hello\nnew\n');
  const again = await runBin([t.path('d'), ...BACKUP]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /^dedupe: 3 files read, 1 changed, 0 skipped, 0 failed;/);
  assert.equal(readFileSync(t.path('d/c.txt'), 'utf8'), 'new\n', 'hello was seen in a.txt');
  assert.equal(readFileSync(t.path('d/c.txt.orig'), 'utf8'), 'hello\nnew\n');
  assert.equal(readFileSync(t.path('d/a.txt.orig'), 'utf8'), 'hello\nhello\nworld\n', 'the first backup is kept');
  assert.equal(readFileSync(t.path('d/b.txt.orig'), 'utf8'), 'hello\n');
  assert.deepEqual(
    { a: statSync(t.path('d/a.txt')).mtimeMs, b: statSync(t.path('d/b.txt')).mtimeMs },
    before,
    'unchanged files are not touched',
  );
});

test('a file that would change but whose backup name holds another file is left as it is and fails; its units still count', async () => {
  const t = tree({ 'd/f.txt': 'x\nshared\nx\n', 'd/f.txt.orig': "the user's own file\n", 'd/g.txt': 'shared\ny\n' });
  const r = await runBin([t.path('d'), ...BACKUP, '--quiet']);
  assert.equal(r.code, 2, 'the file was not cleaned as asked: a failure');
  assert.match(
    r.stderr,
    /^dedupe: .*f\.txt: backup .*f\.txt\.orig already exists; file left as it is \(move the old backup away, or choose another --backup suffix\)\n$/,
  );
  assert.equal(readFileSync(t.path('d/f.txt'), 'utf8'), 'x\nshared\nx\n');
  assert.equal(readFileSync(t.path('d/f.txt.orig'), 'utf8'), "the user's own file\n");
  assert.equal(readFileSync(t.path('d/g.txt'), 'utf8'), 'y\n', '"shared" was seen in f.txt');
});

test('a backup an interrupted run made (a hard link, or a copy with the same bytes) lets the rerun replace the file', async () => {
  const t = tree({ 'd/f.txt': 'x\nx\n', 'd/g.txt': 'y\ny\n' });
  linkSync(t.path('d/f.txt'), t.path('d/f.txt.orig'));
  copyFileSync(t.path('d/g.txt'), t.path('d/g.txt.orig'));
  const r = await runBin([t.path('d'), ...BACKUP, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(readFileSync(t.path('d/f.txt'), 'utf8'), 'x\n');
  assert.equal(readFileSync(t.path('d/f.txt.orig'), 'utf8'), 'x\nx\n');
  assert.equal(readFileSync(t.path('d/g.txt'), 'utf8'), 'y\n');
  assert.equal(readFileSync(t.path('d/g.txt.orig'), 'utf8'), 'y\ny\n');
  assert.deepEqual(
    readdirSync(t.path('d')).sort(),
    ['f.txt', 'f.txt.orig', 'g.txt', 'g.txt.orig'],
    'no temporary file left',
  );
});

// Files sharing lines from one pool, so each file's result depends on every file before it.
function corpus(files: number, seed: number): Record<string, string> {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
  const out: Record<string, string> = {};
  for (let i = 0; i < files; i++) {
    const lines = Array.from({ length: 60 }, (_, j) =>
      next(3) === 0 ? `file ${i} own line ${j}` : `pool line ${next(400)} ${'w'.repeat(20)}`,
    );
    out[`d/${String(i).padStart(3, '0')}.txt`] = lines.join('\n') + '\n';
  }
  return out;
}

/** Every file of the folder except a killed run's hidden temporary files: name -> bytes. */
function snapshot(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir)
      .filter((n) => !isTempName(n))
      .sort()
      .map((n) => [n, readFileSync(join(dir, n), 'latin1')]),
  );
}

/** Starts the run and SIGKILLs it once `backups` originals are backed up (0: at once). */
async function killAfter(dir: string, args: string[], backups: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, [BIN, dir, ...args], { stdio: 'ignore' });
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  let exited = false;
  void closed.then(() => {
    exited = true;
  });
  while (!exited && readdirSync(dir).filter((n) => n.endsWith('.orig')).length < backups) {
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  child.kill('SIGKILL');
  return closed;
}

test("SIGKILL at several moments of --in-place --backup, then the same command: the uninterrupted run's files", async (t0) => {
  const files = corpus(500, 7);
  const args = [...BACKUP, '--quiet', '--buffer-size', '64'];
  const reference = tree(files);
  const whole = await runBin([reference.path('d'), ...args]);
  assert.equal(whole.code, 0, whole.stderr);
  const expected = snapshot(reference.path('d'));
  const backups = [...expected.keys()].filter((n) => n.endsWith('.orig')).length;
  assert.ok(backups > 100, `most files change (${backups} backups)`);

  // Each list is one trial: the moments (backups made so far) at which successive runs are killed.
  const trials = [[0], [1], [Math.floor(backups / 3)], [Math.floor((backups * 4) / 5)], [backups / 4, backups / 2]].map(
    (m) => m.map(Math.floor),
  );
  let interrupted = 0;
  for (const moments of trials) {
    const t = tree(files);
    for (const at of moments) {
      const signal = await killAfter(t.path('d'), args, at);
      if (signal === 'SIGKILL') interrupted++;
    }
    const temporaries = readdirSync(t.path('d')).filter((n) => isTempName(n));
    assert.ok(
      temporaries.length <= moments.length,
      `at most one temporary file per killed run: ${temporaries.join(', ')}`,
    );
    const rerun = await runBin([t.path('d'), ...args]);
    assert.equal(rerun.code, 0, `killed at ${moments.join(', ')}: ${rerun.stderr}`);
    const got = snapshot(t.path('d'));
    assert.deepEqual([...got.keys()], [...expected.keys()], `killed at ${moments.join(', ')}: the same files`);
    for (const [name, bytes] of expected)
      assert.equal(got.get(name), bytes, `killed at ${moments.join(', ')}: ${name}`);
  }
  t0.diagnostic(`${interrupted} of 6 runs killed part-way; ${backups} files change`);
  assert.ok(interrupted >= 4, `the runs were really killed part-way (${interrupted} of 6)`);
});
