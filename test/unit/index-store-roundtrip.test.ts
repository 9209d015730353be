// The index store's main path: create, append frames, reopen and load; what the header records;
// refusals for a different key spec or hash, a file that is not an index, a missing index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { indexStats, lockPathFor, openIndex } from '../../src/index-store/index.js';
import { crc32, tableCrc32 } from '../../src/index-store/checksum.js';
import {
  HASH,
  READONLY,
  SPEC,
  fingerprints,
  hexList,
  loadAll,
  ok,
  sha256,
  tempDir,
  writer,
} from '../helpers/index-store-fixtures.js';

test('create, append, reopen: every fingerprint and input record comes back in order', async (t) => {
  const path = join(tempDir(t), 'corpus.idx');
  const first = ok(await openIndex(path, writer(101)));
  assert.equal(first.created, true);
  assert.equal(first.index.keys, 0);
  assert.deepEqual(loadAll(first.index), []);
  const a = fingerprints(1, 3),
    b = fingerprints(2, 0),
    c = fingerprints(3, 1000);
  await first.index.appendFrame(a, { path: 'day-001/a.txt', digest: 'aa11' });
  await first.index.appendFrame(b, { path: 'day-001/empty.txt', digest: 'bb22' });
  await first.index.appendFrame(c, { path: 'day-001/مقال.txt', digest: 'cc33' });
  assert.equal(first.index.keys, 1003);
  assert.deepEqual(loadAll(first.index), [...hexList(a), ...hexList(c)]);
  await first.index.close();
  assert.equal(existsSync(lockPathFor(path)), false, 'close releases the lock');

  for (const options of [writer(102), READONLY] as const) {
    const again = ok(await openIndex(path, options as Parameters<typeof openIndex>[1] & { mode: 'write' }));
    assert.equal(again.created, false);
    assert.deepEqual(again.warnings, []);
    assert.equal(again.index.keys, 1003);
    assert.equal(again.index.frames, 3);
    assert.deepEqual(loadAll(again.index), [...hexList(a), ...hexList(c)]);
    assert.deepEqual(
      [...again.index.committedInputs()],
      [
        ['day-001/a.txt', 'aa11'],
        ['day-001/empty.txt', 'bb22'],
        ['day-001/مقال.txt', 'cc33'],
      ],
    );
    await again.index.close();
  }
});

test('a frame larger than the read chunk is handed out whole, in pieces of whole fingerprints', async (t) => {
  const path = join(tempDir(t), 'big.idx');
  const opened = ok(await openIndex(path, writer(1)));
  const small = fingerprints(7, 5),
    big = fingerprints(8, 50_000),
    tail = fingerprints(9, 17);
  await opened.index.appendFrame(small, { path: 's', digest: '1' });
  await opened.index.appendFrame(big, { path: 'b', digest: '2' });
  await opened.index.appendFrame(tail, { path: 't', digest: '3' });
  await opened.index.close();
  const expected = [...hexList(small), ...hexList(big), ...hexList(tail)];
  for (const readChunkBytes of [1, 128 << 10, 200_016, 8 << 20]) {
    const again = ok(await openIndex(path, { ...READONLY, readChunkBytes }));
    let batches = 0;
    again.index.forEachFingerprintBatch(() => {
      batches++;
    });
    assert.deepEqual(loadAll(again.index), expected, `chunk ${readChunkBytes}`);
    if (readChunkBytes <= 200_016) assert.ok(batches > 3, `the big frame came in pieces (${batches} batches)`);
    await again.index.close();
  }
});

test('stats: key spec, hash, counts, sizes, created and updated times', async (t) => {
  const path = join(tempDir(t), 'stats.idx');
  let now = Date.UTC(2025, 0, 2, 3, 4, 5);
  const opened = ok(
    await openIndex(
      path,
      writer(5, () => true, { clock: () => now }),
    ),
  );
  now += 60_000;
  await opened.index.appendFrame(fingerprints(1, 10), { path: 'x.txt', digest: 'd1' });
  now += 60_000;
  await opened.index.appendFrame(fingerprints(2, 20), { path: 'x.txt', digest: 'd2' });
  await opened.index.close();
  const stats = ok(await indexStats(path)).stats;
  assert.equal(stats.keySpec, SPEC);
  assert.deepEqual(stats.hash, HASH);
  assert.equal(stats.formatVersion, 1);
  assert.equal(stats.keys, 30);
  assert.equal(stats.frames, 2);
  assert.equal(stats.inputs, 1, 'the same path committed twice is one input');
  assert.equal(stats.sizeBytes, statSync(path).size);
  assert.equal(stats.validBytes, stats.sizeBytes);
  assert.equal(stats.created.getTime(), Date.UTC(2025, 0, 2, 3, 4, 5));
  assert.equal(stats.updated.getTime(), Date.UTC(2025, 0, 2, 3, 6, 5));
  // 16 bytes a key plus a small per-frame overhead.
  assert.ok(stats.sizeBytes < 30 * 16 + 2 * 96 + 128, `${stats.sizeBytes} bytes`);
  const reopened = ok(await openIndex(path, READONLY));
  assert.deepEqual([...reopened.index.committedInputs()], [['x.txt', 'd2']], 'the latest commit of a path wins');
  await reopened.index.close();
});

test('an index built with another key spec is refused, naming both specs, and left untouched', async (t) => {
  const path = join(tempDir(t), 'spec.idx');
  const opened = ok(await openIndex(path, writer(1)));
  await opened.index.appendFrame(fingerprints(1, 4), { path: 'a', digest: 'a' });
  await opened.index.close();
  const before = sha256(path);
  const other = { keySpec: 'aggressive/1', hash: HASH };
  for (const options of [{ mode: 'readonly', expect: other } as const, { ...writer(2), expect: other }]) {
    const refused = await openIndex(path, options as Parameters<typeof openIndex>[1] & { mode: 'write' });
    assert.equal(refused.kind, 'error');
    assert.ok(refused.kind === 'error' && refused.reason === 'key-spec-mismatch');
    assert.match(refused.message, /'standard\/1'/);
    assert.match(refused.message, /'aggressive\/1'/);
    assert.match(refused.message, /rebuild/);
  }
  assert.equal(sha256(path), before);
  assert.equal(existsSync(lockPathFor(path)), false, 'a refused writer does not keep the lock');
});

test('an index made with another hash or seed is refused', async (t) => {
  const path = join(tempDir(t), 'hash.idx');
  await ok(await openIndex(path, writer(1))).index.close();
  const refused = await openIndex(path, {
    mode: 'readonly',
    expect: { keySpec: SPEC, hash: { ...HASH, seeds: [0n, 1n] } },
  });
  assert.equal(refused.kind === 'error' && refused.reason, 'hash-mismatch');
  assert.match((refused as { message: string }).message, /0x9e3779b97f4a7c15/);
});

test('not an index, missing index, and a bad append are clear refusals', async (t) => {
  const dir = tempDir(t);
  const text = join(dir, 'notes.txt');
  writeFileSync(text, 'hello world, this is not an index at all\n');
  const refused = await openIndex(text, writer(1));
  assert.equal(refused.kind === 'error' && refused.reason, 'not-an-index');
  assert.equal(readFileSync(text, 'utf8'), 'hello world, this is not an index at all\n');
  const missing = await openIndex(join(dir, 'nope.idx'), READONLY);
  assert.equal(missing.kind === 'error' && missing.reason, 'missing');
  assert.equal(existsSync(join(dir, 'nope.idx')), false, 'readonly never creates');

  const nowhere = await openIndex(join(dir, 'no-such-folder', 'x.idx'), writer(1));
  assert.equal(nowhere.kind === 'error' && nowhere.reason, 'io', 'a missing folder is a refusal, not a throw');
  assert.match((nowhere as { message: string }).message, /no-such-folder/);

  const opened = ok(await openIndex(join(dir, 'x.idx'), writer(1)));
  await assert.rejects(opened.index.appendFrame(new Uint32Array(5), { path: 'p', digest: 'd' }), /4 words each/);
  await opened.index.appendFrame(fingerprints(1, 2), { path: 'p', digest: 'd' });
  assert.equal(opened.index.keys, 2, 'a refused append leaves the index usable');
  await opened.index.close();
  await assert.rejects(opened.index.appendFrame(fingerprints(1, 2), { path: 'p', digest: 'd' }), /closed/);
});

test('the fallback CRC-32 agrees with zlib', () => {
  const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 37) & 0xff));
  assert.equal(tableCrc32(data), zlibCrc32(data) >>> 0);
  assert.equal(tableCrc32(data.subarray(500), tableCrc32(data.subarray(0, 500))), zlibCrc32(data) >>> 0);
  assert.equal(tableCrc32(Buffer.from('123456789')), 0xcbf43926);
  // A frame with no new keys has an empty body over an empty ArrayBuffer: it must not reset the CRC.
  assert.equal(crc32(new Uint8Array(new Uint32Array(0).buffer), 0x1234), 0x1234);
});
