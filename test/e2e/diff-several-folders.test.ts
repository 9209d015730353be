// A diff report over inputs from several folders names each file from the folders' nearest common
// folder, so two files of the same name in different folders get their own headers and one
// `patch -p1` run there gives every input dedupe's output; one folder keeps names relative to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, treeFactory } from '../helpers/cli.js';

const newTree = treeFactory();
const hasPatch = spawnSync('patch', ['--version']).status === 0;
const NO_PATCH = 'GNU patch is not installed here; this test applies the diff report with it';

const headers = (diff: string): string[] => diff.split('\n').filter((line) => line.startsWith('--- '));

test('two folders holding a.txt: distinct headers from their common folder, and patch -p1 there applies', async (t) => {
  const tree = newTree({
    'corpus/f1/a.txt': 'one\nshared\none\n',
    'corpus/f2/a.txt': 'two\nshared\ntwo\n',
    'corpus/f2/sub/b.txt': 'three\nthree\n',
  });
  const report = await runBin(['f1', 'f2', '--report', 'diff'], { cwd: join(tree.dir, 'corpus') });
  assert.equal(report.code, 0, report.stderr);
  const diff = report.stdout.toString('utf8');
  assert.deepEqual(headers(diff), ['--- a/f1/a.txt\t', '--- a/f2/a.txt\t', '--- a/f2/sub/b.txt\t']);
  // The same inputs named from elsewhere get the same names: they start at the common folder.
  const fromAbove = await runBin(['corpus/f1/', join(tree.dir, 'corpus/f2'), '--report', 'diff'], { cwd: tree.dir });
  assert.deepEqual(headers(fromAbove.stdout.toString('utf8')), headers(diff));

  if (!hasPatch) return t.skip(NO_PATCH);
  const clean = await runBin(['f1', 'f2'], { cwd: join(tree.dir, 'corpus') });
  const applied = spawnSync('patch', ['-p1', '--batch'], { cwd: join(tree.dir, 'corpus'), input: report.stdout });
  assert.equal(applied.status, 0, applied.stdout.toString() + applied.stderr.toString());
  const patched = ['f1/a.txt', 'f2/a.txt', 'f2/sub/b.txt'].map((name) => readFileSync(join(tree.dir, 'corpus', name)));
  assert.equal(Buffer.concat(patched).toString('utf8'), clean.stdout.toString('utf8'));
});

test('one folder, or files of one folder: names stay relative to that folder', async () => {
  const tree = newTree({ 'f1/a.txt': 'x\nx\n', 'f1/b.txt': 'y\ny\n' });
  const folder = await runBin(['f1', '--report', 'diff'], { cwd: tree.dir });
  assert.deepEqual(headers(folder.stdout.toString('utf8')), ['--- a/a.txt\t', '--- a/b.txt\t']);
  const files = await runBin(['f1/a.txt', 'f1/b.txt', '--report', 'diff'], { cwd: tree.dir });
  assert.deepEqual(headers(files.stdout.toString('utf8')), ['--- a/a.txt\t', '--- a/b.txt\t']);
});

test('files of the same name from two folders, named one by one, never share a header', async () => {
  const tree = newTree({ 'f1/a.txt': 'x\nx\n', 'f2/a.txt': 'y\ny\n' });
  const named = await runBin(['f1/a.txt', 'f2/a.txt', '--report', 'diff'], { cwd: tree.dir });
  assert.equal(named.code, 0, named.stderr);
  assert.deepEqual(headers(named.stdout.toString('utf8')), ['--- a/f1/a.txt\t', '--- a/f2/a.txt\t']);
});
