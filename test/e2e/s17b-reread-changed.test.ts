// Issue 17, items 1 and 4: a run that reads its inputs twice (keep last|none, --only-duplicates)
// refuses an input that changed between the readings, and any input whose removals rely on a copy
// in one that changed; --index commits the digest of the bytes it read. The window between the
// readings is forced with the test-only DEDUPE_TEST_PASS_HOLD, the one before a rename with
// DEDUPE_TEST_HOLD, never hoped for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';
import { heldRun } from '../helpers/held-run.js';

const tree = treeFactory();

const go = (hold: string): void => writeFileSync(`${hold}/go`, '');

test('two --in-place --keep last runs at once: the file is never emptied; the later-finishing run leaves it, exit 2', async () => {
  const t = tree({ 'k/a.txt': 'p\nq\np\n', 'k/big.txt': 'x\ny\nx\nz\n' });
  const first = await heldRun([t.path('k'), '--in-place', '--keep', 'last'], t.path('hold'), 'DEDUPE_TEST_PASS_HOLD');
  // The second run starts and finishes between the first run's two readings.
  const second = await runBin([t.path('k'), '--in-place', '--keep', 'last']);
  assert.equal(second.code, 0, second.stderr);
  const afterSecond = readFileSync(t.path('k/a.txt'), 'utf8');
  assert.equal(afterSecond, 'q\np\n');
  go(t.path('hold'));
  const { code, stderr } = await first.done;
  assert.equal(code, 2, stderr);
  assert.match(stderr, /^dedupe: .*a\.txt: changed between the two readings .*left as it is/m);
  assert.equal(readFileSync(t.path('k/a.txt'), 'utf8'), afterSecond, 'every line the second run kept is still there');
  assert.equal(readFileSync(t.path('k/big.txt'), 'utf8'), 'y\nx\nz\n');
});

test('--keep none: an input whose removed lines rely on a copy in a changed input is left too', async () => {
  const t = tree({ 'a.txt': 'x\ny\n', 'b.txt': 'x\nz\n' });
  const run = await heldRun(
    [t.path('a.txt'), t.path('b.txt'), '--in-place', '--keep', 'none'],
    t.path('hold'),
    'DEDUPE_TEST_PASS_HOLD',
  );
  writeFileSync(t.path('a.txt'), 'y\n'); // x leaves a between the readings
  go(t.path('hold'));
  const { code, stderr } = await run.done;
  assert.equal(code, 2, stderr);
  assert.match(stderr, /a\.txt: changed between the two readings/);
  assert.match(stderr, /b\.txt: a copy it relies on to remove lines is in .*a\.txt, which changed/);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), 'y\n');
  assert.equal(readFileSync(t.path('b.txt'), 'utf8'), 'x\nz\n', 'x survives somewhere');
});

test('--keep last: a change that keeps size, inode and mtime is caught by the digest of the first reading', async () => {
  const t = tree({ 'b.txt': 'x\nz\nx\nw\n' });
  utimesSync(t.path('b.txt'), 1_000_000_000, 1_000_000_000); // whole seconds: restored exactly below
  const before = statSync(t.path('b.txt'));
  const run = await heldRun([t.path('b.txt'), '--in-place', '--keep', 'last'], t.path('hold'), 'DEDUPE_TEST_PASS_HOLD');
  try {
    writeFileSync(t.path('b.txt'), 'z\nx\nw\nx\n'); // the same bytes reordered, in the same inode
    utimesSync(t.path('b.txt'), 1_000_000_000, 1_000_000_000);
    const now = statSync(t.path('b.txt'));
    assert.deepEqual([now.ino, now.size, now.mtimeMs], [before.ino, before.size, before.mtimeMs], 'invisible to stat');
  } finally {
    go(t.path('hold'));
  }
  const { code, stderr } = await run.done;
  assert.equal(code, 2, stderr);
  assert.match(stderr, /b\.txt: changed between the two readings/);
  assert.equal(readFileSync(t.path('b.txt'), 'utf8'), 'z\nx\nw\nx\n');
});

test('--only-duplicates: an input changed after the marking pass is refused before anything of it is printed', async () => {
  const t = tree({ 'a.txt': 'm\nn\nm\n' });
  const run = await heldRun([t.path('a.txt'), '--only-duplicates'], t.path('hold'), 'DEDUPE_TEST_PASS_HOLD');
  writeFileSync(t.path('a.txt'), 'n\nm\nm\nm\n');
  go(t.path('hold'));
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 2, stderr);
  assert.match(stderr, /a\.txt: changed between the two readings/);
  assert.equal(stdout, '');
});

test('an input unchanged between the readings is written as before', async () => {
  const t = tree({ 'a.txt': 'p\nq\np\n' });
  const run = await heldRun([t.path('a.txt'), '--in-place', '--keep', 'last'], t.path('hold'), 'DEDUPE_TEST_PASS_HOLD');
  go(t.path('hold'));
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), 'q\np\n');
});

test('--out-dir --index commits the digest of the bytes it read: a line appended meanwhile is not called committed', async () => {
  const t = tree({ 'in/a.txt': 'a\nb\na\n' });
  const args = [t.path('in'), '--out-dir', t.path('out'), '--index', t.path('idx')];
  const run = await heldRun(args, t.path('hold'), 'DEDUPE_TEST_HOLD');
  appendFileSync(t.path('in/a.txt'), 'c\n'); // after the read, before the output's rename and commit
  go(t.path('hold'));
  const first = await run.done;
  assert.equal(first.code, 0, first.stderr);
  assert.equal(readFileSync(t.path('out/a.txt'), 'utf8'), 'a\nb\n', 'the output holds what was read');
  const again = await runBin(args);
  assert.doesNotMatch(again.stderr, /already in the index with this content/);
  assert.match(again.stderr, /a\.txt: changed since an earlier run committed it/);
  assert.equal(again.code, 2);
});
