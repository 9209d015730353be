// An installation without near mode's data files (data/near-df.bin, data/near-key-dict.bin) is
// refused once, at the start of a --near run, with a line naming the missing file: never blamed on
// an input, never a half-written --out-dir. A run without --near does not need them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { ROOT, treeFactory } from '../helpers/cli.js';

const newTree = treeFactory();
// A copy of the built package without data/ (cp -a keeps the bundle newer than dist/src).
const copy = mkdtempSync(join(tmpdir(), 'dedupe-no-data-'));
after(() => rmSync(copy, { recursive: true, force: true }));
for (const part of ['bin', 'dist', 'package.json'])
  cpSync(join(ROOT, part), join(copy, part), { recursive: true, preserveTimestamps: true });
symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));

const run = (args: string[], cwd: string) =>
  spawnSync(process.execPath, [join(copy, 'bin', 'dedupe.js'), ...args], { cwd, encoding: 'utf8' });

const PARAGRAPH = 'هذه فقرة طويلة بما يكفي لكي تدخل في المقارنة التقريبية بين الفقرات في هذا الاختبار.\n';

test('--near without its data files: one line naming the file, exit 2, nothing written', () => {
  const tree = newTree({ 'in/a.txt': `${PARAGRAPH}\n${PARAGRAPH}`, 'in/b.txt': PARAGRAPH });
  const result = run(['--near', '--unit', 'paragraph', 'in', '--out-dir', 'out'], tree.dir);
  assert.equal(result.status, 2);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], /^dedupe: --near: cannot read its data file .*near-df\.bin: no such file or directory/);
  assert.doesNotMatch(result.stderr, /a\.txt|b\.txt/);
  assert.equal(existsSync(join(tree.dir, 'out', 'a.txt')), false);
});

test('--near --index without its data files is refused the same way, and leaves no index', () => {
  const tree = newTree({ 'a.txt': PARAGRAPH });
  const result = run(['--near', 'a.txt', '--index', 'k.idx'], tree.dir);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /^dedupe: --near: cannot read its data file .*near-df\.bin/);
  assert.equal(result.stdout, '');
  assert.equal(existsSync(join(tree.dir, 'k.idx')), false);
});

test('a run without --near does not need the data files', () => {
  const tree = newTree({ 'a.txt': 'x\ny\nx\n' });
  const result = run(['a.txt'], tree.dir);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'x\ny\n');
});
