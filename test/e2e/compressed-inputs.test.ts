// Issue 18 item 1 through the real binary: gzip (one or several members) and zstd (one or several
// frames) inputs, told by their magic bytes, give exactly the output of the same text uncompressed,
// whatever their names, from files, folders, globs and standard input, under every keep policy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBin, treeFactory } from '../helpers/cli.js';
import { gzip, zstdFrame } from '../helpers/compress.js';

const tree = treeFactory();

// Arabic and Latin lines, a CRLF line, spelling variants the key folds, and no final line break.
const TEXT = 'سطر أول\nline two\r\nسطر اول\nline two\r\n\nثالث\n\nline two\nسطر أول\n\nثالث\n\nآخر بلا نهاية';
const half = TEXT.length >> 1;

const FORMS: Record<string, Buffer> = {
  'plain.txt': Buffer.from(TEXT),
  'one.txt.gz': gzip(TEXT),
  'members.txt.gz': Buffer.concat([gzip(TEXT.slice(0, half)), gzip(TEXT.slice(half))]),
  'one.txt.zst': zstdFrame(TEXT),
  'frames.txt.zst': Buffer.concat([zstdFrame(TEXT.slice(0, half)), zstdFrame(TEXT.slice(half))]),
  // Named for nothing: the content decides.
  'misnamed.txt': gzip(TEXT),
};

async function out(args: string[], cwd: string, input?: Buffer): Promise<Buffer> {
  const r = await runBin(args, { cwd, input });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('gzip, multi-member gzip, zstd and multi-frame zstd inputs give the plain text output, byte for byte', async () => {
  const t = tree(FORMS);
  for (const flags of [[], ['--unit', 'paragraph'], ['--keep', 'last'], ['--keep', 'none'], ['--key', 'exact']]) {
    const expected = await out([...flags, 'plain.txt'], t.dir);
    assert.ok(expected.length > 0 && expected.length < Buffer.byteLength(TEXT));
    for (const name of Object.keys(FORMS)) {
      assert.deepEqual(await out([...flags, name], t.dir), expected, `${flags.join(' ')} ${name}`);
    }
  }
});

test('compressed data on standard input is read too, with --keep last (spooled, read twice) as well', async () => {
  const t = tree(FORMS);
  for (const flags of [[], ['--keep', 'last']]) {
    const expected = await out([...flags, 'plain.txt'], t.dir);
    for (const name of ['members.txt.gz', 'frames.txt.zst']) {
      assert.deepEqual(await out(flags, t.dir, FORMS[name]), expected, `${flags.join(' ')} < ${name}`);
    }
  }
});

test('folders and globs read compressed files among plain ones, in one global scope', async () => {
  const plain = tree({ 'd/a.txt': 'x\ny\n', 'd/b.txt': 'y\nz\n', 'd/c.txt': 'z\nw\nx\n' });
  const mixed = tree({ 'd/a.txt': 'x\ny\n', 'd/b.txt.gz': gzip('y\nz\n'), 'd/c.txt.zst': zstdFrame('z\nw\nx\n') });
  const expected = await out(['d'], plain.dir);
  assert.equal(expected.toString(), 'x\ny\nz\nw\n');
  assert.deepEqual(await out(['d'], mixed.dir), expected);
  assert.deepEqual(await out(['d/*'], mixed.dir), expected);
});

test('--near finds near copies across compressed inputs as it does in plain ones', async () => {
  const para = (n: string): string =>
    `هذا نص طويل بما يكفي ليقارن قرب الفقرات بعضها من بعض في الملفات المضغوطة ${n} والعادية على حد سواء\n\n`;
  const a = para('واحد') + para('اثنان');
  const b = para('واحد.') + para('ثلاثة');
  const plain = tree({ 'a.txt': a, 'b.txt': b });
  const packed = tree({ 'a.txt': gzip(a), 'b.txt': zstdFrame(b) });
  const flags = ['--unit', 'paragraph', '--near'];
  const expected = await out([...flags, 'a.txt', 'b.txt'], plain.dir);
  assert.ok(expected.length < Buffer.byteLength(a + b), 'the near copy is removed');
  assert.deepEqual(await out([...flags, 'a.txt', 'b.txt'], packed.dir), expected);
});

test('a gzip file whose text is binary is named as such and skipped like any binary file', async () => {
  const t = tree({ 'd/a.txt': 'x\n', 'd/bin.gz': gzip(Buffer.from('abc\0def\n')) });
  const r = await runBin(['d'], { cwd: t.dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'x\n');
  assert.equal(r.stderr, 'dedupe: d/bin.gz: binary file skipped (NUL byte at offset 3, inside gzip)\n');
});

test('several large gzip files in a row (each read ahead in chunks, and read twice under keep first)', async () => {
  // Text that hardly compresses: each file's gzip is several of the reader's chunks.
  let state = 7;
  const noise = (lines: number): string => {
    let s = '';
    for (let i = 0; i < lines; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      s += `${state.toString(36)} ${(state >>> 7).toString(36)} ${i % 500}\n`;
    }
    return s;
  };
  const texts = [noise(60000), noise(60000), noise(60000)];
  const plain = tree({ 'a.txt': texts[0], 'b.txt': texts[1], 'c.txt': texts[2] });
  const packed = tree({ 'a.txt': gzip(texts[0], 1), 'b.txt': gzip(texts[1], 1), 'c.txt': zstdFrame(texts[2]) });
  assert.ok(gzip(texts[0], 1).length > 2 * 256 * 1024);
  const names = ['a.txt', 'b.txt', 'c.txt'];
  assert.deepEqual(await out(names, packed.dir), await out(names, plain.dir));
});
