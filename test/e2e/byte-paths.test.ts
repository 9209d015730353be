// Issue 17, item 8, through the binary: `a\xff.txt`, `a\xfe.txt` and a file really named `a\uFFFD.txt`
// are three inputs. Each is read, deduplicated and written back under its own bytes (--out-dir,
// --in-place, backups, the index, scale-out); messages show `\xff`; JSON carries the exact name
// in `pathBase64`; the diff report's octal-quoted names apply with patch -p1; and an operand with
// such bytes (which Node's argv turns into U+FFFD) names the right file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { BIN, treeFactory } from '../helpers/cli.js';
import { currentHost, planHugePages } from '../../src/cli/huge-pages.js';

const newTree = treeFactory();
const hasPatch = spawnSync('patch', ['--version']).status === 0;

const bytes = (...parts: (string | number[] | Buffer)[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const FF = bytes('a', [0xff], '.txt');
const FE = bytes('a', [0xfe], '.txt');
const FFFD = bytes('a\uFFFD.txt');
// Each file repeats its own line: under --scope file each loses exactly that repeat.
const TEXT = new Map([
  [FF, 'ff\nshared\nff\n'],
  [FE, 'fe\nshared\nfe\n'],
  [FFFD, 'fffd\nshared\nfffd\n'],
]);
const DEDUPED = new Map([
  [FF, 'ff\nshared\n'],
  [FE, 'fe\nshared\n'],
  [FFFD, 'fffd\nshared\n'],
]);

const at = (dir: string | Buffer, ...names: Buffer[]): Buffer =>
  Buffer.concat([Buffer.from(dir), ...names.map((n) => bytes('/', n))]);

/** A folder holding the three names, or a reason to skip when the file system refuses them. */
function byteTree(): { dir: string } | { skip: string } {
  const tree = newTree();
  try {
    for (const [name, text] of TEXT) fs.writeFileSync(at(tree.dir, name), text);
  } catch (error) {
    return { skip: `this file system refuses names that are not UTF-8 (${(error as Error).message})` };
  }
  if (fs.readdirSync(tree.dir, { encoding: 'buffer' }).length !== 3)
    return { skip: 'this file system folds such names' };
  return { dir: tree.dir };
}

/** The folder's names as bytes, in byte order. */
const listing = (dir: string | Buffer): Buffer[] => fs.readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare);

// spawn() takes only strings (a lone surrogate would become U+FFFD), so the shell makes the bytes.
function run(args: (string | Buffer)[], cwd: string, env: Record<string, string> = {}) {
  const octal = (arg: Buffer) => [...arg].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
  const words = args.map((_, i) => `"$(printf '${octal(Buffer.from(args[i]))}')"`);
  const result = spawnSync('/bin/sh', ['-c', `exec "$0" "$1" ${words.join(' ')}`, process.execPath, BIN], {
    cwd,
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

test('three names alike but for their bytes: each read, deduplicated alone, written under its own bytes', (t) => {
  const tree = byteTree();
  if ('skip' in tree) return t.skip(tree.skip);
  const out = newTree();
  const r = run(['.', '--scope', 'file', '--out-dir', out.dir, '--report', 'json'], tree.dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(listing(out.dir), [...TEXT.keys()].sort(Buffer.compare));
  for (const [name, text] of DEDUPED) assert.equal(fs.readFileSync(at(out.dir, name), 'utf8'), text);

  // JSON: `path` readable (U+FFFD), `pathBase64` the exact bytes, only for the names that need it.
  const files = r.stdout
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((e) => e.type === 'file');
  assert.equal(files.length, 3);
  for (const f of files) assert.equal(f.path, 'a\uFFFD.txt');
  const exact = files.map((f) => (f.pathBase64 === undefined ? FFFD : Buffer.from(f.pathBase64 as string, 'base64')));
  assert.deepEqual(exact, [FFFD, FE, FF], 'byte order; the valid name has no pathBase64');
  assert.equal(files.filter((f) => f.duplicates === 1).length, 3);
});

test('--in-place rewrites each of the three, with backups under the original bytes', (t) => {
  const tree = byteTree();
  if ('skip' in tree) return t.skip(tree.skip);
  const r = run(['.', '--scope', 'file', '--in-place', '--backup', '.orig'], tree.dir);
  assert.equal(r.code, 0, r.stderr);
  const names = [...TEXT.keys()];
  const backups = names.map((n) => bytes(n, '.orig'));
  assert.deepEqual(listing(tree.dir), [...names, ...backups].sort(Buffer.compare));
  for (const [name, text] of DEDUPED) assert.equal(fs.readFileSync(at(tree.dir, name), 'utf8'), text);
  for (const [name, text] of TEXT) assert.equal(fs.readFileSync(at(tree.dir, bytes(name, '.orig')), 'utf8'), text);
});

test('an operand with such bytes names that file; messages show \\xNN, never U+FFFD', (t) => {
  const tree = byteTree();
  if ('skip' in tree) return t.skip(tree.skip);
  const named = run([FE], tree.dir);
  assert.equal(named.code, 0, named.stderr);
  assert.equal(named.stdout.toString('utf8'), DEDUPED.get(FE));
  // A glob finds the three names too.
  const globbed = run(['a*.txt', '--scope', 'file', '--report', 'json', '-o', '/dev/null'], tree.dir);
  assert.equal(globbed.code, 0, globbed.stderr);
  assert.equal((globbed.stdout.toString().match(/"type":"file"/g) ?? []).length, 3);
  const missing = run([bytes('b', [0xff], '.txt'), FF, '--out-dir', bytes('out', [0xfd])], tree.dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^dedupe: b\\xff\.txt: no such file or directory$/m);
  assert.ok(!missing.stderr.includes('\uFFFD'), missing.stderr);
  assert.equal(fs.readFileSync(at(tree.dir, bytes('out', [0xfd]), FF), 'utf8'), DEDUPED.get(FF));
});

test('the diff report quotes the bytes in octal, and patch -p1 applies it to the right files', (t) => {
  const tree = byteTree();
  if ('skip' in tree) return t.skip(tree.skip);
  if (!hasPatch) return t.skip('GNU patch is not installed here; this test applies the diff report with it');
  const r = run(['.', '--scope', 'file', '--report', 'diff', '-o', '/dev/null'], tree.dir);
  assert.equal(r.code, 0, r.stderr);
  const diff = r.stdout.toString('utf8');
  assert.match(diff, /^--- "a\/a\\377\.txt"\t$/m);
  assert.match(diff, /^\+\+\+ "b\/a\\376\.txt"\t$/m);
  assert.match(diff, /duplicate of "a\\377\.txt":1/);
  const patched = spawnSync('patch', ['-p1', '--batch'], { cwd: tree.dir, input: r.stdout });
  assert.equal(patched.status, 0, patched.stderr.toString());
  for (const [name, text] of DEDUPED) assert.equal(fs.readFileSync(at(tree.dir, name), 'utf8'), text);
});

test('the index records each name by its bytes: a rerun knows all three apart', (t) => {
  const tree = byteTree();
  if ('skip' in tree) return t.skip(tree.skip);
  const index = join(newTree().dir, 'corpus.idx');
  const first = run(['.', '--out-dir', join(tree.dir, '.out'), '--index', index], tree.dir);
  assert.equal(first.code, 0, first.stderr);
  const again = run(['.', '--out-dir', join(tree.dir, '.out'), '--index', index], tree.dir);
  assert.equal(again.code, 0, again.stderr);
  for (const shown of ['a\uFFFD.txt', 'a\\xfe.txt', 'a\\xff.txt'])
    assert.ok(again.stderr.includes(`dedupe: ${shown}: already in the index`), again.stderr);
});

test('a folder with such bytes is mirrored by --out-dir and by the scale-out phases alike', (t) => {
  const tree = byteTree();
  if ('skip' in tree) return t.skip(tree.skip);
  const sub = bytes('d', [0xff]);
  fs.mkdirSync(at(tree.dir, sub));
  fs.writeFileSync(at(tree.dir, sub, FE), 'sub\nsub\nff\n');
  const outs = newTree().dir;
  const oneDir = at(outs, bytes('one', [0xfd]));
  const scaleDir = at(outs, bytes('scale', [0xfd]));
  const one = run(['.', '--out-dir', oneDir], tree.dir);
  assert.equal(one.code, 0, one.stderr);
  const work = join(outs, 'work');
  assert.equal(run(['plan', '.', '--work', work], tree.dir).code, 0);
  for (const phase of ['map', 'reduce', 'apply']) {
    const tasks = Number(run(['tasks', '--work', work, phase], tree.dir).stdout.toString());
    for (let i = 0; i < tasks; i++) {
      const extra = phase === 'apply' ? ['--out-dir', scaleDir] : [];
      const r = run([phase, '--work', work, '--task', String(i), ...extra], tree.dir);
      assert.equal(r.code, 0, r.stderr);
    }
  }
  assert.deepEqual(listing(at(oneDir, sub)), [FE]);
  assert.equal(fs.readFileSync(at(oneDir, sub, FE), 'utf8'), 'sub\n');
  for (const name of [...TEXT.keys(), bytes(sub, '/', FE)])
    assert.deepEqual(fs.readFileSync(at(scaleDir, name)), fs.readFileSync(at(oneDir, name)));
});

test('near mode, restarted with huge pages where the host allows, keeps the operand bytes', (t) => {
  const tree = byteTree();
  if ('skip' in tree) return t.skip(tree.skip);
  const restarts = planHugePages(['--near'], currentHost).kind === 'restart';
  t.diagnostic(restarts ? 'this host restarts near runs: the bytes cross the restart' : 'no restart on this host');
  const r = run(['--near', FF, '--report', 'json', '-o', '/dev/null'], tree.dir);
  assert.equal(r.code, 0, r.stderr);
  const file = r.stdout
    .toString()
    .split('\n')
    .find((line) => line.includes('"type":"file"'));
  assert.ok(file, r.stdout.toString());
  assert.equal((JSON.parse(file) as { pathBase64?: string }).pathBase64, FF.toString('base64'));
});
