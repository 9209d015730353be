// Issue 15, item 9: an operand that selects no file (an empty folder, a folder whose files
// --include/--exclude all leave out, a glob that matches nothing) says so on one line naming the
// operand and exits 2, while the other operands are still processed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();

test('an empty folder: one line naming it, exit 2', async () => {
  const t = tree();
  mkdirSync(t.path('empty'));
  const r = await runBin(['empty/'], { cwd: t.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout.length, 0);
  assert.equal(r.stderr, 'dedupe: empty/: no files to read in this folder\n');
});

test('a folder holding only hidden files, without --hidden, selects nothing', async () => {
  const t = tree({ 'h/.notes.txt': 'a\na\n' });
  const r = await runBin(['h'], { cwd: t.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'dedupe: h: no files to read in this folder\n');
  assert.equal((await runBin(['h', '--hidden'], { cwd: t.dir })).code, 0);
});

test('an --include that matches nothing names the folder and the patterns, like a glob that matches nothing', async () => {
  const t = tree({ 'c/a.txt': 'x\nx\n' });
  const include = await runBin(['c/', '--include', '*.csv'], { cwd: t.dir });
  assert.equal(include.code, 2);
  assert.equal(include.stderr, 'dedupe: c/: no files to read in this folder with these --include/--exclude\n');
  const glob = await runBin(['c/*.csv'], { cwd: t.dir });
  assert.equal(glob.code, 2);
  assert.equal(glob.stderr, 'dedupe: c/*.csv: no files match this pattern\n');
});

test('the other operands are still processed, and a batch run counts the empty one as failed', async () => {
  const t = tree({ 'c/a.txt': 'x\nx\n', 'c/b.md': 'y\n' });
  mkdirSync(t.path('empty'));
  const r = await runBin(['c', 'empty', 'c', '--exclude', '*.md', '--in-place'], { cwd: t.dir });
  assert.equal(r.code, 2);
  assert.equal(readFileSync(t.path('c/a.txt'), 'utf8'), 'x\n', 'c/a.txt was still cleaned');
  assert.match(r.stderr, /^dedupe: empty: no files to read in this folder with these --include\/--exclude$/m);
  assert.match(r.stderr, /^dedupe: 1 file read, 1 changed, 0 skipped, 1 failed;/m);
  // The second `c` selects a.txt again (already read): not an operand that selects nothing.
  assert.equal(r.stderr.match(/no files/g)?.length, 1, r.stderr);
});

test('--dry-run and dedupe plan treat it the same way', async () => {
  const t = tree({ 'c/a.txt': 'x\n' });
  mkdirSync(t.path('empty'));
  const dry = await runBin(['empty', '--dry-run'], { cwd: t.dir });
  assert.equal(dry.code, 2);
  assert.match(dry.stderr, /^dedupe: empty: no files to read in this folder$/m);
  const plan = await runBin(['plan', 'c', 'empty', '--work', 'w', '--quiet'], { cwd: t.dir });
  assert.equal(plan.code, 2);
  assert.equal(plan.stderr, 'dedupe: empty: no files to read in this folder\n');
});
