// Merging indexes: the output holds the union of the inputs' fingerprints once each and all their
// input records; mismatched key specs are refused; the output appears atomically and an existing
// unrelated file is not replaced unless asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { indexStats, lockPathFor, mergeIndexes, openIndex, type HashSpec } from '../../src/index-store/index.js';
import {
  HASH,
  READONLY,
  fingerprints,
  hexList,
  listing,
  loadAll,
  ok,
  sha256,
  tempDir,
  writer,
} from '../helpers/index-store-fixtures.js';

const owner = { pid: 77, isAlive: () => true };

async function build(
  path: string,
  frames: [string, Uint32Array][],
  keySpec = 'standard/1',
  hash: HashSpec = HASH,
): Promise<void> {
  const opened = ok(await openIndex(path, { ...writer(1), expect: { keySpec, hash } }));
  for (const [input, fps] of frames) await opened.index.appendFrame(fps, { path: input, digest: `sha-${input}` });
  await opened.index.close();
}

function concat(...parts: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

test('merge holds the union of the fingerprints once each, and every input record', async (t) => {
  const dir = tempDir(t);
  const onlyA = fingerprints(1, 500),
    onlyB = fingerprints(2, 700),
    shared = fingerprints(3, 300);
  const a = join(dir, 'a.idx'),
    b = join(dir, 'b.idx'),
    out = join(dir, 'all.idx');
  await build(a, [
    ['day1/x', concat(onlyA, shared.subarray(0, 600))],
    ['day1/y', shared.subarray(600)],
  ]);
  await build(b, [
    ['day2/z', concat(shared, onlyB)],
    ['day2/empty', new Uint32Array(0)],
  ]);
  const a0 = sha256(a),
    b0 = sha256(b);

  const merged = ok(await mergeIndexes([a, b], out, owner));
  assert.equal(merged.summary.keysIn, 500 + 300 + 300 + 700);
  assert.equal(merged.summary.keysOut, 1500);
  assert.equal(merged.summary.frames, 4);
  assert.equal(sha256(a), a0, 'inputs are only read');
  assert.equal(sha256(b), b0);

  const opened = ok(await openIndex(out, READONLY));
  const loaded = loadAll(opened.index);
  assert.equal(new Set(loaded).size, loaded.length, 'no fingerprint twice');
  assert.deepEqual(new Set(loaded), new Set([...hexList(onlyA), ...hexList(onlyB), ...hexList(shared)]));
  assert.deepEqual(
    [...opened.index.committedInputs()],
    [
      ['day1/x', 'sha-day1/x'],
      ['day1/y', 'sha-day1/y'],
      ['day2/z', 'sha-day2/z'],
      ['day2/empty', 'sha-day2/empty'],
    ],
  );
  await opened.index.close();
  assert.equal(ok(await indexStats(out)).stats.keys, 1500);
  assert.deepEqual(listing(dir), ['a.idx', 'all.idx', 'b.idx'], 'no temporary or lock files left');
});

test('merging into one of the inputs replaces it atomically with the union', async (t) => {
  const dir = tempDir(t);
  const a = join(dir, 'a.idx'),
    b = join(dir, 'b.idx');
  await build(a, [['1', fingerprints(1, 10)]]);
  await build(b, [
    ['2', fingerprints(2, 10)],
    ['3', fingerprints(1, 10)],
  ]);
  ok(await mergeIndexes([a, b], a, owner));
  const opened = ok(await openIndex(a, READONLY));
  assert.equal(opened.index.keys, 20);
  assert.equal(opened.index.frames, 3);
  await opened.index.close();
});

test('merge refuses different key specs (naming both), a foreign output, and a locked output', async (t) => {
  const dir = tempDir(t);
  const a = join(dir, 'a.idx'),
    c = join(dir, 'c.idx'),
    out = join(dir, 'out.idx');
  await build(a, [['1', fingerprints(1, 10)]]);
  await build(c, [['2', fingerprints(2, 10)]], 'aggressive/1');
  const spec = await mergeIndexes([a, c], out, owner);
  assert.equal(spec.kind === 'error' && spec.reason, 'key-spec-mismatch');
  assert.match((spec as { message: string }).message, /'standard\/1'.*'aggressive\/1'/);
  assert.equal(existsSync(out), false);

  writeFileSync(out, 'precious');
  const exists = await mergeIndexes([a], out, owner);
  assert.equal(exists.kind === 'error' && exists.reason, 'exists');
  assert.equal(readFileSync(out, 'utf8'), 'precious');
  ok(await mergeIndexes([a], out, { ...owner, replace: true }));
  assert.equal(ok(await indexStats(out)).stats.keys, 10);

  const holder = ok(await openIndex(out, writer(5)));
  const locked = await mergeIndexes([a], out, { ...owner, replace: true });
  assert.equal(locked.kind === 'error' && locked.reason, 'locked');
  await holder.index.close();
  assert.equal(existsSync(lockPathFor(out)), false);
});

test("merged output equals an index built from both inputs' frames in one run, key for key", async (t) => {
  const dir = tempDir(t);
  const days = [fingerprints(10, 1000), fingerprints(11, 1000)];
  const a = join(dir, 'a.idx'),
    b = join(dir, 'b.idx'),
    both = join(dir, 'both.idx'),
    out = join(dir, 'out.idx');
  await build(a, [['d1', days[0]]]);
  await build(b, [['d2', concat(days[0].subarray(0, 2000), days[1])]]);
  // What one run over day 1 then day 2 would append: day 2 only adds the keys day 1 did not have.
  await build(both, [
    ['d1', days[0]],
    ['d2', days[1]],
  ]);
  ok(await mergeIndexes([a, b], out, owner));
  const x = ok(await openIndex(out, READONLY)),
    y = ok(await openIndex(both, READONLY));
  assert.deepEqual(loadAll(x.index), loadAll(y.index));
  assert.deepEqual(x.index.committedInputs(), y.index.committedInputs());
  await x.index.close();
  await y.index.close();
});
