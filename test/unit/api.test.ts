// The library API as a consumer meets it: imported by the package's own name (self-reference
// through package.json exports), checked against the CLI's output for the same input and options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable, Writable } from 'node:stream';
import {
  comparisonKey,
  createDeduper,
  dedupeBytes,
  dedupeFiles,
  dedupeStream,
  dedupeText,
  DedupeInputError,
  DedupeOptionsError,
  type DedupeEvent,
} from 'dedupe-text';
import { FIXTURES, runInProcess, treeFactory } from '../helpers/cli.js';

const seed = readFileSync(join(FIXTURES, 'seed-scraped-article.txt'), 'utf8');
const tree = treeFactory();

test('dedupeText on the seed keeps 9 lines and removes 7, as the CLI does', async () => {
  const result = await dedupeText(seed);
  const cli = await runInProcess([], { input: seed });
  assert.equal(result.text, cli.stdout.toString('utf8'));
  assert.equal(result.text.split('\n').filter((l) => l.length > 0).length, 9);
  assert.equal(result.totals.duplicates, 7);
  assert.equal(result.removed.length, 7);
  for (const unit of result.removed) {
    assert.equal(unit.kept.kind, 'source');
    if (unit.kept.kind === 'source') assert.ok(unit.kept.line < unit.line, 'the kept copy comes first');
  }
});

test('dedupeText with options matches the CLI with the same flags (paragraph, keep last, exact)', async () => {
  const text = 'a\nb\n\nc\n\na\nb\n\nA\nB\n';
  for (const [options, flags] of [
    [{ unit: 'paragraph' as const }, ['--unit', 'paragraph']],
    [{ unit: 'paragraph' as const, keep: 'last' as const }, ['--unit', 'paragraph', '--keep', 'last']],
    [{ key: 'aggressive', keep: 'none' as const }, ['--key', 'aggressive', '--keep', 'none']],
  ] as const) {
    const result = await dedupeText(text, options);
    const cli = await runInProcess([...flags], { input: text });
    assert.equal(result.text, cli.stdout.toString('utf8'), JSON.stringify(options));
  }
});

test('keep none: a removed unit says no copy stays', async () => {
  const result = await dedupeText('x\ny\nx\n', { keep: 'none' });
  assert.equal(result.text, 'y\n');
  assert.deepEqual(
    result.removed.map((u) => u.kept.kind),
    ['none', 'none'],
  );
});

test('dedupeBytes is byte-exact for UTF-16 with a BOM', async () => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('سلام\r\nعليكم\r\nسلام\r\n', 'utf16le')]);
  const result = await dedupeBytes(utf16);
  assert.deepEqual(
    Buffer.from(result.bytes),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('سلام\r\nعليكم\r\n', 'utf16le')]),
  );
  assert.equal(result.totals.duplicates, 1);
});

test('dedupeBytes rejects bytes the CLI would skip as binary, with a typed error', async () => {
  await assert.rejects(dedupeBytes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])), DedupeInputError);
});

test('options are validated by the CLI rules and fail with DedupeOptionsError', async () => {
  await assert.rejects(dedupeText('a', { unit: 'sentence' as never }), DedupeOptionsError);
  await assert.rejects(dedupeText('a', { minChars: -1 }), /--min-chars/);
  await assert.rejects(dedupeText('a', { nearThreshold: 0.7 }), /goes with --near/);
  assert.throws(() => comparisonKey('a', { key: 'nope' }), DedupeOptionsError);
});

test('comparisonKey folds as dedupe key does', async () => {
  assert.equal(comparisonKey('أحمـــد'), comparisonKey('احمد'));
  assert.notEqual(comparisonKey('أحمد', { key: 'exact' }), comparisonKey('احمد', { key: 'exact' }));
  const cli = await runInProcess(['key'], { input: 'أحمـــد\n' });
  assert.equal(cli.stdout.toString('utf8'), `${comparisonKey('أحمـــد')}\n`);
});

test('createDeduper: isNew answers by the key, with no cap', async () => {
  const deduper = await createDeduper();
  assert.equal(deduper.isNew('إحمد'), true);
  assert.equal(deduper.isNew('احمد'), false);
  assert.equal(deduper.isNew(Buffer.from('احمد')), false);
  for (let i = 0; i < 20_000; i++) assert.equal(deduper.isNew(`unit ${i}`), true);
  assert.equal(deduper.isNew('unit 19999'), false);
  assert.equal(deduper.size, 20_001);
});

test('dedupeStream in a pipeline gives the CLI output, chunked at any boundary', async () => {
  const bytes = Buffer.from(seed.repeat(3), 'utf8');
  const got: Buffer[] = [];
  const chunks = [] as Buffer[];
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
  await pipeline(
    Readable.from(chunks),
    dedupeStream(),
    new Writable({
      write(c: Buffer, _e, done) {
        got.push(c);
        done();
      },
    }),
  );
  const cli = await runInProcess([], { input: bytes });
  assert.deepEqual(Buffer.concat(got), cli.stdout);
});

test('dedupeStream fails the pipeline on binary input', async () => {
  await assert.rejects(
    pipeline(
      Readable.from([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0])]),
      dedupeStream(),
      new Writable({
        write(_c, _e, done) {
          done();
        },
      }),
    ),
    DedupeInputError,
  );
});

test('dedupeFiles mirrors a folder like --out-dir and reports typed events', async () => {
  const t = tree({ 'in/a.txt': 'one\ntwo\none\n', 'in/b.txt': 'two\nthree\n', 'in/c.bin': Buffer.from([0, 1, 2]) });
  const events: DedupeEvent[] = [];
  const result = await dedupeFiles([t.path('in')], {
    output: { kind: 'out-dir', dir: t.path('out') },
    onEvent: (e) => events.push(e),
  });
  assert.equal(readFileSync(t.path('out/a.txt'), 'utf8'), 'one\ntwo\n');
  assert.equal(readFileSync(t.path('out/b.txt'), 'utf8'), 'three\n');
  assert.equal(result.totals.duplicates, 2);
  assert.equal(result.ok, true);
  const removed = events.filter((e): e is Extract<DedupeEvent, { kind: 'removed' }> => e.kind === 'removed');
  assert.deepEqual(
    removed.map((e) => [e.unit.path.endsWith('a.txt'), e.unit.line, e.unit.kept.kind]),
    [
      [true, 3, 'source'],
      [false, 1, 'source'],
    ],
  );
  assert.ok(
    events.some((e) => e.kind === 'warning' && e.path.endsWith('c.bin')),
    'the binary file is a warning event',
  );
  assert.deepEqual(events.filter((e) => e.kind === 'file-done').length, 2);
});

test('dedupeFiles reports a missing input as an error, still writes the others, and never prints', async () => {
  const t = tree({ 'a.txt': 'x\nx\n' });
  const result = await dedupeFiles([t.path('missing.txt'), t.path('a.txt')], {
    output: { kind: 'file', path: t.path('o.txt') },
  });
  assert.equal(result.ok, false);
  assert.equal(result.errors.length, 1);
  assert.match(result.errors[0].message, /no such file/);
  assert.equal(readFileSync(t.path('o.txt'), 'utf8'), 'x\n');
});

test('concurrent calls are independent: twenty dedupeFiles and dedupeText runs at once give each its own result', async () => {
  const files: Record<string, string> = {};
  const expected: string[] = [];
  for (let i = 0; i < 20; i++) {
    // Past the 64 KiB head each source's sniffing reads, so the runs' reads interleave.
    files[`f${i}.txt`] =
      Array.from({ length: 8000 }, (_, j) => `file ${i} line ${j % 6000} with some padding`).join('\n') + '\n';
    expected.push(Array.from({ length: 6000 }, (_, j) => `file ${i} line ${j} with some padding`).join('\n') + '\n');
  }
  const t = tree(files);
  const runs = expected.map((_, i) =>
    dedupeFiles([t.path(`f${i}.txt`)], { output: { kind: 'file', path: t.path(`o${i}.txt`) } }),
  );
  const texts = await Promise.all(expected.map((_, i) => dedupeText(files[`f${i}.txt`])));
  await Promise.all(runs);
  expected.forEach((text, i) => {
    assert.equal(readFileSync(t.path(`o${i}.txt`), 'utf8'), text, `file ${i}`);
    assert.equal(texts[i].text, text, `text ${i}`);
  });
});
