// Issue 15, item 8, through the real binary: a binary input the user named (an operand, or
// standard input) produces nothing, so it fails the run with one line saying what it is (a
// compression dedupe does not read, how to read it today); binary files a folder walk or a glob
// finds keep the warning. gzip and zstd are read (issue 18): test/e2e/compressed-*.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const bz2 = Buffer.from('BZh91AY&SY');

test('dedupe z.bz2: exit 2, nothing on stdout, one line saying it is bzip2-compressed and how to read it', async () => {
  const t = tree({ 'z.bz2': bz2 });
  const r = await runBin(['z.bz2'], { cwd: t.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout.length, 0);
  assert.equal(
    r.stderr,
    'dedupe: z.bz2: bzip2-compressed, not read: only gzip and zstd are read; decompress it first (bzcat z.bz2 | dedupe)\n',
  );
});

test('a named bzip2 file among other inputs: the others are still written, the run exits 2', async () => {
  const t = tree({ 'a.txt': 'x\ny\nx\n', 'day 2.bz2': bz2, 'b.txt': 'y\nz\n' });
  const r = await runBin(['a.txt', 'day 2.bz2', 'b.txt'], { cwd: t.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout.toString(), 'x\ny\nz\n');
  assert.equal(
    r.stderr,
    "dedupe: day 2.bz2: bzip2-compressed, not read: only gzip and zstd are read; decompress it first (bzcat 'day 2.bz2' | dedupe)\n",
  );
});

test('named bzip2 and xz files name their compression; other named binary files fail too', async () => {
  const t = tree({
    'f.bz2': bz2,
    'f.xz': Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]),
    'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x74, 0x0a]),
    'nul.dat': Buffer.from('abc\0def\n'),
  });
  const expected: Record<string, RegExp> = {
    'f.bz2': /^dedupe: f\.bz2: bzip2-compressed, not read: .*\(bzcat f\.bz2 \| dedupe\)$/,
    'f.xz': /^dedupe: f\.xz: xz-compressed, not read: .*\(xzcat f\.xz \| dedupe\)$/,
    'image.png': /^dedupe: image\.png: binary file \(PNG image\), not read$/,
    'nul.dat':
      /^dedupe: nul\.dat: binary file \(NUL byte at offset 3\), not read; if it is text, name its encoding with --encoding$/,
  };
  for (const [name, message] of Object.entries(expected)) {
    const r = await runBin([name], { cwd: t.dir });
    assert.equal(r.code, 2, name);
    assert.equal(r.stdout.length, 0, name);
    assert.match(r.stderr, /^[^\n]*\n$/, `${name}: one line`);
    assert.match(r.stderr.trimEnd(), message);
  }
});

test('bzip2 data on standard input fails too, with --keep last (two passes) as well', async () => {
  for (const extra of [[], ['--keep', 'last']]) {
    const r = await runBin(extra, { input: bz2 });
    assert.equal(r.code, 2, extra.join(' '));
    assert.equal(r.stdout.length, 0);
    assert.equal(
      r.stderr,
      'dedupe: standard input: bzip2-compressed, not read: only gzip and zstd are read; decompress it first (bzcat FILE | dedupe)\n',
    );
  }
});

test('binary files found by a folder walk or a glob keep the warning and exit 0', async () => {
  const t = tree({ 'd/a.txt': 'x\nx\n', 'd/z.bz2': bz2, 'd/y.bz2': bz2 });
  const walked = await runBin(['d'], { cwd: t.dir });
  assert.equal(walked.code, 0, walked.stderr);
  assert.equal(walked.stdout.toString(), 'x\n');
  assert.equal(
    walked.stderr,
    'dedupe: d/y.bz2: binary file skipped (bzip2-compressed)\ndedupe: d/z.bz2: binary file skipped (bzip2-compressed)\n',
  );
  const globbed = await runBin(['d/*'], { cwd: t.dir });
  assert.equal(globbed.code, 0, globbed.stderr);
  assert.equal(globbed.stdout.toString(), 'x\n');
  assert.match(globbed.stderr, /z\.bz2: binary file skipped \(bzip2-compressed\)\n/);
});

test('--encoding makes a named file with NUL bytes text: forced, it is read and not refused', async () => {
  const t = tree({ 'nul.dat': Buffer.from('a\0\nb\na\0\n') });
  const r = await runBin(['nul.dat', '--encoding', 'utf-8'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout, Buffer.from('a\0\nb\n'));
});
