// Property-style check of the scale-out phases against the one-process run, in-process and fast:
// random corpora (cross-file repeats, Arabic variants, CRLF and lone CR, BOM, UTF-16, a binary
// file, empty keys, no final newline) under random options and random partitions (tasks, shards,
// map parts of a few records). The --out-dir trees must be equal byte for byte, every time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runInProcess, treeFactory } from '../helpers/cli.js';
import { generateCorpus, prng, readTreeBytes } from '../helpers/scale.js';

const tree = treeFactory();

async function must(args: string[]): Promise<void> {
  const r = await runInProcess(args);
  assert.equal(r.code, 0, `dedupe ${args.join(' ')}: ${r.stderr}`);
}

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

test('random corpora, options and partitions: phases = one process, byte for byte', async () => {
  for (let seed = 1; seed <= 14; seed++) {
    const rand = prng(seed * 7919);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const paragraphs = rand() < 0.3;
    const files: Record<string, string | Uint8Array> = generateCorpus({
      files: 2 + Math.floor(rand() * 6),
      units: 5 + Math.floor(rand() * 30),
      pool: 4 + Math.floor(rand() * 20),
      seed,
      paragraphs,
    });
    files['corpus/cr.txt'] = 'احمد\rأحمد\rnew\r\rاحمد';
    files['corpus/utf16.txt'] = utf16('الكتاب\r\nnews\r\nالكتاب\r\nيوم\r\n');
    files['corpus/zz.bin'] = Buffer.from([1, 2, 0, 3, 10, 0]);
    const options = [
      ...(paragraphs ? ['--unit', 'paragraph'] : []),
      ...pick([[], [], ['--scope', 'file']]),
      ...pick([[], [], ['--key', 'exact'], ['--no-fold', 'alef']]),
      ...pick([[], [], ['--min-chars', '6'], ['--min-words', '2']]),
    ];
    const t = tree(files);
    const corpus = join(t.dir, 'corpus');
    const plain = await runInProcess([corpus, '--out-dir', t.path('plain'), '--quiet', ...options]);
    assert.equal(plain.code, 0, plain.stderr);
    const work = t.path('work');
    await must([
      'plan',
      corpus,
      '--work',
      work,
      '--files-per-task',
      String(1 + Math.floor(rand() * 4)),
      '--shards',
      String(1 + Math.floor(rand() * 6)),
      '--quiet',
      ...options,
    ]);
    const counts = (await import('../helpers/scale.js')).taskCount;
    const partRecords = String(1 + Math.floor(rand() * 9));
    for (let i = 0; i < counts(work, 'map'); i++)
      await must(['map', '--work', work, '--task', String(i), '--part-records', partRecords]);
    for (let i = 0; i < counts(work, 'reduce'); i++) await must(['reduce', '--work', work, '--task', String(i)]);
    for (let i = 0; i < counts(work, 'apply'); i++)
      await must(['apply', '--work', work, '--task', String(i), '--out-dir', t.path('phased')]);
    await must(['commit', '--work', work]);
    const expected = readTreeBytes(t.path('plain'));
    assert.ok(!('zz.bin' in expected), 'the binary file is skipped');
    assert.deepEqual(readTreeBytes(t.path('phased')), expected, `seed ${seed}, options ${options.join(' ')}`);
  }
});
