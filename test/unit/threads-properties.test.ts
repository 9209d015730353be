// Thread-count independence: on random corpora (repeats, spelling variants, blank runs, CRLF, a
// BOM, stray bytes, several files), every unit kind, scope, key and keep policy gives the same
// bytes and exit code with 1, 2 and 4 threads. A tiny window and --threads-after 0 make every
// source cross to the workers after its first window, in many small batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runInProcess, treeFactory } from '../helpers/cli.js';
import { createThreadedStage } from '../../src/threads/threaded-stage.js';
import type { FingerprintPool } from '../../src/threads/fingerprint-pool.js';
import type { SplitEvents } from '../../src/split/split-units.js';

const newTree = treeFactory();

const WORDS = ['قال', 'قَال', 'الرئيس', 'الرئيـس', 'إن', 'ان', 'hello', 'Hello', 'ناجح', '١٢', '12'];
const line = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 5 }),
    fc.constantFrom(' ', '  '),
    fc.constantFrom('\n', '\r\n', '\n\n', '\n  \n'),
  )
  .map(([words, gap, end]) => words.join(gap) + end);
const file = fc
  .tuple(fc.boolean(), fc.array(line, { minLength: 0, maxLength: 40 }), fc.boolean())
  .map(([bom, lines, stray]) => {
    const text = Buffer.from(lines.join(''));
    const parts = [bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), text];
    if (stray) parts.push(Buffer.from([0xff, 0x41, 0x0a]), text.subarray(0, text.length >> 1));
    return Buffer.concat(parts);
  });

const combos = fc.record({
  unit: fc.constantFrom('line', 'paragraph'),
  scope: fc.constantFrom('global', 'file'),
  key: fc.constantFrom('standard', 'exact', 'aggressive'),
  keep: fc.constantFrom('first', 'last', 'none'),
  buffer: fc.constantFrom('16', '64', '4096'),
});

test('the same bytes for 1, 2 and 4 threads: every unit kind, scope, key and keep policy', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 3 }), combos, async (files, c) => {
      const tree = newTree(Object.fromEntries(files.map((bytes, k) => [`f${k}.txt`, bytes])));
      const paths = files.map((_, k) => tree.path(`f${k}.txt`));
      const args = ['--unit', c.unit, '--scope', c.scope, '--key', c.key, '--keep', c.keep, '--buffer-size', c.buffer];
      const results = [];
      for (const threads of ['1', '2', '4'])
        results.push(await runInProcess([...args, '--threads', threads, '--threads-after', '0', ...paths]));
      for (const r of results.slice(1)) {
        assert.equal(r.code, results[0].code, r.stderr);
        assert.deepEqual(r.stdout, results[0].stdout);
      }
    }),
    { numRuns: 15 },
  );
});

// A pool whose one worker has gone: every batch handed to it is refused.
const broken: FingerprintPool = {
  workers: 1,
  run: () => Promise.reject(new Error('worker gone')),
  close: async () => {},
};

test('a pool whose workers fail: the stage fingerprints on this thread, same verdicts', async () => {
  const seen: string[] = [];
  const judged: boolean[] = [];
  const next: SplitEvents = {
    bom() {},
    blank() {},
    unit(buf, start, end) {
      seen.push(Buffer.from(buf.subarray(start, end)).toString());
    },
    window() {},
  };
  const stage = createThreadedStage(
    next,
    {
      prepared(compares) {
        judged.push(compares);
      },
      fingerprintOf(_src, start, end, out) {
        out.fill(end - start);
        return end > start;
      },
    },
    () => broken,
    0,
  );
  const buf = Buffer.from('ab\n\ncd\n');
  await stage.window(buf); // crosses to threads
  stage.unit(buf, 0, 3, buf, 0, 2, 1, 1, 0);
  stage.unit(buf, 3, 4, buf, 3, 3, 2, 2, 3);
  stage.unit(buf, 4, 7, buf, 4, 6, 3, 3, 4);
  await stage.window(buf);
  buf.fill(0); // the splitter moves on: the stage routes its own copy
  await stage.flush();
  assert.deepEqual(seen, ['ab\n', '\n', 'cd\n']);
  assert.deepEqual(judged, [true, false, true]);
});

test('near mode, workers failing: the stage hands nothing over and the judge works it all out here', async () => {
  const seen: string[] = [];
  let prepared = 0;
  const next: SplitEvents = {
    bom() {},
    blank() {},
    unit(buf, start, end) {
      seen.push(Buffer.from(buf.subarray(start, end)).toString());
    },
    window() {},
  };
  const judge = {
    nearSigning: { length: 60, minChars: 80 },
    prepared() {
      prepared++;
    },
    fingerprintOf(): boolean {
      throw new Error('a near batch is not fingerprinted apart from its signatures');
    },
  };
  const stage = createThreadedStage(next, judge, () => broken, 0);
  const buf = Buffer.from('ab\ncd\n');
  await stage.window(buf); // crosses to threads
  stage.unit(buf, 0, 3, buf, 0, 2, 1, 1, 0);
  stage.unit(buf, 3, 6, buf, 3, 5, 2, 2, 3);
  await stage.window(buf);
  await stage.flush();
  assert.deepEqual(seen, ['ab\n', 'cd\n']);
  assert.equal(prepared, 0);
});
