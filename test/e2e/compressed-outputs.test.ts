// Issue 18 item 1 through the real binary: kept text goes back in each input's own compression
// (--out-dir, --in-place, the scale-out phases), -o compresses only when its name asks, a damaged
// or cut-off compressed file fails alone with nothing written for it, and --index records the
// digest of a compressed input as stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBin, runInProcess, treeFactory } from '../helpers/cli.js';
import { GZIP_MAGIC, ZSTD_MAGIC, gzip, textOf, zstdFrame } from '../helpers/compress.js';
import { runPhases } from '../helpers/scale.js';

const tree = treeFactory();

const A = 'one\ntwo\none\nthree\n';
const B = 'two\nfour\nfour\nfive\n';
const C = 'five\nsix\none\n';

function magicOf(path: string): string {
  const head = readFileSync(path).subarray(0, 4);
  return head.subarray(0, 2).equals(GZIP_MAGIC) ? 'gzip' : head.equals(ZSTD_MAGIC) ? 'zstd' : 'plain';
}

test('--out-dir writes each file back in its own compression, with the plain run’s text', async () => {
  const plain = tree({ 'in/a.txt': A, 'in/b.txt': B, 'in/c.txt': C });
  const packed = tree({ 'in/a.txt.gz': gzip(A), 'in/b.txt.zst': zstdFrame(B), 'in/c.txt': C });
  for (const keep of ['first', 'last']) {
    const p = await runBin(['--keep', keep, '--out-dir', `out-${keep}`, 'in'], { cwd: plain.dir });
    assert.equal(p.code, 0, p.stderr);
    const r = await runBin(['--keep', keep, '--out-dir', `out-${keep}`, 'in'], { cwd: packed.dir });
    assert.equal(r.code, 0, r.stderr);
    const out = (name: string): string => packed.path(join(`out-${keep}`, name));
    assert.equal(magicOf(out('a.txt.gz')), 'gzip');
    assert.equal(magicOf(out('b.txt.zst')), 'zstd');
    assert.equal(magicOf(out('c.txt')), 'plain');
    for (const [name, plainName] of [
      ['a.txt.gz', 'a.txt'],
      ['b.txt.zst', 'b.txt'],
      ['c.txt', 'c.txt'],
    ]) {
      const expected = readFileSync(plain.path(join(`out-${keep}`, plainName)));
      assert.deepEqual(textOf(readFileSync(out(name))), expected, `--keep ${keep} ${name}`);
    }
  }
});

test('--in-place rewrites a .gz as gzip; a .zst with nothing removed keeps its bytes', async () => {
  const zst = zstdFrame('six\nseven\n');
  const t = tree({ 'a.txt.gz': gzip(A), 'b.zst': zst });
  const r = await runBin(['--in-place', 'a.txt.gz', 'b.zst'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(magicOf(t.path('a.txt.gz')), 'gzip');
  assert.equal(textOf(readFileSync(t.path('a.txt.gz'))).toString(), 'one\ntwo\nthree\n');
  assert.deepEqual(readFileSync(t.path('b.zst')), zst);
});

test('-o NAME.gz and -o NAME.zst compress; stdout and any other -o name are plain text', async () => {
  const t = tree({ 'a.txt.gz': gzip(A), 'b.txt.zst': zstdFrame(B) });
  const expected = 'one\ntwo\nthree\nfour\nfive\n';
  const stdout = await runBin(['a.txt.gz', 'b.txt.zst'], { cwd: t.dir });
  assert.equal(stdout.stdout.toString(), expected);
  for (const [name, kind] of [
    ['out.gz', 'gzip'],
    ['out.txt.zst', 'zstd'],
    ['out.txt', 'plain'],
  ]) {
    const r = await runBin(['-o', name, 'a.txt.gz', 'b.txt.zst'], { cwd: t.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(magicOf(t.path(name)), kind, name);
    assert.equal(textOf(readFileSync(t.path(name))).toString(), expected, name);
  }
});

test('a corrupt and a cut-off .gz fail alone (exit 2, nothing written for them); their lines remove nothing', async () => {
  const whole = gzip('kept\n'.repeat(2000) + 'only-in-c\n');
  const t = tree({
    'in/a.txt': 'a\n',
    'in/b.gz': Buffer.concat([gzip('b\n').subarray(0, 10), Buffer.from('not deflate data at all')]),
    'in/c.gz': whole.subarray(0, whole.length - 12),
    'in/d.txt': 'kept\nd\n',
  });
  const r = await runBin(['--out-dir', 'out', 'in'], { cwd: t.dir });
  assert.equal(r.code, 2);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines[0], /^dedupe: in\/b\.gz: corrupt gzip data \(/);
  assert.equal(lines[1], 'dedupe: in/c.gz: gzip data ends in the middle of its compressed data (truncated?)');
  assert.match(lines[2], /^dedupe: 2 files read, .* 2 failed;/);
  assert.throws(() => statSync(t.path('out/b.gz')));
  assert.throws(() => statSync(t.path('out/c.gz')));
  assert.equal(readFileSync(t.path('out/a.txt'), 'utf8'), 'a\n');
  // c.gz's readable lines were never claimed: d.txt keeps its copy of "kept".
  assert.equal(readFileSync(t.path('out/d.txt'), 'utf8'), 'kept\nd\n');
  const stdout = await runBin(['in'], { cwd: t.dir });
  assert.equal(stdout.code, 2);
  assert.equal(stdout.stdout.toString(), 'a\nkept\nd\n');
});

test('--index with a .gz: its digest is of the file as stored; the same text recompressed is a changed file', async () => {
  const t = tree({ 'day1.txt.gz': gzip(A), 'day2.txt.zst': zstdFrame(B) });
  const idx = t.path('c.idx');
  const first = await runBin(['--index', idx, '--out-dir', 'out', 'day1.txt.gz'], { cwd: t.dir });
  assert.equal(first.code, 0, first.stderr);
  const second = await runBin(['--index', idx, '--out-dir', 'out', 'day2.txt.zst'], { cwd: t.dir });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(textOf(readFileSync(t.path('out/day2.txt.zst'))).toString(), 'four\nfive\n');
  const again = await runBin(['--index', idx, 'day1.txt.gz'], { cwd: t.dir });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /day1\.txt\.gz: already committed to the index by an earlier run/);
  // Level 1 instead of 6: other bytes as stored, the same text.
  writeFileSync(t.path('day1.txt.gz'), gzip(A, 1));
  const changed = await runBin(['--index', idx, 'day1.txt.gz'], { cwd: t.dir });
  assert.equal(changed.code, 2);
  assert.match(changed.stderr, /day1\.txt\.gz: changed since an earlier run committed it to the index/);
});

test('the scale-out phases write each file back in its compression, as the one-process run does', async () => {
  const t = tree({ 'in/a.txt.gz': gzip(A), 'in/b.txt.zst': zstdFrame(B), 'in/c.txt': C });
  const one = await runBin(['--out-dir', 'one', 'in'], { cwd: t.dir });
  assert.equal(one.code, 0, one.stderr);
  const work = t.path('work');
  const plan = await runInProcess(['plan', t.path('in'), '--work', work, '--files-per-task', '1', '--quiet']);
  assert.equal(plan.code, 0, plan.stderr);
  await runPhases(work, t.path('phased'), 'one-worker');
  for (const name of ['a.txt.gz', 'b.txt.zst', 'c.txt']) {
    const phased = t.path(join('phased', name));
    assert.equal(magicOf(phased), magicOf(t.path(join('in', name))), name);
    assert.deepEqual(textOf(readFileSync(phased)), textOf(readFileSync(t.path(join('one', name)))), name);
  }
});
