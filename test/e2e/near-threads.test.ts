// Near mode's worker makes the signatures (threads/fingerprint-worker.ts) while this thread keeps
// the index and the verdicts: the output, the report and the index must be the same bytes for 1, 2
// and 4 threads, from a file (kept paragraphs read again) and from standard input (kept ones
// copied), with and without an index (whose near records then feed the matcher's key path).
// --threads-after 0 and a small window cut many batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, runBin, treeFactory } from '../helpers/cli.js';

const newTree = treeFactory();

// The labelled pairs' paragraphs, earlier ones first, later ones (near copies or not) after, with
// some exact repeats and short lines: a corpus where near mode removes some and keeps most.
function corpus(): string {
  const pairs = readFileSync(join(FIXTURES, 'near', 'pairs.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { a: string; b: string });
  const lines: string[] = [];
  for (const p of pairs) lines.push(p.a, 'سطر قصير');
  for (const [k, p] of pairs.entries()) lines.push(p.b, ...(k % 7 === 0 ? [p.a] : []));
  return `${lines.join('\n')}\n`;
}

const THREADS = ['1', '2', '4'];
const EVERY_BATCH = ['--threads-after', '0', '--buffer-size', '4096'];

test('near mode: the same output and report for 1, 2 and 4 threads, from a file and from stdin', async () => {
  const text = corpus();
  const tree = newTree({ 'in.txt': text });
  const plain = await runBin(['--near', '--threads', '1', tree.path('in.txt')]);
  const exact = await runBin(['--threads', '1', tree.path('in.txt')]);
  // Near copies were removed beyond the exact repeats: the near path ran.
  assert.ok(plain.stdout.length < exact.stdout.length, 'near mode removed near copies');
  for (const args of [['--report', 'json'], []]) {
    for (const input of args.length === 0 ? (['file'] as const) : (['file', 'stdin'] as const)) {
      const outs = [];
      for (const threads of THREADS) {
        const where = input === 'file' ? [tree.path('in.txt')] : [];
        const r = await runBin(['--near', ...args, '--threads', threads, ...EVERY_BATCH, ...where], {
          input: input === 'stdin' ? text : undefined,
        });
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        outs.push(r);
      }
      for (const r of outs.slice(1)) {
        assert.equal(r.code, outs[0].code, r.stderr);
        assert.deepEqual(r.stdout, outs[0].stdout, `${input} ${args.join(' ')}`);
      }
      if (args.length === 0) assert.deepEqual(outs[0].stdout, plain.stdout);
    }
  }
});

test('near mode with an index: the same output for 1, 2 and 4 threads, a first run and a second', async () => {
  const text = corpus();
  const cut = text.indexOf('\n', text.length >> 1) + 1;
  const files: Record<string, string> = {};
  for (const threads of THREADS) {
    files[`t${threads}/one.txt`] = text.slice(0, cut);
    files[`t${threads}/two.txt`] = text.slice(cut);
  }
  const tree = newTree(files);
  const results: string[][] = [];
  for (const threads of THREADS) {
    // Each thread count in a folder of its own: the reports name it and the index's commit time.
    const cwd = tree.path(`t${threads}`);
    const args = ['--near', '--threads', threads, ...EVERY_BATCH, '--index', 'index.dedupe'];
    // The first run fills the index; the second matches against its near records.
    const first = await runBin([...args, 'one.txt'], { cwd });
    assert.ok(first.code === 0 || first.code === 1, first.stderr);
    const second = await runBin([...args, '--index-readonly', '--report', 'json', 'two.txt'], { cwd });
    assert.ok(second.code === 0 || second.code === 1, second.stderr);
    const alike = (out: Buffer): string =>
      out
        .toString('utf8')
        .replaceAll(cwd, 'DIR')
        .replace(/"committed":"[^"]*"/g, '"committed":"T"');
    results.push([alike(first.stdout), alike(second.stdout)]);
  }
  assert.ok(results[0][1].includes('"earlier'), 'the second run matched paragraphs the first one kept');
  for (const r of results.slice(1)) assert.deepEqual(r, results[0]);
});
