// The near frame in-process: records written and read back (signature, key hash, line, key and
// where its compressed bytes are), a near frame whose exact frame never arrived is a torn tail
// (readers leave it out, a writer cuts it), and the key codec's round trip on mixed scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { createNearRecordWriter, forEachNearRecord, openIndex } from '../../src/index-store/index.js';
import { READONLY, fingerprints, ok, tempDir, writer } from '../helpers/index-store-fixtures.js';
import { createKeyCodec, shippedKeyCodec, transcodeKey, untranscodeKey } from '../../src/near/key-codec.js';

const enc = new TextEncoder();
const SIG = 8;

async function writeTwo(path: string): Promise<number> {
  const w = ok(await openIndex(path, writer(process.pid))).index;
  const records = createNearRecordWriter();
  const codec = shippedKeyCodec();
  for (const [i, text] of ['أعلنت الوزارة عن نتائج أعمال اللجنة', 'second key, in Latin letters'].entries()) {
    const key = enc.encode(text);
    records.add(new Uint8Array(SIG).fill(i + 1), 0xdeadbeef + i, 10 + i, key.length, codec.compress(key));
  }
  await w.appendFrame(
    fingerprints(1, 3),
    { path: '/a.txt', digest: 'a' },
    { spec: 'test', signatureBytes: SIG, ...records.take() },
  );
  const before = statSync(path).size;
  records.add(new Uint8Array(SIG).fill(9), 7, 3, 4, codec.compress(enc.encode('abcd')));
  await w.appendFrame(
    fingerprints(2, 2),
    { path: '/b.txt', digest: 'b' },
    { spec: 'test', signatureBytes: SIG, ...records.take() },
  );
  await w.close();
  return before;
}

test('near records come back: fields in order, and each compressed key where its offset says', async (t) => {
  const path = join(tempDir(t), 'n.idx');
  await writeTwo(path);
  const r = ok(await openIndex(path, READONLY)).index;
  const frames = r.nearFrames();
  assert.deepEqual(
    frames.map((f) => [f.path, f.records, f.spec, f.signatureBytes]),
    [
      ['/a.txt', 2, 'test', SIG],
      ['/b.txt', 1, 'test', SIG],
    ],
  );
  const f = frames[0];
  const fixed = new Uint8Array(f.fixedBytes);
  r.readBytes(fixed, f.fixedBytes, f.bodyAt);
  const seen: [number, number, number][] = [];
  const texts: string[] = [];
  forEachNearRecord(fixed, SIG, (rec) => {
    seen.push([fixed[rec.signatureAt], rec.keyHash, rec.line]);
    const raw = new Uint8Array(rec.keyBytes * 2 + 64);
    const got = r.readBytes(raw, raw.length, f.bodyAt + f.fixedBytes + rec.keyAt);
    const packed = raw[0]; // under 128 bytes here: a one-byte varint
    assert.ok(got > packed);
    texts.push(new TextDecoder().decode(shippedKeyCodec().decompress(raw.subarray(1, 1 + packed))));
  });
  assert.deepEqual(seen, [
    [1, 0xdeadbeef, 10],
    [2, 0xdeadbef0, 11],
  ]);
  assert.deepEqual(texts, ['أعلنت الوزارة عن نتائج أعمال اللجنة', 'second key, in Latin letters']);
  await r.close();
});

test('a near frame without the exact frame after it is a torn tail: left out, then cut by a writer', async (t) => {
  const path = join(tempDir(t), 'n.idx');
  const firstEnd = await writeTwo(path);
  const r0 = ok(await openIndex(path, READONLY)).index;
  const second = r0.nearFrames()[1];
  await r0.close();
  // Cut inside the second exact frame: its near frame is whole, its exact frame is not.
  truncateSync(path, second.offset + second.length + 40);
  const r = ok(await openIndex(path, READONLY));
  assert.equal(r.index.frames, 1);
  assert.equal(r.index.nearFrames().length, 1);
  assert.match(r.warnings.join('\n'), /incomplete last frame/);
  await r.index.close();
  const w = ok(await openIndex(path, writer(process.pid)));
  assert.equal(statSync(path).size, firstEnd, 'cut back to the end of the first committed pair');
  await w.index.close();
});

test('the key codec round-trips Arabic, other scripts and escapes, and the dictionary names itself', () => {
  const text = 'قال الوزير: «سنبدأ غدًا» — résumé 日本 😀 ٣٤٥ ۴';
  const bytes = enc.encode(text);
  assert.deepEqual(untranscodeKey(transcodeKey(bytes)), bytes);
  const arabic = enc.encode('الحكومة');
  assert.equal(transcodeKey(arabic).length, [...'الحكومة'].length, 'one byte per Arabic letter');
  const codec = shippedKeyCodec();
  assert.deepEqual(codec.decompress(codec.compress(bytes)), bytes);
  assert.match(codec.id, /^[0-9a-f]{16}$/);
  assert.notEqual(createKeyCodec(new Uint8Array([1, 2, 3])).id, codec.id);
});

test('records made with another near spec are left aside with a notice, never matched', async (t) => {
  const { createNearArchive } = await import('../../src/near/archive-candidates.js');
  const path = join(tempDir(t), 'n.idx');
  await writeTwo(path);
  const r = ok(await openIndex(path, READONLY)).index;
  const format = { forEach: forEachNearRecord, ...createNearRecordWriter() };
  const shape = { bands: 2, rows: 4, length: SIG };
  const same = createNearArchive(r, 'test', shape, format, { writes: false });
  assert.equal(same.size, 3);
  assert.deepEqual(same.notices, []);
  const other = createNearArchive(r, 'near/2 df=another', shape, format, { writes: true });
  assert.equal(other.size, 0);
  assert.match(
    other.notices.join('\n'),
    /left aside the near records of 2 earlier inputs.*\(test\).*\(near\/2 df=another\)/,
  );
  let loaded = 0;
  other.preload(() => loaded++);
  assert.equal(loaded, 0);
  await r.close();
});
