// Issue 17, items 2 and 3: an --in-place run replaces a file only if it is still the file it read,
// and a backup is made by link(2), which fails when the name exists. The window between reading
// and replacing is forced with the test-only hold (DEDUPE_TEST_HOLD), not hoped for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';
import { heldRun } from '../helpers/held-run.js';
import { isTempName } from '../../src/fs/temp-name.js';

const tree = treeFactory();

test('--in-place never drops lines appended while it ran: the file is left as it is, exit 2, named', async () => {
  const t = tree({ 'log.txt': 'a\nb\na\n' });
  const run = await heldRun([t.path('log.txt'), '--in-place'], t.path('hold'));
  appendFileSync(t.path('log.txt'), 'c\n'); // a writer appends after the read ended
  writeFileSync(t.path('hold/go'), '');
  const { code, stderr } = await run.done;
  assert.equal(code, 2);
  assert.match(stderr, /^dedupe: .*log\.txt: changed while dedupe was reading it .*left as it is/m);
  assert.equal(readFileSync(t.path('log.txt'), 'utf8'), 'a\nb\na\nc\n', 'every line, the appended one too');
  assert.deepEqual(readdirSync(t.dir).filter(isTempName), [], 'no temporary file left');
});

test("two --in-place --backup runs at once: the backup holds the original, never the other run's output", async () => {
  const original = 'p\nq\np\nr\n';
  const t = tree({ 'k/a.txt': original });
  const first = await heldRun([t.path('k'), '--in-place', '--backup', '.orig'], t.path('hold'));
  // The second run starts and finishes inside the first one's window.
  const second = await runBin([t.path('k'), '--in-place', '--backup', '.orig']);
  assert.equal(second.code, 0, second.stderr);
  writeFileSync(t.path('hold/go'), '');
  const { code, stderr } = await first.done;
  assert.equal(code, 2, 'the first run finds its input replaced and leaves it');
  assert.match(stderr, /a\.txt: changed while dedupe was reading it/);
  assert.equal(readFileSync(t.path('k/a.txt.orig'), 'utf8'), original, 'the backup is the original');
  assert.equal(readFileSync(t.path('k/a.txt'), 'utf8'), 'p\nq\nr\n');
  assert.deepEqual(readdirSync(t.path('k')).sort(), ['a.txt', 'a.txt.orig']);
});

test('a file unchanged during the run is replaced as before (the check does not refuse a quiet file)', async () => {
  const t = tree({ 'a.txt': 'x\ny\nx\n' });
  const run = await heldRun([t.path('a.txt'), '--in-place', '--backup', '.bak'], t.path('hold'));
  writeFileSync(t.path('hold/go'), '');
  const { code, stderr } = await run.done;
  assert.equal(code, 0, stderr);
  assert.equal(readFileSync(t.path('a.txt'), 'utf8'), 'x\ny\n');
  assert.equal(readFileSync(t.path('a.txt.bak'), 'utf8'), 'x\ny\nx\n');
});
