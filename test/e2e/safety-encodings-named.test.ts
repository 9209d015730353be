// Issue 15, item 8, through the real binary: a binary input the user named (an operand, or
// standard input) produces nothing, so it fails the run with one line saying what it is (a
// compressed one, how to read it today); binary files a folder walk or a glob finds keep the warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { runBin, treeFactory } from '../helpers/cli.js';

const tree = treeFactory();
const gz = gzipSync('a\na\nb\n');

test('dedupe z.gz: exit 2, nothing on stdout, one line saying it is gzip-compressed and how to read it', async () => {
  const t = tree({ 'z.gz': gz });
  const r = await runBin(['z.gz'], { cwd: t.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout.length, 0);
  assert.equal(
    r.stderr,
    'dedupe: z.gz: gzip-compressed, not read: compressed input is not supported; decompress it first (zcat z.gz | dedupe)\n',
  );
});

test('a named gzip file among other inputs: the others are still written, the run exits 2', async () => {
  const t = tree({ 'a.txt': 'x\ny\nx\n', 'day 2.gz': gz, 'b.txt': 'y\nz\n' });
  const r = await runBin(['a.txt', 'day 2.gz', 'b.txt'], { cwd: t.dir });
  assert.equal(r.code, 2);
  assert.equal(r.stdout.toString(), 'x\ny\nz\n');
  assert.equal(
    r.stderr,
    "dedupe: day 2.gz: gzip-compressed, not read: compressed input is not supported; decompress it first (zcat 'day 2.gz' | dedupe)\n",
  );
});

test('named bzip2, xz and zstd files name their compression; other named binary files fail too', async () => {
  const t = tree({
    'f.bz2': Buffer.from('BZh91AY&SY'),
    'f.xz': Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]),
    'f.zst': Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x00]),
    'image.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x74, 0x0a]),
    'nul.dat': Buffer.from('abc\0def\n'),
  });
  const expected: Record<string, RegExp> = {
    'f.bz2': /^dedupe: f\.bz2: bzip2-compressed, not read: .*\(bzcat f\.bz2 \| dedupe\)$/,
    'f.xz': /^dedupe: f\.xz: xz-compressed, not read: .*\(xzcat f\.xz \| dedupe\)$/,
    'f.zst': /^dedupe: f\.zst: zstd-compressed, not read: .*\(zstdcat f\.zst \| dedupe\)$/,
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

test('gzip data on standard input fails too, with --keep last (two passes) as well', async () => {
  for (const extra of [[], ['--keep', 'last']]) {
    const r = await runBin(extra, { input: gz });
    assert.equal(r.code, 2, extra.join(' '));
    assert.equal(r.stdout.length, 0);
    assert.equal(
      r.stderr,
      'dedupe: standard input: gzip-compressed, not read: compressed input is not supported; decompress it first (zcat FILE | dedupe)\n',
    );
  }
});

test('binary files found by a folder walk or a glob keep the warning and exit 0', async () => {
  const t = tree({ 'd/a.txt': 'x\nx\n', 'd/z.gz': gz, 'd/y.gz': gz });
  const walked = await runBin(['d'], { cwd: t.dir });
  assert.equal(walked.code, 0, walked.stderr);
  assert.equal(walked.stdout.toString(), 'x\n');
  assert.equal(
    walked.stderr,
    'dedupe: d/y.gz: binary file skipped (gzip-compressed)\ndedupe: d/z.gz: binary file skipped (gzip-compressed)\n',
  );
  const globbed = await runBin(['d/*'], { cwd: t.dir });
  assert.equal(globbed.code, 0, globbed.stderr);
  assert.equal(globbed.stdout.toString(), 'x\n');
  assert.match(globbed.stderr, /z\.gz: binary file skipped \(gzip-compressed\)\n/);
});

test('--encoding makes a named file with NUL bytes text: forced, it is read and not refused', async () => {
  const t = tree({ 'nul.dat': Buffer.from('a\0\nb\na\0\n') });
  const r = await runBin(['nul.dat', '--encoding', 'utf-8'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout, Buffer.from('a\0\nb\n'));
});
