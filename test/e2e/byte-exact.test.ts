// Byte-exact output through the real binary: line endings, BOM, final newline, invalid UTF-8,
// trailing spaces and blank lines come out exactly as they went in, minus the removed units.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runBin, tempTree } from '../helpers/cli.js';

const tree = tempTree();
after(() => tree.cleanup());

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
async function dedupe(input: Buffer | string, ...args: string[]): Promise<Buffer> {
  const r = await runBin(args, { input: typeof input === 'string' ? b(input) : input });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout;
}

test('mixed LF, CRLF and lone CR: each kept line keeps its own terminator', async () => {
  const out = await dedupe('a\r\nb\nc\ra\nb\r\nd\r', '--key', 'exact');
  assert.deepEqual(out, b('a\r\nb\nc\rd\r'));
});

test('CR is never part of the key, also at the very end of the input', async () => {
  assert.deepEqual(await dedupe('x\ny\r\nx\r'), b('x\ny\r\n'));
});

test('a UTF-8 BOM is kept even when the first line is a repeat, and is not part of the key', async () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const first = tree.path('first.txt');
  const second = tree.path('second.txt');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(first, 'hello\n');
  writeFileSync(second, Buffer.concat([bom, b('hello\nworld\n')]));
  const r = await runBin(['--key', 'exact', first, second]);
  assert.equal(r.code, 0);
  assert.deepEqual(r.stdout, Buffer.concat([b('hello\n'), bom, b('world\n')]));
  // Inside one file the BOM'd first line and a plain later copy are the same line.
  assert.deepEqual(await dedupe(Buffer.concat([bom, b('x\nx\n')]), '--key', 'exact'), Buffer.concat([bom, b('x\n')]));
});

test('no final newline: kept as missing when the last unit is kept', async () => {
  assert.deepEqual(await dedupe('a\nb\na\nc'), b('a\nb\nc'));
});

test('no final newline: when the last unit is removed, the output ends after the previous line', async () => {
  assert.deepEqual(await dedupe('a\nb\na'), b('a\nb\n'));
});

test('invalid UTF-8 bytes are preserved and never merged with other invalid bytes, with one warning', async () => {
  const input = Buffer.from([0x61, 0xff, 0x0a, 0x61, 0xfe, 0x0a, 0x61, 0xff, 0x0a, 0xc3, 0x28, 0x0a]);
  const r = await runBin([], { input });
  assert.equal(r.code, 0);
  assert.deepEqual(r.stdout, Buffer.from([0x61, 0xff, 0x0a, 0x61, 0xfe, 0x0a, 0xc3, 0x28, 0x0a]));
  assert.equal(
    r.stderr,
    'dedupe: standard input: not valid utf-8; processed byte for byte (if it is in another encoding, name it with --encoding)\n',
  );
});

test('trailing spaces are kept in the output although the key ignores them', async () => {
  assert.deepEqual(await dedupe('word  \nword\nother \t\n'), b('word  \nother \t\n'));
  assert.deepEqual(await dedupe('word  \nword\n', '--key', 'exact'), b('word  \nword\n'));
});

test('line mode: blank and whitespace-only lines are never removed', async () => {
  const input = 'a\n\n\n \u00a0\n\u200b\u200f\na\n\n \u00a0\nb\n';
  assert.deepEqual(await dedupe(input), b('a\n\n\n \u00a0\n\u200b\u200f\n\n \u00a0\nb\n'));
});

test('paragraph mode: removing a middle paragraph removes exactly one separator', async () => {
  assert.deepEqual(await dedupe('A\n\nB\n\nA\n\nC\n', '--unit', 'paragraph'), b('A\n\nB\n\nC\n'));
  // A wider separator before the next kept paragraph is the one written.
  assert.deepEqual(await dedupe('A\n\nA\n\n\n\nC\n', '--unit', 'paragraph'), b('A\n\n\n\nC\n'));
});

test('paragraph mode: removing the last paragraph leaves no trailing blank line', async () => {
  assert.deepEqual(await dedupe('A\n\nB\n\nA\n', '--unit', 'paragraph'), b('A\n\nB\n'));
  assert.deepEqual(await dedupe('A\n\nB\n\nA', '--unit', 'paragraph'), b('A\n\nB\n'));
});

test("paragraph mode: the input's own leading and trailing blank lines are kept", async () => {
  assert.deepEqual(await dedupe('\n\nA\n\nA\n\n', '--unit', 'paragraph'), b('\n\nA\n\n'));
});

test('paragraph mode: whitespace-only and invisible-only lines separate paragraphs', async () => {
  assert.deepEqual(await dedupe('A\nx\n \u00a0\nB\n\u200b\nA\nx\n', '--unit', 'paragraph'), b('A\nx\n \u00a0\nB\n'));
});

test('paragraph mode: a paragraph compares as a whole, line endings included in neither key', async () => {
  // The CRLF paragraph and the LF one are the same; the blank run written is the one before l1/l3.
  const input = 'l1\r\nl2\r\n\r\nl1\nl2\n\nl1\nl3\n';
  assert.deepEqual(await dedupe(input, '--unit', 'paragraph'), b('l1\r\nl2\r\n\nl1\nl3\n'));
});

test('paragraph mode across files: a repeated first paragraph takes the separator after it', async () => {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(tree.path('p1.txt'), 'A\n\nB\n');
  writeFileSync(tree.path('p2.txt'), 'A\n\nC\n');
  const r = await runBin(['--unit', 'paragraph', tree.path('p1.txt'), tree.path('p2.txt')]);
  assert.equal(r.code, 0);
  // p2 loses "A" and the blank line after it; between the two inputs a blank line keeps B and C
  // separate paragraphs.
  assert.deepEqual(r.stdout, b('A\n\nB\n\nC\n'));
});

test('stdin and file give identical bytes', async () => {
  const input = Buffer.concat([b('x\r\ny\n\u0623\n\u0627\n'), Buffer.from([0xff, 0x0a]), b('x\ny')]);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(tree.path('same.txt'), input);
  const fromFile = await runBin([tree.path('same.txt')]);
  const fromStdin = await runBin([], { input });
  assert.equal(fromFile.code, 0);
  assert.deepEqual(fromFile.stdout, fromStdin.stdout);
  assert.deepEqual(fromFile.stdout, Buffer.concat([b('x\r\ny\n\u0623\n'), Buffer.from([0xff, 0x0a])]));
});

test('the result does not depend on the read buffer size', async () => {
  const input = readFileSync(new URL('../../../fixtures/seed-scraped-article.txt', import.meta.url));
  const reference = await dedupe(input);
  for (const size of ['1', '7', '64', '4096']) {
    assert.deepEqual(await dedupe(input, '--buffer-size', size), reference, `buffer ${size}`);
    assert.deepEqual(
      await dedupe(input, '--unit', 'paragraph', '--buffer-size', size),
      await dedupe(input, '--unit', 'paragraph'),
    );
  }
});

test('a line longer than the read buffer many times over is handled whole', async () => {
  const long = 'ب'.repeat(3_000_000); // 6 MB on one line
  const out = await dedupe(`${long}\nx\n${long}\n`);
  assert.equal(out.length, Buffer.byteLength(`${long}\nx\n`));
});
