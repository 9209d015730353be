// Issue 17, item 5: --out-dir (and the scale-out apply) never writes outside DIR through a link
// inside it: the repro (`clean/sub -> elsewhere`, elsewhere/x.txt existing), and the same
// with the folder or the name turned into a link while the output is written, a window forced
// with the test-only hold (DEDUPE_TEST_HOLD) just before the rename.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { runBin, treeFactory } from '../helpers/cli.js';
import { heldRun } from '../helpers/held-run.js';
import { isTempName } from '../../src/fs/temp-name.js';

const tree = treeFactory();

test('the issue repro: clean/sub -> elsewhere; elsewhere/x.txt is not overwritten, that file fails alone', async () => {
  const dir = tree({
    'corpus/sub/x.txt': 'x\nx\n',
    'corpus/y.txt': 'y\ny\n',
    'elsewhere/x.txt': 'precious\n',
  });
  mkdirSync(dir.path('clean'));
  symlinkSync(dir.path('elsewhere'), dir.path('clean/sub'));
  const r = await runBin([dir.path('corpus'), '--out-dir', dir.path('clean'), '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: .*x\.txt: its output folder .*clean\/sub leads to .*elsewhere, outside --out-dir/m);
  assert.equal(r.stderr.trim().split('\n').length, 1, 'one line, for that file only');
  assert.equal(readFileSync(dir.path('elsewhere/x.txt'), 'utf8'), 'precious\n');
  assert.deepEqual(readdirSync(dir.path('elsewhere')), ['x.txt'], 'nothing written outside DIR');
  assert.equal(readFileSync(dir.path('clean/y.txt'), 'utf8'), 'y\n', 'the other file is written');
});

test('the issue repro through the scale-out apply: elsewhere/x.txt is not overwritten', async () => {
  const dir = tree({
    'corpus/sub/x.txt': 'x\nx\n',
    'corpus/y.txt': 'y\ny\n',
    'elsewhere/x.txt': 'precious\n',
  });
  const work = dir.path('work');
  for (const args of [
    ['plan', dir.path('corpus'), '--work', work, '--shards', '1', '--quiet'],
    ['map', '--work', work, '--task', '0'],
    ['reduce', '--work', work, '--task', '0'],
  ]) {
    const r = await runBin(args);
    assert.equal(r.code, 0, r.stderr);
  }
  mkdirSync(dir.path('clean'));
  symlinkSync(dir.path('elsewhere'), dir.path('clean/sub'));
  const r = await runBin(['apply', '--work', work, '--task', '0', '--out-dir', dir.path('clean')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /x\.txt: its output folder .*clean\/sub leads to .*elsewhere, outside --out-dir/);
  assert.equal(readFileSync(dir.path('elsewhere/x.txt'), 'utf8'), 'precious\n');
  assert.deepEqual(readdirSync(dir.path('elsewhere')), ['x.txt']);
  assert.equal(readFileSync(dir.path('clean/y.txt'), 'utf8'), 'y\n');
});

test('a folder under DIR swapped for a link while its output is written: the rename does not follow it', async () => {
  const dir = tree({ 'corpus/sub/x.txt': 'x\nx\n', 'elsewhere/sub/x.txt': 'precious\n' });
  const clean = dir.path('clean');
  const { done } = await heldRun([dir.path('corpus'), '--out-dir', clean, '--quiet'], dir.path('hold'));
  // The flushed temporary file moves to elsewhere/sub and a link to there replaces clean/sub: a
  // rename through clean/sub would now replace elsewhere/sub/x.txt.
  for (const name of readdirSync(join(clean, 'sub')))
    renameSync(join(clean, 'sub', name), dir.path(`elsewhere/sub/${name}`));
  rmdirSync(join(clean, 'sub'));
  symlinkSync(dir.path('elsewhere/sub'), join(clean, 'sub'));
  writeFileSync(dir.path('hold/go'), '');
  const { code, stderr } = await done;
  assert.equal(code, 2);
  assert.match(
    stderr,
    /^dedupe: .*x\.txt: its output folder .*clean\/sub leads to .*elsewhere\/sub, outside --out-dir/m,
  );
  assert.equal(readFileSync(dir.path('elsewhere/sub/x.txt'), 'utf8'), 'precious\n', 'not overwritten');
  assert.deepEqual(readdirSync(dir.path('elsewhere/sub')).filter(isTempName), [], 'its temporary file removed');
});

test('an output name turned into a link while it is written: the link is not replaced', async () => {
  const dir = tree({ 'corpus/x.txt': 'x\nx\n', 'elsewhere/keep.txt': 'precious\n' });
  const clean = dir.path('clean');
  const { done } = await heldRun([dir.path('corpus'), '--out-dir', clean, '--quiet'], dir.path('hold'));
  symlinkSync(dir.path('elsewhere/keep.txt'), join(clean, 'x.txt'));
  writeFileSync(dir.path('hold/go'), '');
  const { code, stderr } = await done;
  assert.equal(code, 2);
  assert.match(stderr, /^dedupe: .*x\.txt: its output .*clean\/x\.txt is a symbolic link; not replaced$/m);
  assert.ok(lstatSync(join(clean, 'x.txt')).isSymbolicLink(), 'still the link');
  assert.equal(readFileSync(dir.path('elsewhere/keep.txt'), 'utf8'), 'precious\n');
  assert.deepEqual(readdirSync(clean).filter(isTempName), [], 'no temporary file left');
});
