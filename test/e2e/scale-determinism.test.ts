// Scale-out determinism: the phases' --out-dir tree is byte-identical to the one-process
// `dedupe corpus/ --out-dir` run, whatever the partition (tasks, shards) and the workers: one
// worker, four processes started from node, four GNU parallel jobs. Cross-file repeats, Arabic
// spelling variants (alef forms, tatweel, harakat), BOM, CRLF, empty keys, --scope file, paragraphs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess, treeFactory } from '../helpers/cli.js';
import { generateCorpus, gnuParallelMissing, ok, readTreeBytes, runPhases, type Driver } from '../helpers/scale.js';

const tree = treeFactory();
const FINE = ['--files-per-task', '3', '--shards', '3', '--quiet'];

async function plainRun(
  options: string[],
  paragraphs = false,
): Promise<{ dir: ReturnType<typeof tree>; corpus: string; expected: Record<string, Buffer> }> {
  const dir = tree(generateCorpus({ files: 8, units: 50, pool: paragraphs ? 6 : 30, seed: 7, paragraphs }));
  const corpus = join(dir.dir, 'corpus');
  const plain = await runInProcess([corpus, '--out-dir', dir.path('plain'), '--quiet', ...options]);
  assert.equal(plain.code, 0, plain.stderr);
  const expected = readTreeBytes(dir.path('plain'));
  assert.equal(Object.keys(expected).length, 8);
  // Something was removed, or the comparison would prove little.
  const inputBytes = Object.values(readTreeBytes(corpus)).reduce((n, b) => n + b.length, 0);
  const outputBytes = Object.values(expected).reduce((n, b) => n + b.length, 0);
  assert.ok(outputBytes < inputBytes * 0.85, `only ${inputBytes - outputBytes} of ${inputBytes} bytes removed`);
  return { dir, corpus, expected };
}

const manifestOf = (work: string): { planId: string } =>
  JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as { planId: string };

test('phases = one process: 1 worker, 4 node workers, GNU parallel -j4, and another partition, byte for byte', async (t) => {
  const { dir, corpus, expected } = await plainRun([]);
  const runs: [string, Driver, string[]][] = [
    ['one', 'one-worker', FINE],
    ['coarse', 'one-worker', ['--quiet']], // the defaults: one task, one shard
    ['node4', 'node-4', FINE],
  ];
  const missing = gnuParallelMissing();
  if (missing) t.diagnostic(`GNU parallel variant skipped: ${missing}; the node-driven 4-process variant still ran`);
  else runs.push(['gnu4', 'gnu-parallel-4', FINE]);
  for (const [name, driver, planOptions] of runs) {
    await ok(['plan', corpus, '--work', dir.path(`work-${name}`), ...planOptions]);
    await runPhases(dir.path(`work-${name}`), dir.path(`out-${name}`), driver);
    assert.deepEqual(readTreeBytes(dir.path(`out-${name}`)), expected, `${driver} (${name})`);
  }
  // The plan is a pure function of inputs and options, and so are the intermediates.
  assert.equal(manifestOf(dir.path('work-one')).planId, manifestOf(dir.path('work-node4')).planId);
  assert.notEqual(manifestOf(dir.path('work-one')).planId, manifestOf(dir.path('work-coarse')).planId);
  assert.deepEqual(readTreeBytes(dir.path('work-one/reduce')), readTreeBytes(dir.path('work-node4/reduce')));
  assert.deepEqual(readTreeBytes(dir.path('work-one/map')), readTreeBytes(dir.path('work-node4/map')));
});

for (const c of [
  { name: '--scope file', options: ['--scope', 'file'] },
  { name: 'paragraphs, --min-words 2', options: ['--unit', 'paragraph', '--min-words', '2'], paragraphs: true },
]) {
  test(`phases = one process with ${c.name}, 4 concurrent workers`, async () => {
    const { dir, corpus, expected } = await plainRun(c.options, c.paragraphs);
    await ok([
      'plan',
      corpus,
      '--work',
      dir.path('work'),
      '--files-per-task',
      '4',
      '--shards',
      '2',
      '--quiet',
      ...c.options,
    ]);
    await runPhases(dir.path('work'), dir.path('out'), gnuParallelMissing() ? 'node-4' : 'gnu-parallel-4');
    assert.deepEqual(readTreeBytes(dir.path('out')), expected);
  });
}

test('GNU parallel is installed for the determinism test (else this says why it was skipped)', (t) => {
  const missing = gnuParallelMissing();
  if (missing) t.skip(missing);
  else assert.equal(missing, undefined);
});
