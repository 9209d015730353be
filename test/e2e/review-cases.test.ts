// Cases found by trying the CLI as a new user would: each reproduces a report and pins the fix
// (outputs that would overwrite each other or an input, backups, lines glued across inputs, an
// out-dir around its input, patch and file names with spaces, escaped names, check's verdict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();

test('--out-dir: two inputs with one relative path never overwrite each other', async () => {
  const t = tree({ 'a/x.txt': 'unique-A\nshared\n', 'b/x.txt': 'shared\nunique-B\n' });
  const r = await runBin([t.path('a/x.txt'), t.path('b/x.txt'), '--out-dir', t.path('out'), '--quiet']);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /b\/x\.txt: its output .*out\/x\.txt is already written by an earlier input of this run; not overwritten\n$/,
  );
  assert.equal(readFileSync(t.path('out/x.txt'), 'utf8'), 'unique-A\nshared\n');
});

test("--out-dir naming an input's own folder never overwrites the input", async () => {
  const t = tree({ 'in/one.txt': 'a\na\n' });
  const r = await runBin([t.path('in/one.txt'), '--out-dir', t.path('in'), '--quiet']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is an input of this run; not overwritten/);
  assert.equal(readFileSync(t.path('in/one.txt'), 'utf8'), 'a\na\n');
});

test('--out-dir around the input folder (an ancestor) mirrors into it', async () => {
  const t = tree({ 'w/in/x.txt': 'a\na\n' });
  const r = await runBin(['in', '--out-dir', 'clean', '--quiet'], { cwd: t.path('w') });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(t.path('w/clean/x.txt'), 'utf8'), 'a\n');
  const around = await runBin(['in', '--out-dir', '.', '--quiet'], { cwd: t.path('w') });
  assert.equal(around.code, 0, around.stderr);
  assert.equal(readFileSync(t.path('w/x.txt'), 'utf8'), 'a\n', 'read from in/, written beside it');
});

test('--only-duplicates never replaces an input with its repeats', async () => {
  const t = tree({ 'f.txt': 'uniq1\ndup\nuniq2\ndup\n' });
  const a = await runBin(['--only-duplicates', '--in-place', t.path('f.txt')]);
  assert.equal(a.code, 2);
  const b = await runBin(['--only-duplicates', t.path('f.txt'), '-o', t.path('f.txt')]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /that is an input/);
  assert.equal(readFileSync(t.path('f.txt'), 'utf8'), 'uniq1\ndup\nuniq2\ndup\n');
});

test('--backup never replaces an existing backup, and earlier backups are not inputs', async () => {
  const t = tree({ 'd/f.txt': 'x\nx\n', 'd/f.txt.orig': "the user's own file\n", 'd/g.txt': 'y\ny\n' });
  const r = await runBin([t.path('d'), '--in-place', '--backup', '.orig', '--quiet']);
  // The file is left as it is (its units still count as seen), and fails: it was not cleaned as asked.
  assert.equal(r.code, 2);
  assert.match(r.stderr, /f\.txt: backup .*f\.txt\.orig already exists; file left as it is/);
  assert.equal(readFileSync(t.path('d/f.txt.orig'), 'utf8'), "the user's own file\n");
  assert.equal(readFileSync(t.path('d/f.txt'), 'utf8'), 'x\nx\n');
  assert.equal(readFileSync(t.path('d/g.txt'), 'utf8'), 'y\n');
  assert.equal(readFileSync(t.path('d/g.txt.orig'), 'utf8'), 'y\ny\n');
  // A later run with the same --backup leaves the backups out of its inputs.
  const again = await runBin([t.path('d'), '--in-place', '--backup', '.orig', '--quiet']);
  assert.equal(readFileSync(t.path('d/g.txt.orig'), 'utf8'), 'y\ny\n');
  assert.equal(again.code, 2);
  assert.match(
    again.stderr,
    /f\.txt: backup .*f\.txt\.orig already exists; file left as it is/,
    'f.txt still refuses to replace its old backup',
  );
});

test("inputs concatenated to stdout never glue a last line to the next input's first", async () => {
  const t = tree({ a: 'x\nq', b: 'r\nq\n', c: 'only\n' });
  assert.equal((await runBin([t.path('a'), t.path('b')])).stdout.toString(), 'x\nq\nr\n');
  assert.equal(
    (await runBin([t.path('a')])).stdout.toString(),
    'x\nq',
    'one input: the missing final newline stays missing',
  );
  assert.equal(
    (await runBin([t.path('a'), t.path('a')])).stdout.toString(),
    'x\nq',
    'nothing written after it: nothing added',
  );
});

test(
  'diff report: names with spaces apply with patch',
  { skip: spawnSync('patch', ['--version']).status === 0 ? false : 'GNU patch is not installed' },
  async () => {
    const t = tree({ 'sp ace.txt': 'a\nb\na\n' });
    const diff = await runBin(['--report', 'diff', 'sp ace.txt'], { cwd: t.dir });
    const applied = spawnSync('patch', ['-p1', '--quiet'], { cwd: t.dir, input: diff.stdout });
    assert.equal(applied.status, 0, `${applied.stdout}${applied.stderr}`);
    assert.equal(readFileSync(t.path('sp ace.txt'), 'utf8'), 'a\nb\n');
  },
);

test(
  'on a terminal, file names in messages are escaped',
  { skip: spawnSync('script', ['--version']).status === 0 ? false : 'script(1) is not installed' },
  () => {
    const t = tree();
    const evil = 'e\u001b]0;PWNED\u0007\u202eevil.txt';
    const r = spawnSync('script', ['-qec', `"${process.execPath}" "${BIN}" "${join(t.dir, evil)}"`, '/dev/null'], {
      encoding: 'utf8',
    });
    assert.ok(r.stdout.includes('\\e]0;PWNED\\x07<U+202E>evil.txt: no such file or directory'), r.stdout);
    assert.ok(!r.stdout.includes('\u202e'));
  },
);

test('--check says its verdict in one line; per-file lines only without --check', async () => {
  const t = tree({ 'c/a.txt': 'a\nb\na\nc\n' });
  const fail = await runBin(['--check', t.path('c')]);
  assert.equal(fail.code, 1);
  assert.equal(fail.stderr, 'dedupe: check failed: 1 of 4 units are repeats (25.0%)\n');
  const pass = await runBin(['--check', '--max-rate', '30%', t.path('c')]);
  assert.equal(pass.code, 0);
  assert.equal(pass.stderr, 'dedupe: check passed: 1 of 4 units are repeats (25.0%), within --max-rate 30%\n');
  const quiet = await runBin(['--dry-run', '--quiet', t.path('c')]);
  assert.equal(quiet.stderr, '', "--quiet also silences the dry run's per-file lines");
});

test('dedupe key refuses options it would ignore', async () => {
  const r = await runBin(['key', '-o', 'k.out', '--keep', 'last'], { input: 'a\n' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: the key command prints keys on stdout and takes no -o, --keep\n$/);
});

test('an --out-dir that is a file is one usage error, not one per input', async () => {
  const t = tree({ 'in/a.txt': 'a\n', 'in/b.txt': 'b\n', afile: 'x\n' });
  const r = await runBin([t.path('in'), '--out-dir', t.path('afile')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dedupe: --out-dir .*afile exists and is not a folder\n$/);
  assert.deepEqual(readdirSync(t.dir).sort(), ['afile', 'in']);
  writeFileSync(t.path('unused'), '');
});

test("paragraph mode: inputs concatenated never run a paragraph into the next input's first", async () => {
  const t = tree({ r1: 'p1\n\np2\n', r2: 'p3\n', r3: 'p1\n\np4' });
  assert.equal((await runBin(['-u', 'paragraph', t.path('r1'), t.path('r2')])).stdout.toString(), 'p1\n\np2\n\np3\n');
  assert.equal((await runBin(['-u', 'paragraph', t.path('r3'), t.path('r2')])).stdout.toString(), 'p1\n\np4\n\np3\n');
});

test('--check with an unreadable input says the check is incomplete; --check refuses outputs', async () => {
  const t = tree({ 'ok.txt': 'a\nb\n' });
  const r = await runBin(['--check', t.path('ok.txt'), t.path('nope.txt')]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /dedupe: check incomplete: 1 input\(s\) could not be read; of the rest, 0 of 2 units are repeats/,
  );
  const o = await runBin(['--check', t.path('ok.txt'), '-o', t.path('x.txt')]);
  assert.equal(o.code, 2);
  assert.match(o.stderr, /--check writes nothing; it cannot be used with -o/);
});
