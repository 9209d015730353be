// The seen-set in isolation: claim() semantics, growth far past its first capacity, fingerprints
// that collide in their low bits, and the all-zero fingerprint that an empty slot looks like.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSeenTable } from '../../src/seen/seen-table.js';
import { createFingerprinter } from '../../src/hash/fingerprint.js';

const fp = (a: number, b: number, c: number, d: number): Uint32Array => new Uint32Array([a, b, c, d]);

test('claim is true the first time and false after, for every fingerprint', () => {
  const seen = createSeenTable(4);
  const n = 100_000;
  for (let i = 0; i < n; i++) assert.equal(seen.claim(fp(i * 2654435761, i, ~i, i ^ 0x5bd1e995)), true);
  for (let i = 0; i < n; i++) assert.equal(seen.claim(fp(i * 2654435761, i, ~i, i ^ 0x5bd1e995)), false);
  assert.equal(seen.size, n);
  // Grown by doubling, at most 0.75 full: 16 bytes a slot, so at most 16 / 0.375 bytes a unit.
  assert.ok(seen.bytes <= (n * 16) / 0.375 + 16 * 4, `table holds ${seen.bytes} bytes for ${n} units`);
});

test('fingerprints equal in all but one word are distinct units', () => {
  const seen = createSeenTable();
  for (let w = 0; w < 4; w++) {
    const words = [7, 7, 7, 7];
    words[w] = 8;
    assert.equal(seen.claim(fp(words[0], words[1], words[2], words[3])), true, `word ${w}`);
  }
  assert.equal(seen.claim(fp(7, 7, 7, 7)), true);
  assert.equal(seen.claim(fp(7, 7, 7, 7)), false);
});

test('the all-zero fingerprint (the empty-slot marker) is always new: it can only let a repeat through', () => {
  const seen = createSeenTable();
  assert.equal(seen.claim(fp(0, 0, 0, 0)), true);
  assert.equal(seen.claim(fp(0, 0, 0, 0)), true);
  assert.equal(seen.claim(fp(0, 0, 0, 1)), true);
  assert.equal(seen.claim(fp(0, 0, 0, 1)), false);
  assert.equal(seen.size, 1);
});

test("upsert keeps each entry's values through growth", () => {
  const seen = createSeenTable(4, 2);
  const n = 20_000;
  for (let i = 1; i <= n; i++) {
    const e = seen.upsert(fp(i, i * 7, i * 13, 1));
    assert.equal(seen.wasNew, true);
    seen.values[e * 2] = i;
    seen.values[e * 2 + 1] = n - i;
  }
  for (let i = 1; i <= n; i++) {
    const e = seen.upsert(fp(i, i * 7, i * 13, 1));
    assert.equal(seen.wasNew, false);
    assert.equal(seen.values[e * 2], i);
    assert.equal(seen.values[e * 2 + 1], n - i);
    assert.equal(seen.find(fp(i, i * 7, i * 13, 1)), e);
  }
  assert.equal(seen.find(fp(n + 1, 0, 0, 1)), -1);
  const z = seen.upsert(fp(0, 0, 0, 0));
  assert.equal(seen.wasNew, true);
  assert.deepEqual([seen.values[z * 2], seen.values[z * 2 + 1]], [0, 0]);
});

test('many fingerprints landing on one bucket are all kept apart', () => {
  const seen = createSeenTable(16);
  for (let i = 1; i <= 5000; i++) assert.equal(seen.claim(fp(0, i, 0, i)), true);
  for (let i = 1; i <= 5000; i++) assert.equal(seen.claim(fp(0, i, 0, i)), false);
});

test('fingerprints: 128 bits, deterministic, sensitive to every byte and to length', async () => {
  const f = await createFingerprinter();
  const out1 = new Uint32Array(4);
  const out2 = new Uint32Array(4);
  const bytes = Buffer.from('مرحبا بالعالم');
  f.fingerprint(bytes, bytes.length, out1);
  f.fingerprint(Buffer.from(bytes), bytes.length, out2);
  assert.deepEqual(out1, out2);
  assert.notDeepEqual([out1[0], out1[1]], [out1[2], out1[3]], 'the two halves use different seeds');
  f.fingerprint(bytes, bytes.length - 1, out2);
  assert.notDeepEqual(out1, out2);
  const flipped = Buffer.from(bytes);
  flipped[3] ^= 1;
  f.fingerprint(flipped, flipped.length, out2);
  assert.notDeepEqual(out1, out2);
});
