// CI's tiny version of `npm run bench`: correctness only, no timing. Generates small corpora with
// the benchmark's own generator into a temp folder and checks that the real bin/dedupe.js keeps
// exactly the generator's expected number of units, for the default key and for --key exact.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  benchTempDir,
  DEFAULT_SPEC,
  generateCorpus,
  manyFileNames,
  type CorpusSpec,
} from '../../bench/generate-corpus.js';
import { countUnits } from '../../bench/count-units.js';

const BIN = fileURLToPath(new URL('../../../bin/dedupe.js', import.meta.url));
const dir = benchTempDir('dedupe-bench-smoke-');
after(() => rmSync(dir, { recursive: true, force: true }));

function kept(args: string[], unit: 'line' | 'paragraph', cwd?: string): number {
  const out = join(dir, 'out.txt');
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'buffer', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr.toString());
  writeFileSync(out, run.stdout);
  const counts = countUnits(out);
  return unit === 'paragraph' ? counts.paragraphs : counts.lines;
}

const spec = (over: Partial<CorpusSpec> & Pick<CorpusSpec, 'kind'>): CorpusSpec => ({
  ...DEFAULT_SPEC,
  seed: 7,
  ...over,
});

test('lines: dedupe keeps the expected distinct count, default key and exact', () => {
  const m = generateCorpus(spec({ kind: 'lines', bytes: 200 * 1024 }), join(dir, 'lines'));
  assert.ok(m.expected.standard < m.expected.exact, 'the corpus must contain spelling variants');
  assert.ok(m.expected.exact < m.units, 'the corpus must contain exact repeats');
  assert.equal(kept([m.oneFile], 'line'), m.expected.standard);
  assert.equal(kept(['--key', 'exact', m.oneFile], 'line'), m.expected.exact);
});

test('paragraphs: the same in --unit paragraph', () => {
  const m = generateCorpus(spec({ kind: 'paragraphs', bytes: 100 * 1024 }), join(dir, 'paragraphs'));
  assert.ok(m.expected.standard < m.expected.exact);
  assert.equal(kept(['--unit', 'paragraph', m.oneFile], 'paragraph'), m.expected.standard);
  assert.equal(kept(['--unit', 'paragraph', '--key', 'exact', m.oneFile], 'paragraph'), m.expected.exact);
});

test('many files: global scope across files equals the one-file expectation', () => {
  const m = generateCorpus(spec({ kind: 'many', files: 20, fileBytes: 5 * 1024 }), join(dir, 'many'));
  assert.equal(kept(manyFileNames(m.fileCount), 'line', m.manyDir), m.expected.standard);
});

test('the generator is deterministic for a seed', () => {
  const digest = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
  const a = generateCorpus(spec({ kind: 'lines', bytes: 64 * 1024 }), join(dir, 'det-a'));
  const b = generateCorpus(spec({ kind: 'lines', bytes: 64 * 1024 }), join(dir, 'det-b'));
  const c = generateCorpus(spec({ kind: 'lines', bytes: 64 * 1024, seed: 8 }), join(dir, 'det-c'));
  assert.equal(digest(a.oneFile), digest(b.oneFile));
  assert.notEqual(digest(a.oneFile), digest(c.oneFile));
  assert.deepEqual(a.expected, b.expected);
});

test('near: --near removes exactly the near copies, the same on every run; the memory child reports', () => {
  // More near copies than the benchmark's share, so that 200 KiB holds a few dozen of each edit.
  const m = generateCorpus(spec({ kind: 'lines', bytes: 200 * 1024, nearShare: 0.1 }), join(dir, 'near'));
  assert.ok(m.nearCopies >= 20, `${m.nearCopies} near copies`);
  assert.equal(m.expected.near, m.expected.standard - m.nearCopies);
  assert.equal(kept([m.oneFile], 'line'), m.expected.standard, 'a near copy is a distinct line to the default');
  const once = spawnSync(process.execPath, [BIN, '--near', m.oneFile], { encoding: 'buffer', maxBuffer: 64 << 20 });
  const twice = spawnSync(process.execPath, [BIN, '--near', m.oneFile], { encoding: 'buffer', maxBuffer: 64 << 20 });
  assert.equal(once.status, 0, once.stderr.toString());
  assert.ok(once.stdout.equals(twice.stdout), 'deterministic');
  assert.equal(kept(['--near', m.oneFile], 'line'), m.expected.near);
  const child = fileURLToPath(new URL('../../bench/near-memory.js', import.meta.url));
  const r = spawnSync(process.execPath, [child, '3000', '1'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const figures = JSON.parse(r.stdout) as { kept: number; indexBytesPerKept: number };
  assert.equal(figures.kept, 3000, 'distinct generated paragraphs are all kept');
  assert.ok(
    figures.indexBytesPerKept > 100 && figures.indexBytesPerKept < 2000,
    `${figures.indexBytesPerKept} B per kept paragraph`,
  );
});
